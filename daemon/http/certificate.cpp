// A PEM and DER reader that trusts nothing it reads: every element's length is checked
// against what is left of its parent before the element is touched, so a cut-short or lying
// file yields a message, never a read past the buffer. Calendar arithmetic is plain integer
// code (no timegm, no TZ, no locale), as in daemon/core/timestamp.cpp.
#include "daemon/http/certificate.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace lanecast::http {
namespace {

// A certificate chain or a key is a few kilobytes; anything this large is not one.
constexpr std::size_t kMaxPemBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxLabelLength = 64;

constexpr std::string_view kCertificateLabel = "CERTIFICATE";
constexpr std::string_view kEncryptedKeyLabel = "ENCRYPTED PRIVATE KEY";
constexpr std::array<std::string_view, 3> kKeyLabels = {"PRIVATE KEY", "RSA PRIVATE KEY",
                                                        "EC PRIVATE KEY"};

constexpr std::uint8_t kBoolean = 0x01;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kBitString = 0x03;
constexpr std::uint8_t kOctetString = 0x04;
constexpr std::uint8_t kObjectIdentifier = 0x06;
constexpr std::uint8_t kUtf8String = 0x0C;
constexpr std::uint8_t kNumericString = 0x12;
constexpr std::uint8_t kPrintableString = 0x13;
constexpr std::uint8_t kTeletexString = 0x14;
constexpr std::uint8_t kIa5String = 0x16;
constexpr std::uint8_t kUtcTime = 0x17;
constexpr std::uint8_t kGeneralizedTime = 0x18;
constexpr std::uint8_t kVisibleString = 0x1A;
constexpr std::uint8_t kUniversalString = 0x1C;
constexpr std::uint8_t kBmpString = 0x1E;
constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kSet = 0x31;
constexpr std::uint8_t kVersionTag = 0xA0;         // [0] EXPLICIT
constexpr std::uint8_t kIssuerUniqueIdTag = 0x81;  // [1] IMPLICIT BIT STRING
constexpr std::uint8_t kSubjectUniqueIdTag = 0x82;
constexpr std::uint8_t kExtensionsTag = 0xA3;  // [3] EXPLICIT
constexpr std::uint8_t kDnsNameTag = 0x82;     // GeneralName [2] IA5String
constexpr std::uint8_t kIpAddressTag = 0x87;   // GeneralName [7] OCTET STRING

using Bytes = std::span<const std::uint8_t>;

constexpr std::array<std::uint8_t, 3> kCommonNameOid = {0x55, 0x04, 0x03};      // 2.5.4.3
constexpr std::array<std::uint8_t, 3> kSubjectAltNameOid = {0x55, 0x1D, 0x11};  // 2.5.29.17

bool same_bytes(Bytes bytes, std::span<const std::uint8_t, 3> oid) {
  return bytes.size() == oid.size() && std::equal(bytes.begin(), bytes.end(), oid.begin());
}

Status invalid(std::string message) { return Status::invalid_input(std::move(message)); }

std::string at_byte(std::size_t offset) { return " at byte " + std::to_string(offset); }

std::string hex_byte(std::uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", byte);
  return text;
}

// ---- PEM ----------------------------------------------------------------------------------

struct PemBlock {
  std::string_view label;
  std::vector<std::string_view> headers;  // RFC 1421 "Name: value" lines, e.g. Proc-Type
  std::string base64;                     // the body with its line breaks removed
  std::size_t begin_line = 0;             // 1-based, for messages
};

// Hands out lines without "\n" or "\r\n" and without trailing blanks.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : rest_(text) {}

  bool next(std::string_view& line) {
    if (rest_.empty()) return false;
    const std::size_t end = rest_.find('\n');
    line = rest_.substr(0, end);
    rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view rest_;
  std::size_t number_ = 0;
};

// The label of "-----BEGIN LABEL-----" (kind "BEGIN") or "-----END LABEL-----". Labels are
// short and printable ASCII without '-' (RFC 7468), so they are safe to put in a message.
std::optional<std::string_view> armour_label(std::string_view line, std::string_view kind) {
  constexpr std::string_view kDashes = "-----";
  if (!line.starts_with(kDashes) || !line.ends_with(kDashes)) return std::nullopt;
  line.remove_prefix(kDashes.size());
  if (!line.starts_with(kind) || line.size() < kind.size() + 1 + kDashes.size())
    return std::nullopt;
  line.remove_prefix(kind.size());
  if (line.front() != ' ') return std::nullopt;
  const std::string_view label = line.substr(1, line.size() - 1 - kDashes.size());
  if (label.empty() || label.size() > kMaxLabelLength) return std::nullopt;
  for (const char c : label)
    if (c < ' ' || c > '~' || c == '-') return std::nullopt;
  return label;
}

std::string on_line(std::size_t line) { return " on line " + std::to_string(line); }

// Reads from the line after BEGIN up to and including the matching END line.
Result<PemBlock> read_block(LineCursor& lines, std::string_view label) {
  PemBlock block;
  block.label = label;
  block.begin_line = lines.number();
  std::string_view line;
  while (lines.next(line)) {
    if (line.starts_with("-----")) {
      if (armour_label(line, "END") == label) return block;
      return invalid("PEM " + std::string(label) + " block starting" + on_line(block.begin_line) +
                     " is not closed by its END line but by line " +
                     std::to_string(lines.number()));
    }
    // Base64 has no ':', so such a line before any data is a header, and after it bad base64.
    if (block.base64.empty() && line.find(':') != std::string_view::npos) {
      block.headers.push_back(line);
    } else {
      block.base64.append(line);
    }
  }
  return invalid("PEM " + std::string(label) + " block starting" + on_line(block.begin_line) +
                 " has no END line");
}

// Every block in the text; lines outside blocks are ignored, as openssl ignores them.
Result<std::vector<PemBlock>> scan_pem(std::string_view text) {
  if (text.size() > kMaxPemBytes) return invalid("PEM text is larger than 1 MiB");
  std::vector<PemBlock> blocks;
  LineCursor lines(text);
  std::string_view line;
  while (lines.next(line)) {
    if (!line.starts_with("-----BEGIN")) continue;
    const auto label = armour_label(line, "BEGIN");
    if (!label) return invalid("malformed PEM BEGIN line" + on_line(lines.number()));
    auto block = read_block(lines, *label);
    if (!block.is_ok()) return block.status();
    blocks.push_back(std::move(block.value()));
  }
  return blocks;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict RFC 4648 base64: whole quanta, '=' only as the padding of the last one.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::uint32_t quantum = 0;
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const int value = base64_value(c);
      if (c == '=' && last && j >= 2) {
        ++padding;
      } else if (value < 0 || padding > 0) {
        return std::nullopt;
      }
      quantum = quantum << 6 | static_cast<std::uint32_t>(value < 0 ? 0 : value);
    }
    out.push_back(static_cast<std::uint8_t>(quantum >> 16));
    if (padding < 2) out.push_back(static_cast<std::uint8_t>(quantum >> 8));
    if (padding < 1) out.push_back(static_cast<std::uint8_t>(quantum));
  }
  return out;
}

// ---- DER ----------------------------------------------------------------------------------

struct Element {
  std::uint8_t tag = 0;
  std::size_t offset = 0;  // of the tag byte, counted from the start of the DER
  std::size_t content_offset = 0;
  Bytes content;
};

// Reads consecutive elements of one DER level. The outermost reader covers the whole input,
// so running out of bytes there means the file was cut short; an inner reader covers one
// element's content, so running out there means an element claims more than its parent has.
class DerReader {
 public:
  DerReader(Bytes der, std::string_view name) : bytes_(der), name_(name), outermost_(true) {}
  explicit DerReader(const Element& parent)
      : bytes_(parent.content), base_(parent.content_offset), outermost_(false) {}

  bool at_end() const { return pos_ == bytes_.size(); }
  bool next_is(std::uint8_t tag) const { return !at_end() && bytes_[pos_] == tag; }

  // The next element whatever its tag; `wanted` names it in messages.
  Result<Element> read(std::string_view wanted) {
    const std::size_t start = pos_;
    if (at_end()) return missing(wanted);
    const std::uint8_t tag = bytes_[start];
    if ((tag & 0x1F) == 0x1F)
      return invalid("multi-byte tag" + at_byte(base_ + start) + " (X.509 uses none)");
    std::size_t pos = start + 1;
    auto length = read_length(pos, start);
    if (!length.is_ok()) return length.status();
    if (*length > bytes_.size() - pos) return overrun(start);
    pos_ = pos + *length;
    return Element{tag, base_ + start, base_ + pos, bytes_.subspan(pos, *length)};
  }

  Result<Element> read(std::uint8_t tag, std::string_view wanted) {
    if (!at_end() && bytes_[pos_] != tag) {
      return invalid("unexpected tag " + hex_byte(bytes_[pos_]) + at_byte(base_ + pos_) +
                     " (wanted " + std::string(wanted) + ")");
    }
    return read(wanted);
  }

  // Ok when nothing follows the last element read.
  Status finish(std::string_view after) const {
    if (at_end()) return Status::ok();
    return invalid("unexpected tag " + hex_byte(bytes_[pos_]) + at_byte(base_ + pos_) + " after " +
                   std::string(after));
  }

 private:
  // DER lengths: short form, or 1 to 4 big-endian bytes with no leading zero.
  Result<std::size_t> read_length(std::size_t& pos, std::size_t start) const {
    if (pos >= bytes_.size()) return overrun(start);
    const std::size_t length_offset = base_ + pos;
    const std::uint8_t first = bytes_[pos++];
    if (first < 0x80) return std::size_t{first};
    if (first == 0x80)
      return invalid("indefinite length" + at_byte(length_offset) + " is not allowed in DER");
    const std::size_t count = first & 0x7Fu;
    if (count > 4) {
      return invalid("length of " + std::to_string(count) + " bytes" + at_byte(length_offset) +
                     " is too long (at most 4)");
    }
    if (count > bytes_.size() - pos) return overrun(start);
    std::size_t length = 0;
    for (std::size_t i = 0; i < count; ++i) length = length << 8 | bytes_[pos++];
    if (bytes_[pos - count] == 0 || length < 0x80)
      return invalid("non-minimal length" + at_byte(length_offset) + " is not allowed in DER");
    return length;
  }

  Status truncated() const {
    return invalid(std::string(name_) + " is truncated" + at_byte(base_ + bytes_.size()));
  }
  Status missing(std::string_view wanted) const {
    if (outermost_) return truncated();
    return invalid("missing " + std::string(wanted) + at_byte(base_ + pos_) +
                   ", where its enclosing element ends");
  }
  Status overrun(std::size_t start) const {
    if (outermost_) return truncated();
    return invalid("element" + at_byte(base_ + start) +
                   " runs past the end of its enclosing element" + at_byte(base_ + bytes_.size()));
  }

  Bytes bytes_;
  std::size_t base_ = 0;  // offset of bytes_[0] in the whole DER, for messages
  std::size_t pos_ = 0;
  std::string_view name_;
  bool outermost_;
};

struct Field {
  std::uint8_t tag;
  std::string_view wanted;
};

// Reads one required element per field, in order.
template <std::size_t N>
Status read_fields(DerReader& reader, const std::array<Field, N>& fields,
                   std::array<Element, N>& out) {
  for (std::size_t i = 0; i < N; ++i) {
    auto element = reader.read(fields[i].tag, fields[i].wanted);
    if (!element.is_ok()) return element.status();
    out[i] = *element;
  }
  return Status::ok();
}

// ---- Time ---------------------------------------------------------------------------------

struct CivilTime {
  std::int64_t year = 0;
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool is_leap_year(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool in_range(const CivilTime& t) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (t.month < 1 || t.month > 12 || t.day < 1) return false;
  const int days = kDays[t.month - 1] + (t.month == 2 && is_leap_year(t.year) ? 1 : 0);
  return t.day <= days && t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

// Days since 1970-01-01 of a proleptic Gregorian date: eras of 400 years (146097 days), with
// the year starting in March so the leap day is the last day of a year.
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t month_from_march = month > 2 ? month - 3 : month + 9;
  const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// `count` ASCII digits at `pos` as a number; -1 if one of them is not a digit.
int digits(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// UTCTime "YYMMDDHHMMSSZ" or GeneralizedTime "YYYYMMDDHHMMSSZ", the only forms RFC 5280
// allows in a certificate.
std::optional<CivilTime> parse_time(std::uint8_t tag, std::string_view text) {
  const std::size_t year_digits = tag == kUtcTime ? 2 : 4;
  if (text.size() != year_digits + 11 || text.back() != 'Z') return std::nullopt;
  CivilTime t;
  t.year = digits(text, 0, year_digits);
  if (tag == kUtcTime && t.year >= 0) t.year += t.year >= 50 ? 1900 : 2000;
  t.month = digits(text, year_digits, 2);
  t.day = digits(text, year_digits + 2, 2);
  t.hour = digits(text, year_digits + 4, 2);
  t.minute = digits(text, year_digits + 6, 2);
  t.second = digits(text, year_digits + 8, 2);
  if (t.year < 0 || t.month < 0 || t.day < 0 || t.hour < 0 || t.minute < 0 || t.second < 0)
    return std::nullopt;
  return t;
}

std::string format_civil(const CivilTime& t) {
  char text[96];  // room for any int, so the compiler can prove nothing is cut
  std::snprintf(text, sizeof text, "%04lld-%02d-%02d %02d:%02d:%02d",
                static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute, t.second);
  return text;
}

Result<std::int64_t> read_time(DerReader& validity, std::string_view which) {
  auto element = validity.read(which);
  if (!element.is_ok()) return element.status();
  const std::string where = std::string(which) + at_byte(element->offset);
  if (element->tag != kUtcTime && element->tag != kGeneralizedTime) {
    return invalid("unexpected tag " + hex_byte(element->tag) + at_byte(element->offset) +
                   " (wanted UTCTime or GeneralizedTime " + std::string(which) + ")");
  }
  const std::string_view text(reinterpret_cast<const char*>(element->content.data()),
                              element->content.size());
  const auto t = parse_time(element->tag, text);
  if (!t) {
    return invalid(
        where + " is not a valid " +
        (element->tag == kUtcTime ? "UTCTime YYMMDDHHMMSSZ" : "GeneralizedTime YYYYMMDDHHMMSSZ"));
  }
  if (!in_range(*t)) return invalid(where + " is out of range: " + format_civil(*t));
  return days_from_civil(t->year, t->month, t->day) * 86'400 + t->hour * 3600 + t->minute * 60 +
         t->second;
}

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

// ---- Certificate fields -------------------------------------------------------------------

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

// Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
// Sets `is_san` and `value`.
Status read_extension(DerReader& extensions, bool& is_san, Element& value) {
  auto extension = extensions.read(kSequence, "SEQUENCE Extension");
  if (!extension.is_ok()) return extension.status();
  DerReader fields(*extension);
  auto id = fields.read(kObjectIdentifier, "OBJECT IDENTIFIER extnID");
  if (!id.is_ok()) return id.status();
  if (fields.next_is(kBoolean)) {
    auto critical = fields.read(kBoolean, "BOOLEAN critical");
    if (!critical.is_ok()) return critical.status();
    if (critical->content.size() != 1)
      return invalid("BOOLEAN critical" + at_byte(critical->offset) + " is not one byte long");
  }
  auto octets = fields.read(kOctetString, "OCTET STRING extnValue");
  if (!octets.is_ok()) return octets.status();
  if (Status end = fields.finish("extnValue"); !end.is_ok()) return end;
  is_san = same_bytes(id->content, kSubjectAltNameOid);
  value = *octets;
  return Status::ok();
}

Status read_extensions(const Element& tagged, CertificateInfo& info) {
  DerReader wrapper(tagged);
  auto list = wrapper.read(kSequence, "SEQUENCE Extensions");
  if (!list.is_ok()) return list.status();
  if (Status end = wrapper.finish("Extensions"); !end.is_ok()) return end;
  DerReader extensions(*list);
  bool seen_san = false;
  while (!extensions.at_end()) {
    bool is_san = false;
    Element value;
    if (Status s = read_extension(extensions, is_san, value); !s.is_ok()) return s;
    if (!is_san) continue;
    // RFC 5280 allows each extension once; two would leave the names ambiguous.
    if (seen_san) return invalid("second subjectAltName extension" + at_byte(value.offset));
    seen_san = true;
    if (Status s = read_subject_alt_names(value, info); !s.is_ok()) return s;
  }
  return Status::ok();
}

// [0] EXPLICIT Version DEFAULT v1: 0 for v1 (left out), 1 for v2, 2 for v3.
Result<int> read_version(DerReader& fields) {
  if (!fields.next_is(kVersionTag)) return 0;
  auto tagged = fields.read(kVersionTag, "[0] version");
  if (!tagged.is_ok()) return tagged.status();
  DerReader inner(*tagged);
  auto number = inner.read(kInteger, "INTEGER version");
  if (!number.is_ok()) return number.status();
  if (Status end = inner.finish("INTEGER version"); !end.is_ok()) return end;
  if (number->content.size() != 1 || number->content[0] > 2)
    return invalid("version" + at_byte(number->offset) + " is not 1, 2 or 3");
  return static_cast<int>(number->content[0]);
}

// issuerUniqueID and subjectUniqueID (v2 and v3), extensions (v3 only), then nothing more.
Status read_optional_fields(DerReader& fields, int version, CertificateInfo& info) {
  for (const std::uint8_t tag : {kIssuerUniqueIdTag, kSubjectUniqueIdTag}) {
    if (!fields.next_is(tag)) continue;
    auto unique_id = fields.read(tag, "unique identifier");
    if (!unique_id.is_ok()) return unique_id.status();
    if (version < 1)
      return invalid("unique identifier" + at_byte(unique_id->offset) +
                     " in a version 1 certificate");
  }
  if (fields.next_is(kExtensionsTag)) {
    auto extensions = fields.read(kExtensionsTag, "[3] extensions");
    if (!extensions.is_ok()) return extensions.status();
    if (version < 2)
      return invalid("extensions" + at_byte(extensions->offset) +
                     " in a version 1 or 2 certificate");
    if (Status s = read_extensions(*extensions, info); !s.is_ok()) return s;
  }
  return fields.finish("the fields of tbsCertificate");
}

Status read_validity(const Element& validity, CertificateInfo& info) {
  DerReader times(validity);
  auto not_before = read_time(times, "notBefore");
  if (!not_before.is_ok()) return not_before.status();
  auto not_after = read_time(times, "notAfter");
  if (!not_after.is_ok()) return not_after.status();
  info.not_before_unix = *not_before;
  info.not_after_unix = *not_after;
  return times.finish("notAfter");
}

constexpr std::array<Field, 6> kTbsFields = {{{kInteger, "INTEGER serialNumber"},
                                              {kSequence, "SEQUENCE signature"},
                                              {kSequence, "SEQUENCE issuer"},
                                              {kSequence, "SEQUENCE validity"},
                                              {kSequence, "SEQUENCE subject"},
                                              {kSequence, "SEQUENCE subjectPublicKeyInfo"}}};
constexpr std::size_t kValidity = 3;
constexpr std::size_t kSubject = 4;

Result<CertificateInfo> read_tbs_certificate(const Element& tbs) {
  DerReader fields(tbs);
  auto version = read_version(fields);
  if (!version.is_ok()) return version.status();
  std::array<Element, kTbsFields.size()> parts;
  if (Status s = read_fields(fields, kTbsFields, parts); !s.is_ok()) return s;
  CertificateInfo info;
  if (Status s = read_validity(parts[kValidity], info); !s.is_ok()) return s;
  auto common_name = read_common_name(parts[kSubject]);
  if (!common_name.is_ok()) return common_name.status();
  info.subject_common_name = std::move(common_name.value());
  if (Status s = read_optional_fields(fields, *version, info); !s.is_ok()) return s;
  return info;
}

constexpr std::array<Field, 3> kCertificateFields = {{{kSequence, "SEQUENCE tbsCertificate"},
                                                      {kSequence, "SEQUENCE signatureAlgorithm"},
                                                      {kBitString, "BIT STRING signatureValue"}}};

Result<CertificateInfo> read_certificate_der(Bytes der) {
  DerReader whole(der, "certificate DER");
  auto certificate = whole.read(kSequence, "SEQUENCE Certificate");
  if (!certificate.is_ok()) return certificate.status();
  if (Status end = whole.finish("the certificate"); !end.is_ok()) return end;
  DerReader reader(*certificate);
  std::array<Element, kCertificateFields.size()> parts;
  if (Status s = read_fields(reader, kCertificateFields, parts); !s.is_ok()) return s;
  if (Status end = reader.finish("signatureValue"); !end.is_ok()) return end;
  return read_tbs_certificate(parts[0]);
}

// ---- The two entry points' policies -------------------------------------------------------

bool is_private_key_label(std::string_view label) { return label.ends_with("PRIVATE KEY"); }

bool is_supported_key_label(std::string_view label) {
  for (const auto& supported : kKeyLabels)
    if (label == supported) return true;
  return false;
}

// Why the text has no certificate, naming the likely mix-up.
Status no_certificate(std::string_view pem, const std::vector<PemBlock>& blocks) {
  for (const auto& block : blocks)
    if (is_private_key_label(block.label))
      return invalid("this looks like a private key, not a certificate");
  if (!pem.empty() && static_cast<std::uint8_t>(pem.front()) == kSequence)
    return invalid(
        "no PEM CERTIFICATE block; this looks like binary DER: openssl x509 -inform DER");
  return invalid("no PEM CERTIFICATE block");
}

Result<std::vector<std::uint8_t>> certificate_der(const PemBlock& block) {
  if (!block.headers.empty())
    return invalid("unexpected header line in the CERTIFICATE block" + on_line(block.begin_line));
  auto der = decode_base64(block.base64);
  if (!der) return invalid("bad base64 in certificate (block" + on_line(block.begin_line) + ")");
  return std::move(*der);
}

Status encrypted_key() {
  return invalid(
      "the private key is encrypted; lanecastd needs an unencrypted key (systemd credentials "
      "protect it at rest): openssl pkey -in encrypted.pem -out plain.pem");
}

// The body is checked only for being one whole DER SEQUENCE, and failures are reported
// without offsets or tags: nothing of the key may reach a log.
Status check_key_block(const PemBlock& block) {
  for (const auto& header : block.headers)
    if (header.starts_with("Proc-Type:") && header.find("ENCRYPTED") != std::string_view::npos)
      return encrypted_key();
  const std::string where = "(block" + on_line(block.begin_line) + ")";
  if (!block.headers.empty()) return invalid("unexpected header line in the private key " + where);
  const auto der = decode_base64(block.base64);
  if (!der) return invalid("bad base64 in private key " + where);
  DerReader whole(*der, "private key DER");
  const bool whole_sequence = whole.read(kSequence, "SEQUENCE").is_ok() && whole.at_end();
  if (!whole_sequence)
    return invalid("private key " + where +
                   " is not one whole DER SEQUENCE; is the file cut short?");
  return Status::ok();
}

}  // namespace

Result<CertificateInfo> read_certificate(std::string_view pem) {
  auto blocks = scan_pem(pem);
  if (!blocks.is_ok()) return blocks.status();
  std::optional<std::vector<std::uint8_t>> first;
  int count = 0;
  for (const auto& block : *blocks) {
    if (block.label != kCertificateLabel) continue;
    auto der = certificate_der(block);
    if (!der.is_ok()) return der.status();
    if (count++ == 0) first = std::move(der.value());
  }
  if (!first) return no_certificate(pem, *blocks);
  auto info = read_certificate_der(*first);
  if (!info.is_ok()) return info.status();
  info->certificates_in_chain = count;
  return info;
}

Status check_private_key(std::string_view pem) {
  auto blocks = scan_pem(pem);
  if (!blocks.is_ok()) return blocks.status();
  const PemBlock* key = nullptr;
  int keys = 0;
  bool has_certificate = false;
  for (const auto& block : *blocks) {
    if (block.label == kEncryptedKeyLabel) return encrypted_key();
    has_certificate = has_certificate || block.label == kCertificateLabel;
    if (!is_private_key_label(block.label)) continue;
    if (!is_supported_key_label(block.label)) {
      return invalid(std::string(block.label) +
                     " blocks are not supported; lanecastd reads "
                     "PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY (openssl pkey converts)");
    }
    key = &block;
    ++keys;
  }
  if (keys > 1)
    return invalid("found " + std::to_string(keys) + " private keys; lanecastd needs exactly one");
  if (key != nullptr) return check_key_block(*key);
  if (has_certificate) return invalid("this looks like a certificate, not a private key");
  return invalid("no PEM private key block");
}

}  // namespace lanecast::http
