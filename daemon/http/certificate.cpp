// What certificate.h promises: GnuTLS decodes, this file decides which PEM blocks each entry
// point takes, refuses or names as a likely mix-up, and turns GnuTLS's answers into messages
// that say which file is wrong.
#include "daemon/http/certificate.h"

#include <arpa/inet.h>
#include <gnutls/x509.h>

#include <array>
#include <memory>
#include <utility>

#include "daemon/core/utf8.h"

namespace lanecast::http {
namespace {

// A certificate chain or a key is a few kilobytes; anything this large is not one.
constexpr std::size_t kMaxPemBytes = std::size_t{1} << 20;

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kDashes = "-----";
constexpr std::string_view kCertificateLabel = "CERTIFICATE";
constexpr std::string_view kEncryptedKeyLabel = "ENCRYPTED PRIVATE KEY";
constexpr std::array<std::string_view, 3> kKeyLabels = {"PRIVATE KEY", "RSA PRIVATE KEY",
                                                        "EC PRIVATE KEY"};

Status invalid(std::string message) { return Status::invalid_input(std::move(message)); }

struct CrtDeleter {
  void operator()(gnutls_x509_crt_t crt) const { gnutls_x509_crt_deinit(crt); }
};
struct PrivkeyDeleter {
  void operator()(gnutls_x509_privkey_t key) const { gnutls_x509_privkey_deinit(key); }
};
using Crt = std::unique_ptr<std::remove_pointer_t<gnutls_x509_crt_t>, CrtDeleter>;
using Privkey = std::unique_ptr<std::remove_pointer_t<gnutls_x509_privkey_t>, PrivkeyDeleter>;

gnutls_datum_t datum_of(std::string_view text) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(text.data())),
          static_cast<unsigned int>(text.size())};
}

// ---- Which blocks the text holds ----------------------------------------------------------

// One "-----BEGIN LABEL-----" ... "-----END LABEL-----" block, only as far as the policy
// needs it: its label and its whole text (what GnuTLS is given). Views into the PEM text.
struct Block {
  std::string_view label;  // 1 to 64 printable ASCII characters: safe to quote in a message
  std::string_view text;   // from the BEGIN line to the end of the END line, or of the text
  bool has_end = false;
};

// A label is what RFC 7468 allows; anything else after "-----BEGIN " (a line cut short, the
// body running into it) is not a block, and is never quoted.
bool is_label(std::string_view label) {
  if (label.empty() || label.size() > 64) return false;
  for (const char c : label)
    if (c < ' ' || c > '~' || c == '-') return false;
  return true;
}

// The blocks in the text, in order. A block without its END line runs to the end of the text.
std::vector<Block> blocks_of(std::string_view pem) {
  std::vector<Block> blocks;
  for (std::size_t at = pem.find(kBegin); at != std::string_view::npos;) {
    const std::size_t label_at = at + kBegin.size();
    const std::size_t label_end = pem.find(kDashes, label_at);
    if (label_end == std::string_view::npos) break;
    const std::string_view label = pem.substr(label_at, label_end - label_at);
    if (!is_label(label)) {
      at = pem.find(kBegin, label_at);
      continue;
    }
    const std::string end_line = "-----END " + std::string(label) + "-----";
    const std::size_t end_at = pem.find(end_line, label_end);
    const std::size_t stop = end_at == std::string_view::npos ? pem.size() : end_at + end_line.size();
    blocks.push_back({label, pem.substr(at, stop - at), end_at != std::string_view::npos});
    at = pem.find(kBegin, stop);
  }
  return blocks;
}

bool is_private_key_label(std::string_view label) { return label.ends_with("PRIVATE KEY"); }

bool is_supported_key_label(std::string_view label) {
  for (const auto& supported : kKeyLabels)
    if (label == supported) return true;
  return false;
}

// ---- Certificate fields -------------------------------------------------------------------

// Names end up in the journal and on the staff page: a control character could forge a line.
bool is_printable_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = decode_utf8(text, pos);
    if (c.error != nullptr || c.code < 0x20 || (c.code >= 0x7F && c.code < 0xA0)) return false;
    pos += c.length;
  }
  return true;
}

// The last CN of the subject: GnuTLS converts every directory string type to UTF-8.
Result<std::string> common_name(gnutls_x509_crt_t crt) {
  std::string last;
  for (unsigned index = 0;; ++index) {
    std::array<char, 1024> buffer{};
    std::size_t size = buffer.size();
    const int rc = gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, index, 0,
                                                 buffer.data(), &size);
    if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) break;
    if (rc < 0) return invalid(std::string("cannot read the subject CN: ") + gnutls_strerror(rc));
    last.assign(buffer.data(), size);
  }
  if (!is_printable_utf8(last))
    return invalid("the subject CN holds a control character or is not valid UTF-8");
  return last;
}

std::string printed_address(const char* bytes, std::size_t size) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  inet_ntop(size == 4 ? AF_INET : AF_INET6, bytes, text.data(), text.size());
  return text.data();
}

Status read_subject_alt_names(gnutls_x509_crt_t crt, CertificateInfo& info) {
  for (unsigned index = 0;; ++index) {
    std::array<char, 1024> buffer{};
    std::size_t size = buffer.size();
    const int type =
        gnutls_x509_crt_get_subject_alt_name(crt, index, buffer.data(), &size, nullptr);
    if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) return Status::ok();
    if (type < 0)
      return invalid(std::string("cannot read the subjectAltName: ") + gnutls_strerror(type));
    const std::string_view value(buffer.data(), size);
    if (type == GNUTLS_SAN_DNSNAME) {
      for (const char c : value)
        if (c <= ' ' || c > '~')
          return invalid("a subjectAltName dNSName holds a byte outside printable ASCII");
      info.dns_names.emplace_back(value);
    } else if (type == GNUTLS_SAN_IPADDRESS) {
      if (size != 4 && size != 16)
        return invalid("a subjectAltName iPAddress is " + std::to_string(size) +
                       " bytes long, not 4 or 16");
      info.ip_addresses.push_back(printed_address(buffer.data(), size));
    }
  }
}

Result<CertificateInfo> info_of(gnutls_x509_crt_t crt) {
  CertificateInfo info;
  const time_t not_before = gnutls_x509_crt_get_activation_time(crt);
  const time_t not_after = gnutls_x509_crt_get_expiration_time(crt);
  if (not_before == static_cast<time_t>(-1) || not_after == static_cast<time_t>(-1))
    return invalid("the certificate's validity times cannot be read");
  info.not_before_unix = static_cast<std::int64_t>(not_before);
  info.not_after_unix = static_cast<std::int64_t>(not_after);
  auto name = common_name(crt);
  if (!name.is_ok()) return name.status();
  info.subject_common_name = std::move(name.value());
  if (Status s = read_subject_alt_names(crt, info); !s.is_ok()) return s;
  return info;
}

// Every CERTIFICATE block of the text, decoded; the server's own first.
Result<std::vector<Crt>> import_chain(std::string_view pem) {
  gnutls_x509_crt_t* list = nullptr;
  unsigned int count = 0;
  const gnutls_datum_t data = datum_of(pem);
  const int rc = gnutls_x509_crt_list_import2(&list, &count, &data, GNUTLS_X509_FMT_PEM, 0);
  std::vector<Crt> chain;
  for (unsigned i = 0; rc >= 0 && i < count; ++i) chain.emplace_back(list[i]);
  gnutls_free(list);
  if (rc == GNUTLS_E_BASE64_DECODING_ERROR || rc == GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR)
    return invalid("bad base64 in certificate");
  if (rc < 0) return invalid(std::string("the certificate cannot be decoded: ") + gnutls_strerror(rc));
  return chain;
}

// Why the text has no certificate, naming the likely mix-up.
Status no_certificate(std::string_view pem, const std::vector<Block>& blocks) {
  for (const auto& block : blocks)
    if (is_private_key_label(block.label))
      return invalid("this looks like a private key, not a certificate");
  if (!pem.empty() && pem.front() == '\x30')
    return invalid(
        "no PEM CERTIFICATE block; this looks like binary DER: openssl x509 -inform DER");
  return invalid("no PEM CERTIFICATE block");
}

Status too_large() { return invalid("PEM text is larger than 1 MiB"); }

// The first block of the text that is not closed, which GnuTLS would skip or misread.
Status unclosed_block(const std::vector<Block>& blocks) {
  for (const auto& block : blocks)
    if (!block.has_end)
      return invalid("the PEM " + std::string(block.label) +
                     " block has no END line; is the file cut short?");
  return Status::ok();
}

// ---- Private keys -------------------------------------------------------------------------

Status encrypted_key() {
  return invalid(
      "the private key is encrypted; lanecastd needs an unencrypted key (systemd credentials "
      "protect it at rest): openssl pkey -in encrypted.pem -out plain.pem");
}

// Decodes the one key block. GnuTLS's reasons name no byte of the key.
Result<Privkey> import_key(const Block& block) {
  if (block.text.find("Proc-Type:") != std::string_view::npos &&
      block.text.find("ENCRYPTED") != std::string_view::npos)
    return encrypted_key();
  gnutls_x509_privkey_t raw = nullptr;
  if (gnutls_x509_privkey_init(&raw) < 0) return Status::internal("out of memory for a key");
  Privkey key(raw);
  const gnutls_datum_t data = datum_of(block.text);
  const int rc = gnutls_x509_privkey_import2(key.get(), &data, GNUTLS_X509_FMT_PEM, nullptr,
                                             GNUTLS_PKCS_PLAIN);
  if (rc == GNUTLS_E_BASE64_DECODING_ERROR || rc == GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR)
    return invalid("bad base64 in private key");
  if (rc < 0)
    return invalid(std::string("the private key cannot be decoded (") + gnutls_strerror(rc) +
                   "); is the file cut short?");
  return key;
}

// The one supported key block of the text, or why there is none.
Result<Block> key_block(std::string_view pem) {
  if (pem.size() > kMaxPemBytes) return too_large();
  const Block* key = nullptr;
  int keys = 0;
  bool has_certificate = false;
  const std::vector<Block> blocks = blocks_of(pem);
  if (Status closed = unclosed_block(blocks); !closed.is_ok()) return closed;
  for (const auto& block : blocks) {
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
  if (key != nullptr) return *key;
  if (has_certificate) return invalid("this looks like a certificate, not a private key");
  return invalid("no PEM private key block");
}

using KeyId = std::array<unsigned char, 64>;

}  // namespace

Result<CertificateInfo> read_certificate(std::string_view pem) {
  if (pem.size() > kMaxPemBytes) return too_large();
  const std::vector<Block> blocks = blocks_of(pem);
  if (Status closed = unclosed_block(blocks); !closed.is_ok()) return closed;
  bool any = false;
  for (const auto& block : blocks) any = any || block.label == kCertificateLabel;
  if (!any) return no_certificate(pem, blocks);
  auto chain = import_chain(pem);
  if (!chain.is_ok()) return chain.status();
  if (chain->empty()) return no_certificate(pem, blocks);
  auto info = info_of(chain->front().get());
  if (!info.is_ok()) return info.status();
  info->certificates_in_chain = static_cast<int>(chain->size());
  return info;
}

Status check_private_key(std::string_view pem) {
  auto block = key_block(pem);
  if (!block.is_ok()) return block.status();
  return import_key(*block).status();
}

Status check_key_pair(std::string_view certificate_pem, std::string_view key_pem) {
  auto chain = import_chain(certificate_pem);
  if (!chain.is_ok()) return chain.status();
  if (chain->empty()) return invalid("no PEM CERTIFICATE block");
  auto block = key_block(key_pem);
  if (!block.is_ok()) return block.status();
  auto key = import_key(*block);
  if (!key.is_ok()) return key.status();
  KeyId of_certificate{}, of_key{};
  std::size_t certificate_size = of_certificate.size(), key_size = of_key.size();
  const int from_certificate = gnutls_x509_crt_get_key_id(
      chain->front().get(), GNUTLS_KEYID_USE_SHA256, of_certificate.data(), &certificate_size);
  const int from_key = gnutls_x509_privkey_get_key_id(key->get(), GNUTLS_KEYID_USE_SHA256,
                                                      of_key.data(), &key_size);
  if (from_certificate < 0 || from_key < 0)
    return invalid("cannot compute the key ids of the certificate and the private key");
  if (certificate_size != key_size || of_certificate != of_key)
    return invalid("the private key and the certificate do not match: the key belongs to "
                   "another certificate");
  return Status::ok();
}

}  // namespace lanecast::http
