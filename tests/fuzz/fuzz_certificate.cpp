// Fuzzes what lanecastd reads from the certificate and key files an admin points it at
// (daemon/http/certificate.h): PEM armour, base64, DER elements and the X.509 field walk,
// through read_certificate and check_private_key.
//
// Each input is read as PEM text by both functions. An input that starts like a DER SEQUENCE
// is also wrapped in a CERTIFICATE block and in a PRIVATE KEY block, so that mutations reach
// the DER and X.509 code directly instead of first having to keep the base64 valid.
//
// Beyond "no crash, no leak, no undefined behaviour" it checks the contract of certificate.h:
// every refusal is invalid_input with a message of printable ASCII (messages go to the journal
// and the staff page, where other bytes could forge lines); what is accepted has a CN of
// well-formed UTF-8 without control characters, dNSNames of printable ASCII and iPAddresses
// that parse back as addresses; CRLF line ends read the same as LF; and the CERTIFICATE blocks
// of a chain are counted.
#include <arpa/inet.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/http/certificate.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/base64_encoder.h"

namespace {

using lanecast::Result;
using lanecast::Status;
using lanecast::http::CertificateInfo;
using lanecast::testing::pem_armour;

// Twice this is within the reader's 1 MiB cap, so the CRLF copy is never refused for its size.
constexpr std::size_t kMaxCrlfInput = 256 * 1024;

bool is_printable_ascii(std::string_view text) {
  for (const char c : text)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

void check_refusal(const Status& status) {
  FUZZ_CHECK(status.kind() == Status::Kind::kInvalidInput, status.message().c_str());
  FUZZ_CHECK(!status.message().empty(), "a refusal without a reason");
  FUZZ_CHECK(is_printable_ascii(status.message()), "a message with a control or non-ASCII byte");
}

// The length of the UTF-8 sequence a byte starts; 0 for a byte that starts none.
std::size_t utf8_length(std::uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;  // a continuation byte, or the lead of an overlong ASCII form
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return lead < 0xF5 ? 4 : 0;
}

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF) without C0 or C1
// control characters or DEL, written here independently of the reader's decoder.
bool is_clean_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<std::uint8_t>(text[i]);
    const std::size_t length = utf8_length(lead);
    if (length == 0 || length > text.size() - i) return false;
    char32_t c = length == 1 ? lead : lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<std::uint8_t>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      c = c << 6 | (next & 0x3Fu);
    }
    static constexpr char32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[length] || c > 0x10FFFF || (c >= 0xD800 && c < 0xE000)) return false;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return false;
    i += length;
  }
  return true;
}

bool parses_as_address(const std::string& text) {
  unsigned char address[16];
  const int family = text.find(':') == std::string::npos ? AF_INET : AF_INET6;
  return inet_pton(family, text.c_str(), address) == 1;
}

void check_accepted(const CertificateInfo& info) {
  FUZZ_CHECK(info.certificates_in_chain >= 1, "accepted without a CERTIFICATE block");
  FUZZ_CHECK(is_clean_utf8(info.subject_common_name), "a CN that is not clean UTF-8");
  for (const std::string& name : info.dns_names) {
    for (const char c : name) FUZZ_CHECK(c > 0x20 && c < 0x7F, "a dNSName byte outside ASCII");
  }
  for (const std::string& address : info.ip_addresses)
    FUZZ_CHECK(parses_as_address(address), address.c_str());
}

bool same_info(const CertificateInfo& a, const CertificateInfo& b) {
  return a.not_before_unix == b.not_before_unix && a.not_after_unix == b.not_after_unix &&
         a.subject_common_name == b.subject_common_name && a.dns_names == b.dns_names &&
         a.ip_addresses == b.ip_addresses && a.certificates_in_chain == b.certificates_in_chain;
}

Result<CertificateInfo> checked_read(std::string_view pem) {
  auto info = lanecast::http::read_certificate(pem);
  if (info.is_ok()) {
    check_accepted(*info);
  } else {
    check_refusal(info.status());
  }
  return info;
}

std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (const char c : text) out += c == '\n' ? std::string_view("\r\n") : std::string_view(&c, 1);
  return out;
}

// The PEM line endings are the reader's business alone: what it says about a CRLF copy of
// the text, refusals and line numbers included, is what it says about the text.
void check_crlf_reads_the_same(std::string_view text, const Result<CertificateInfo>& plain) {
  if (text.size() > kMaxCrlfInput) return;
  const auto crlf = lanecast::http::read_certificate(to_crlf(text));
  FUZZ_CHECK(crlf.is_ok() == plain.is_ok(), "CRLF line ends change whether it is accepted");
  if (plain.is_ok()) {
    FUZZ_CHECK(same_info(*plain, *crlf), "CRLF line ends change what is read");
  } else {
    FUZZ_CHECK(crlf.status().message() == plain.status().message(),
               "CRLF line ends change the reason for a refusal");
  }
  const Status key = lanecast::http::check_private_key(text);
  FUZZ_CHECK(lanecast::http::check_private_key(to_crlf(text)).message() == key.message(),
             "CRLF line ends change the verdict on a key");
}

void read_as_der(std::string_view der) {
  const std::string certificate = pem_armour("CERTIFICATE", der);
  const auto alone = checked_read(certificate);
  if (alone.is_ok()) {
    FUZZ_CHECK(alone->certificates_in_chain == 1, "one block counted as a chain");
    // The blocks after the first are counted and decoded, never walked.
    const auto chain = checked_read(certificate + pem_armour("CERTIFICATE", "0"));
    FUZZ_CHECK(chain.is_ok() && chain->certificates_in_chain == 2, "a chain of two miscounted");
    CertificateInfo first = *chain;
    first.certificates_in_chain = 1;
    FUZZ_CHECK(same_info(*alone, first), "a second block changes what the first says");
  }
  const Status key = lanecast::http::check_private_key(pem_armour("PRIVATE KEY", der));
  if (!key.is_ok()) check_refusal(key);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto info = checked_read(text);
  const Status key = lanecast::http::check_private_key(text);
  if (!key.is_ok()) check_refusal(key);
  check_crlf_reads_the_same(text, info);
  if (size > 0 && data[0] == 0x30) read_as_der(text);  // a DER SEQUENCE's tag
  return 0;
}
