// What certificate.h promises, on top of the PEM and DER layers (pem.h, der_reader.h): the
// walk through an X.509 certificate's fields down to its dates and names, and which PEM
// blocks each entry point takes, refuses or names as a likely mix-up.
#include "daemon/http/certificate.h"

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/http/der_reader.h"
#include "daemon/http/pem.h"
#include "daemon/http/x509_names.h"
#include "daemon/http/x509_time.h"

namespace lanecast::http {
namespace {

using namespace detail;

constexpr std::string_view kCertificateLabel = "CERTIFICATE";
constexpr std::string_view kEncryptedKeyLabel = "ENCRYPTED PRIVATE KEY";
constexpr std::array<std::string_view, 3> kKeyLabels = {"PRIVATE KEY", "RSA PRIVATE KEY",
                                                        "EC PRIVATE KEY"};

constexpr std::uint8_t kVersionTag = 0xA0;         // [0] EXPLICIT
constexpr std::uint8_t kIssuerUniqueIdTag = 0x81;  // [1] IMPLICIT BIT STRING
constexpr std::uint8_t kSubjectUniqueIdTag = 0x82;
constexpr std::uint8_t kExtensionsTag = 0xA3;  // [3] EXPLICIT

constexpr std::array<std::uint8_t, 3> kSubjectAltNameOid = {0x55, 0x1D, 0x11};  // 2.5.29.17

Status invalid(std::string message) { return Status::invalid_input(std::move(message)); }

// ---- Certificate fields -------------------------------------------------------------------

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
