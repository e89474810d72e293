// Names as text: directory strings decoded by their declared type and re-encoded as UTF-8,
// addresses printed in RFC 5952 form, both read through DerReader so that no length is
// trusted.
#include "daemon/http/x509_names.h"

#include <array>
#include <cstdio>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace lanecast::http::detail {
namespace {

constexpr std::uint8_t kDnsNameTag = 0x82;    // GeneralName [2] IA5String
constexpr std::uint8_t kIpAddressTag = 0x87;  // GeneralName [7] OCTET STRING

constexpr std::array<std::uint8_t, 3> kCommonNameOid = {0x55, 0x04, 0x03};  // 2.5.4.3

Status invalid(std::string message) { return Status::invalid_input(std::move(message)); }

// ---- Strings and addresses ----------------------------------------------------------------

// Strict UTF-8: no overlong forms, no surrogates, nothing beyond U+10FFFF.
std::optional<std::u32string> utf8_code_points(Bytes bytes) {
  std::u32string out;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::uint8_t lead = bytes[i];
    // Continuation bytes (0x80-0xBF) and 0xF5-0xFF never start a character.
    if ((lead >= 0x80 && lead < 0xC0) || lead > 0xF4) return std::nullopt;
    const std::size_t extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    if (extra >= bytes.size() - i) return std::nullopt;
    char32_t c = extra == 0 ? lead : lead & (0x3Fu >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return std::nullopt;
      c = c << 6 | (bytes[i + k] & 0x3Fu);
    }
    static constexpr char32_t kSmallest[4] = {0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[extra]) return std::nullopt;
    out.push_back(c);
    i += extra + 1;
  }
  return out;
}

// Big-endian code units of `width` bytes: Latin-1 (T61 as openssl reads it), UCS-2, UCS-4.
std::optional<std::u32string> fixed_width_code_points(Bytes bytes, std::size_t width) {
  if (bytes.size() % width != 0) return std::nullopt;
  std::u32string out;
  for (std::size_t i = 0; i < bytes.size(); i += width) {
    char32_t c = 0;
    for (std::size_t k = 0; k < width; ++k) c = c << 8 | bytes[i + k];
    out.push_back(c);
  }
  return out;
}

std::optional<std::u32string> code_points(const Element& value) {
  switch (value.tag) {
    case kUtf8String: return utf8_code_points(value.content);
    case kTeletexString: return fixed_width_code_points(value.content, 1);
    case kBmpString: return fixed_width_code_points(value.content, 2);
    case kUniversalString: return fixed_width_code_points(value.content, 4);
    case kPrintableString:
    case kIa5String:
    case kVisibleString:
    case kNumericString: {
      auto ascii = fixed_width_code_points(value.content, 1);
      for (const char32_t c : *ascii)
        if (c >= 0x80) return std::nullopt;
      return ascii;
    }
    default: return std::nullopt;
  }
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
    return;
  }
  static constexpr char32_t kLeadMarks[4] = {0, 0xC0, 0xE0, 0xF0};
  const int extra = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
  out.push_back(static_cast<char>(kLeadMarks[extra] | c >> (6 * extra)));
  for (int k = extra - 1; k >= 0; --k)
    out.push_back(static_cast<char>(0x80 | (c >> (6 * k) & 0x3F)));
}

// A directory string as UTF-8. Control characters are refused rather than passed on: the name
// ends up in logs and on the staff page, where they could forge lines.
Result<std::string> directory_string(const Element& value, std::string_view what) {
  const std::string where = std::string(what) + at_byte(value.offset);
  const auto points = code_points(value);
  if (!points) {
    return invalid(where + " is not a well-formed string of a known type (tag " +
                   hex_byte(value.tag) + ")");
  }
  std::string out;
  for (const char32_t c : *points) {
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return invalid(where + " holds a control character");
    if ((c >= 0xD800 && c < 0xE000) || c > 0x10FFFF)
      return invalid(where + " holds an invalid code point");
    append_utf8(out, c);
  }
  return out;
}

std::string format_ipv4(Bytes b) {
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." +
         std::to_string(b[3]);
}

// RFC 5952: lowercase, no leading zeros, the first longest run of two or more zero groups
// as "::", and IPv4-mapped addresses with their IPv4 part dotted (section 5).
std::string format_ipv6(Bytes b) {
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i)
    groups[i] = static_cast<unsigned>(b[2 * i] << 8 | b[2 * i + 1]);
  std::size_t best_start = 8, best_length = 1;
  for (std::size_t i = 0; i < 8;) {
    std::size_t end = i;
    while (end < 8 && groups[end] == 0) ++end;
    if (end - i > best_length) best_start = i, best_length = end - i;
    i = end == i ? i + 1 : end;
  }
  if (best_start == 0 && best_length == 5 && groups[5] == 0xFFFF)
    return "::ffff:" + format_ipv4(b.subspan(12));
  std::string out;
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    char group[8];
    std::snprintf(group, sizeof group, "%x", groups[i]);
    if (!out.empty() && out.back() != ':') out += ':';
    out += group;
  }
  return out;
}

// ---- Names ------------------------------------------------------------------------------

// Looks at one AttributeTypeAndValue; sets `common_name` when it is a CN, so the last CN wins.
Status read_attribute(DerReader& attributes, std::string& common_name) {
  auto attribute = attributes.read(kSequence, "SEQUENCE AttributeTypeAndValue");
  if (!attribute.is_ok()) return attribute.status();
  DerReader fields(*attribute);
  auto type = fields.read(kObjectIdentifier, "OBJECT IDENTIFIER attribute type");
  if (!type.is_ok()) return type.status();
  auto value = fields.read("attribute value");
  if (!value.is_ok()) return value.status();
  if (Status end = fields.finish("attribute value"); !end.is_ok()) return end;
  if (!same_bytes(type->content, kCommonNameOid)) return Status::ok();
  auto text = directory_string(*value, "subject CN");
  if (!text.is_ok()) return text.status();
  common_name = std::move(text.value());
  return Status::ok();
}

Status read_general_name(const Element& name, CertificateInfo& info) {
  if (name.tag == kDnsNameTag) {
    for (const std::uint8_t c : name.content)
      if (c <= 0x20 || c >= 0x7F)
        return invalid("subjectAltName dNSName" + at_byte(name.offset) +
                       " holds a byte outside printable ASCII");
    info.dns_names.emplace_back(name.content.begin(), name.content.end());
  } else if (name.tag == kIpAddressTag) {
    if (name.content.size() == 4) {
      info.ip_addresses.push_back(format_ipv4(name.content));
    } else if (name.content.size() == 16) {
      info.ip_addresses.push_back(format_ipv6(name.content));
    } else {
      return invalid("subjectAltName iPAddress" + at_byte(name.offset) + " has " +
                     std::to_string(name.content.size()) + " bytes (wanted 4 or 16)");
    }
  }
  // Other forms (e-mail, URI, directoryName, ...) play no part in a TLS server's name.
  return Status::ok();
}

}  // namespace

// Name ::= SEQUENCE OF RelativeDistinguishedName, each a SET OF AttributeTypeAndValue.
Result<std::string> read_common_name(const Element& name) {
  std::string common_name;
  DerReader rdns(name);
  while (!rdns.at_end()) {
    auto rdn = rdns.read(kSet, "SET RelativeDistinguishedName");
    if (!rdn.is_ok()) return rdn.status();
    DerReader attributes(*rdn);
    if (attributes.at_end())
      return invalid("empty RelativeDistinguishedName" + at_byte(rdn->offset));
    while (!attributes.at_end()) {
      if (Status s = read_attribute(attributes, common_name); !s.is_ok()) return s;
    }
  }
  return common_name;
}

// extnValue of subjectAltName: an OCTET STRING wrapping GeneralNames ::= SEQUENCE OF GeneralName.
Status read_subject_alt_names(const Element& octets, CertificateInfo& info) {
  DerReader wrapper(octets);
  auto names = wrapper.read(kSequence, "SEQUENCE GeneralNames");
  if (!names.is_ok()) return names.status();
  if (Status end = wrapper.finish("GeneralNames"); !end.is_ok()) return end;
  DerReader reader(*names);
  while (!reader.at_end()) {
    auto name = reader.read("GeneralName");
    if (!name.is_ok()) return name.status();
    if (Status s = read_general_name(*name, info); !s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace lanecast::http::detail
