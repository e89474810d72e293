#include "daemon/http/certificate.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gnutls/gnutls.h>

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::Status;
using lanecast::http::CertificateInfo;
using lanecast::http::check_key_pair;
using lanecast::http::check_private_key;
using lanecast::http::read_certificate;

// The certificates and keys come from tests/data/tls/regenerate.sh, which also stores what
// openssl prints about each certificate (<name>.openssl.txt); those facts are the oracle.
namespace {

std::string tls_file(const std::string& name) {
  std::ifstream in(std::string(LANECAST_TEST_DATA_DIR) + "/tls/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().empty()) FAIL(("missing test file tls/" + name).c_str());
  return text.str();
}

std::string to_crlf(const std::string& text) {
  std::string out;
  for (const char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

// DER in a PEM CERTIFICATE block, armoured by GnuTLS.
std::string certificate_pem(const std::string& der) {
  const gnutls_datum_t data = {reinterpret_cast<unsigned char*>(const_cast<char*>(der.data())),
                               static_cast<unsigned int>(der.size())};
  gnutls_datum_t pem = {nullptr, 0};
  if (gnutls_pem_base64_encode2("CERTIFICATE", &data, &pem) < 0) FAIL("cannot armour DER");
  std::string text(reinterpret_cast<const char*>(pem.data), pem.size);
  gnutls_free(pem.data);
  return text;
}

void check_refused(const Status& status, const std::string& fragment, const std::string& input) {
  const std::string context = "for " + input + ": '" + status.message() + "'";
  CHECK_TEXT(!status.is_ok(), ("accepted " + input).c_str());
  CHECK_TEXT(status.kind() == Status::Kind::kInvalidInput, context.c_str());
  CHECK_TEXT(status.message().find(fragment) != std::string::npos,
             (context + " does not say '" + fragment + "'").c_str());
}

bool is_base64_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
}

// True when ten or more consecutive base64 characters of the message occur in the PEM text:
// a message that quotes the key, however little.
bool quotes_pem_body(const std::string& message, const std::string& pem) {
  constexpr std::size_t kRun = 10;
  for (std::size_t i = 0; i + kRun <= message.size(); ++i) {
    const std::string window = message.substr(i, kRun);
    bool all_base64 = true;
    for (const char c : window) all_base64 = all_base64 && is_base64_char(c);
    if (all_base64 && pem.find(window) != std::string::npos) return true;
  }
  return false;
}

// ---- What openssl said ----------------------------------------------------------------------

// "Nov 28 21:37:02 2026 GMT" as openssl -dates prints it; timegm is an independent oracle.
std::int64_t openssl_date(const std::string& text) {
  char month[4] = {};
  int day = 0, hour = 0, minute = 0, second = 0, year = 0;
  if (std::sscanf(text.c_str(), "%3s %d %d:%d:%d %d GMT", month, &day, &hour, &minute, &second,
                  &year) != 6)
    FAIL(("unreadable openssl date " + text).c_str());
  const std::string months = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = static_cast<int>(months.find(month) / 3);
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string::npos;
       start = end + separator.size())
    parts.push_back(text.substr(start, end - start));
  parts.push_back(text.substr(start));
  return parts;
}

// openssl 3.0 prints "0:0:0:0:0:0:0:1"; inet_ntop gives the RFC 5952 form.
std::string normalised_ip(const std::string& text) {
  unsigned char address[16];
  char printed[INET6_ADDRSTRLEN];
  if (text.find(':') == std::string::npos) return text;
  if (inet_pton(AF_INET6, text.c_str(), address) != 1) FAIL(("bad IPv6 " + text).c_str());
  return inet_ntop(AF_INET6, address, printed, sizeof printed);
}

void read_san_line(const std::string& line, CertificateInfo& facts) {
  std::string entries = line.substr(line.find_first_not_of(' '));
  for (const auto& entry : split(entries, ", ")) {
    if (entry.rfind("DNS:", 0) == 0) facts.dns_names.push_back(entry.substr(4));
    if (entry.rfind("IP Address:", 0) == 0)
      facts.ip_addresses.push_back(normalised_ip(entry.substr(11)));
  }
}

CertificateInfo openssl_facts(const std::string& name) {
  CertificateInfo facts;
  std::istringstream lines(tls_file(name + ".openssl.txt"));
  bool san_follows = false;
  for (std::string line; std::getline(lines, line);
       san_follows = line.rfind("X509v3 Subject Alt", 0) == 0) {
    if (san_follows) read_san_line(line, facts);
    if (line.rfind("notBefore=", 0) == 0) facts.not_before_unix = openssl_date(line.substr(10));
    if (line.rfind("notAfter=", 0) == 0) facts.not_after_unix = openssl_date(line.substr(9));
    if (line.rfind("subject=", 0) != 0) continue;
    for (const auto& part : split(line.substr(8), ", "))
      if (part.rfind("CN = ", 0) == 0) facts.subject_common_name = part.substr(5);
  }
  return facts;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

void check_same(const CertificateInfo& expected, const CertificateInfo& actual, const char* name) {
  LONGLONGS_EQUAL_TEXT(expected.not_before_unix, actual.not_before_unix, name);
  LONGLONGS_EQUAL_TEXT(expected.not_after_unix, actual.not_after_unix, name);
  STRCMP_EQUAL_TEXT(expected.subject_common_name.c_str(), actual.subject_common_name.c_str(), name);
  STRCMP_EQUAL_TEXT(joined(expected.dns_names).c_str(), joined(actual.dns_names).c_str(), name);
  STRCMP_EQUAL_TEXT(joined(expected.ip_addresses).c_str(), joined(actual.ip_addresses).c_str(),
                    name);
}

CertificateInfo read_ok(const std::string& pem, const std::string& what) {
  auto info = read_certificate(pem);
  if (!info.is_ok()) FAIL((what + ": " + info.status().message()).c_str());
  return *info;
}

}  // namespace

TEST_GROUP(ACertificate){};

TEST(ACertificate, SaysWhatOpensslSaysAboutEveryTestCertificate) {
  const struct {
    const char* name;
    int certificates_in_chain;
  } kCases[] = {{"ec_cert", 1},     {"rsa_cert", 1},    {"far_future_cert", 1},
                {"no_cn_cert", 1},  {"bmp_cn_cert", 1}, {"v1_cert", 1},
                {"two_cn_cert", 1}, {"chain", 2},       {"text_dump_cert", 1}};
  for (const auto& c : kCases) {
    const CertificateInfo info = read_ok(tls_file(std::string(c.name) + ".pem"), c.name);
    check_same(openssl_facts(c.name), info, c.name);
    LONGS_EQUAL_TEXT(c.certificates_in_chain, info.certificates_in_chain, c.name);
  }
}

TEST(ACertificate, ReportsTheNamesAndLifetimeOfAServerCertificate) {
  const CertificateInfo info = read_ok(tls_file("ec_cert.pem"), "ec_cert");
  STRCMP_EQUAL("store.example", info.subject_common_name.c_str());
  STRCMP_EQUAL("store.example lanes.store.example", joined(info.dns_names).c_str());
  STRCMP_EQUAL("127.0.0.1 ::1", joined(info.ip_addresses).c_str());
  LONGLONGS_EQUAL(30 * 86'400, info.not_after_unix - info.not_before_unix);
  LONGS_EQUAL(1, info.certificates_in_chain);
}

TEST(ACertificate, PrintsIpAddressesInRfc5952ShortForm) {
  const CertificateInfo info = read_ok(tls_file("no_cn_cert.pem"), "no_cn_cert");
  STRCMP_EQUAL(
      "2001:db8::1:0:0:1 2001:db8:: ::ffff:192.0.2.1 fe80::1 2001:0:0:1::1 "
      "1:0:1:0:1:0:1:0 :: 10.0.0.254",
      joined(info.ip_addresses).c_str());
}

TEST(ACertificate, HasAnEmptyCommonNameWhenTheSubjectHasNone) {
  const CertificateInfo info = read_ok(tls_file("no_cn_cert.pem"), "no_cn_cert");
  STRCMP_EQUAL("", info.subject_common_name.c_str());
  STRCMP_EQUAL("lane-1.store.example", joined(info.dns_names).c_str());
}

TEST(ACertificate, NamesTheMostSpecificOfTwoCommonNames) {
  STRCMP_EQUAL("lane-7.store.example",
               read_ok(tls_file("two_cn_cert.pem"), "two_cn_cert").subject_common_name.c_str());
}

TEST(ACertificate, ReadsCommonNamesInEveryStringTypeOpensslWrites) {
  STRCMP_EQUAL("Kasse München – Ost",
               read_ok(tls_file("bmp_cn_cert.pem"), "bmp").subject_common_name.c_str());
  STRCMP_EQUAL("rsa.store.example",
               read_ok(tls_file("rsa_cert.pem"), "printable").subject_common_name.c_str());
}

TEST(ACertificate, ReadsAnExpiryPast2049AsGeneralizedTime) {
  const CertificateInfo info = read_ok(tls_file("far_future_cert.pem"), "far_future_cert");
  CHECK(info.not_after_unix > 2'524'608'000);  // 2050-01-01T00:00:00Z
  CHECK(info.not_before_unix < 2'524'608'000);
}

TEST(ACertificate, ReadsTheServersOwnCertificateFirstInAChain) {
  const CertificateInfo info = read_ok(tls_file("chain.pem"), "chain");
  STRCMP_EQUAL("chain.store.example", info.subject_common_name.c_str());
  STRCMP_EQUAL("192.168.10.5", joined(info.ip_addresses).c_str());
  LONGS_EQUAL(2, info.certificates_in_chain);
}

TEST(ACertificate, ReadsTheSameWithCrlfLineEndingsOrTextAroundTheBlock) {
  const CertificateInfo plain = read_ok(tls_file("ec_cert.pem"), "ec_cert");
  const std::string variants[] = {to_crlf(tls_file("ec_cert.pem")), tls_file("text_dump_cert.pem"),
                                  to_crlf(tls_file("text_dump_cert.pem")),
                                  "Bag Attributes\n" + tls_file("ec_cert.pem") + "trailer\n",
                                  tls_file("ec_key.pem") + tls_file("ec_cert.pem")};
  for (const auto& variant : variants) {
    const CertificateInfo info = read_ok(variant, "variant");
    check_same(plain, info, variant.substr(0, 40).c_str());
    LONGS_EQUAL(1, info.certificates_in_chain);
  }
}

TEST(ACertificate, ReadsAVersion1CertificateWithoutExtensions) {
  const CertificateInfo info = read_ok(tls_file("v1_cert.pem"), "v1_cert");
  STRCMP_EQUAL("v1.store.example", info.subject_common_name.c_str());
  CHECK(info.dns_names.empty());
  CHECK(info.ip_addresses.empty());
}

TEST_GROUP(AMalformedCertificate){};

TEST(AMalformedCertificate, IsRefusedWhereverItsDerIsCutShort) {
  const std::string der = tls_file("ec_cert.der");
  for (std::size_t cut = 0; cut < der.size(); ++cut) {
    check_refused(read_certificate(certificate_pem(der.substr(0, cut))).status(),
                  cut == 0 ? "bad base64 in certificate" : "the certificate cannot be decoded",
                  "cut at " + std::to_string(cut));
  }
  CHECK(read_certificate(certificate_pem(der)).is_ok());
}

TEST(AMalformedCertificate, IsRefusedWhereverItsPemTextIsCutShort) {
  const std::string pem = tls_file("ec_cert.pem");
  const std::size_t end_line = pem.find("-----END");
  // Up to the END line's first dash: once that is there, GnuTLS reads the block as whole.
  for (std::size_t cut = 0; cut <= end_line; ++cut) {
    const auto result = read_certificate(pem.substr(0, cut));
    CHECK_TEXT(!result.is_ok(), ("accepted a cut at " + std::to_string(cut)).c_str());
    LONGS_EQUAL(static_cast<int>(Status::Kind::kInvalidInput),
                static_cast<int>(result.status().kind()));
  }
}

// Every single-byte corruption of every test certificate gives a value, never a crash or a
// read out of bounds (run under LANECAST_SANITIZE to see the latter).
TEST(AMalformedCertificate, GivesAnAnswerWhicheverByteIsCorrupted) {
  for (const char* file : {"ec_cert.der", "far_future_cert.der"}) {
    const std::string der = tls_file(file);
    for (std::size_t at = 0; at < der.size(); ++at) {
      for (const int flip : {0x01, 0x80, 0xff}) {
        std::string corrupt = der;
        corrupt[at] = static_cast<char>(corrupt[at] ^ flip);
        const auto result = read_certificate(certificate_pem(corrupt));
        CHECK(result.is_ok() || result.status().kind() == Status::Kind::kInvalidInput);
      }
    }
  }
}

// Names go to the journal and the staff page, where a control character could forge a line.
TEST(AMalformedCertificate, IsRefusedWhenANameHoldsWhatCouldForgeALogLine) {
  const struct {
    std::string find;       // bytes to find in ec_cert.der (the last occurrence)
    std::size_t change_at;  // index into them of the byte to change
    char new_byte;
    const char* fragment;  // "" : must be accepted
  } kCases[] = {
      {"\x0c\x0dstore.example", 4, 0x1b, "the subject CN holds a control character"},
      {"\x0c\x0dstore.example", 4, 0x0a, "the subject CN holds a control character"},
      {"\x0c\x0dstore.example", 4, static_cast<char>(0xc3), "or is not valid UTF-8"},
      {"\x82\x13lanes.store", 4, 0x0a, "a subjectAltName dNSName holds a byte outside printable ASCII"},
      {"\x82\x13lanes.store", 4, ' ', "a subjectAltName dNSName holds a byte outside printable ASCII"},
      {"\x0c\x0dstore.example", 4, 'x', ""},  // the baseline: an ordinary change is accepted
  };
  for (const auto& c : kCases) {
    std::string der = tls_file("ec_cert.der");
    const std::size_t at = der.rfind(c.find);
    if (at == std::string::npos) FAIL(("test certificate lacks " + c.find).c_str());
    der[at + c.change_at] = c.new_byte;
    const auto result = read_certificate(certificate_pem(der));
    if (*c.fragment == '\0') {
      CHECK_TEXT(result.is_ok(), result.status().message().c_str());
    } else {
      check_refused(result.status(), c.fragment, c.fragment);
    }
  }
}

TEST(AMalformedCertificate, IsRefusedWhenItsPemIsBroken) {
  const std::string cert = tls_file("ec_cert.pem");
  const struct {
    std::string pem;
    std::string fragment;
  } kCases[] = {
      {"", "no PEM CERTIFICATE block"},
      {"just some text\n", "no PEM CERTIFICATE block"},
      {"-----BEGIN CERTIFICATE-----\nMAA=\n", "the PEM CERTIFICATE block has no END line"},
      {"x\n-----BEGIN CERTIFICATE-----\nMAA=\n-----END PRIVATE KEY-----\n", "has no END line"},
      {tls_file("ec_cert.der"), "this looks like binary DER"},
      {"-----BEGIN certificate-----\nMAA=\n-----END certificate-----\n",
       "no PEM CERTIFICATE block"},
      {"-----BEGIN CERTIFICATE-----\nMA*=\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate"},
      {"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
       "the certificate cannot be decoded"},
      {cert + "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate"},
      {std::string((1 << 20) + 1, '\n'), "PEM text is larger than 1 MiB"},
  };
  for (const auto& c : kCases)
    check_refused(read_certificate(c.pem).status(), c.fragment, c.fragment);
}

TEST(AMalformedCertificate, NamesAPrivateKeyPassedInItsPlaceWithoutQuotingIt) {
  for (const char* file :
       {"ec_key.pem", "rsa_key.pem", "legacy_rsa_key.pem", "encrypted_key.pem"}) {
    const std::string pem = tls_file(file);
    const Status status = read_certificate(pem).status();
    check_refused(status, "this looks like a private key, not a certificate", file);
    CHECK_FALSE_TEXT(quotes_pem_body(status.message(), pem), file);
  }
}

TEST_GROUP(APrivateKey){};

TEST(APrivateKey, IsAcceptedInEveryUnencryptedFormOpensslWrites) {
  const struct {
    const char* name;
    std::string pem;
  } kCases[] = {
      {"PKCS#8 EC", tls_file("ec_key.pem")},
      {"PKCS#8 RSA", tls_file("rsa_key.pem")},
      {"traditional RSA", tls_file("legacy_rsa_key.pem")},
      {"ecparam -genkey, with EC PARAMETERS", tls_file("ecparam_key.pem")},
      {"CRLF", to_crlf(tls_file("rsa_key.pem"))},
      {"text before it", "Private-Key: (256 bit)\n" + tls_file("ec_key.pem")},
      {"combined with its certificate", tls_file("ec_cert.pem") + tls_file("ec_key.pem")},
  };
  for (const auto& c : kCases) {
    const Status status = check_private_key(c.pem);
    CHECK_TEXT(status.is_ok(), (std::string(c.name) + ": " + status.message()).c_str());
  }
}

TEST(APrivateKey, IsRefusedWithAReasonThatQuotesNoneOfIt) {
  std::string bad_base64 = tls_file("ec_key.pem");
  bad_base64[40] = '!';
  // A whole 64-character line gone keeps the base64 valid but cuts the DER short.
  std::string missing_line = tls_file("rsa_key.pem");
  missing_line.erase(missing_line.find('\n') + 1 + 65, 65);
  const std::string header =
      "-----BEGIN PRIVATE KEY-----\nComment: made by hand\n\n" + tls_file("ec_key.pem").substr(28);
  const struct {
    const char* name;
    std::string pem;
    const char* fragment;
  } kCases[] = {
      {"PKCS#8 encrypted", tls_file("encrypted_key.pem"), "lanecastd needs an unencrypted key"},
      {"legacy encrypted", tls_file("legacy_encrypted_key.pem"),
       "lanecastd needs an unencrypted key"},
      {"a certificate", tls_file("ec_cert.pem"),
       "this looks like a certificate, not a private key"},
      {"a chain", tls_file("chain.pem"), "this looks like a certificate, not a private key"},
      {"nothing", "", "no PEM private key block"},
      {"EC parameters only",
       "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n",
       "no PEM private key block"},
      {"two keys", tls_file("ec_key.pem") + tls_file("rsa_key.pem"),
       "found 2 private keys; lanecastd needs exactly one"},
      {"OpenSSH",
       "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE "
       "KEY-----\n",
       "OPENSSH PRIVATE KEY blocks are not supported"},
      {"DSA", "-----BEGIN DSA PRIVATE KEY-----\nMAA=\n-----END DSA PRIVATE KEY-----\n",
       "not supported"},
      {"bad base64", bad_base64, "bad base64 in private key"},
      {"a line missing", missing_line, "the private key cannot be decoded"},
      {"empty", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
       "bad base64 in private key"},
      {"trailing DER", "-----BEGIN PRIVATE KEY-----\nMAAA\n-----END PRIVATE KEY-----\n",
       "the private key cannot be decoded"},
      {"unknown header", header, "bad base64 in private key"},
      {"no END line", tls_file("ec_key.pem").substr(0, 100), "has no END line"},
  };
  for (const auto& c : kCases) {
    const Status status = check_private_key(c.pem);
    check_refused(status, c.fragment, c.name);
    CHECK_FALSE_TEXT(quotes_pem_body(status.message(), c.pem), c.name);
  }
}

TEST_GROUP(AKeyPair){};

TEST(AKeyPair, IsAcceptedWhenTheKeyBelongsToTheCertificate) {
  const struct {
    const char* certificate;
    const char* key;
  } kCases[] = {{"ec_cert.pem", "ec_key.pem"}, {"rsa_cert.pem", "rsa_key.pem"}};
  for (const auto& c : kCases) {
    const Status status = check_key_pair(tls_file(c.certificate), tls_file(c.key));
    CHECK_TEXT(status.is_ok(), (std::string(c.certificate) + ": " + status.message()).c_str());
  }
}

TEST(AKeyPair, IsRefusedWhenTheKeyBelongsToAnotherCertificate) {
  const struct {
    const char* certificate;
    const char* key;
  } kCases[] = {{"ec_cert.pem", "rsa_key.pem"},
                {"rsa_cert.pem", "legacy_rsa_key.pem"},
                {"chain.pem", "ec_key.pem"}};
  for (const auto& c : kCases) {
    const std::string key = tls_file(c.key);
    const Status status = check_key_pair(tls_file(c.certificate), key);
    check_refused(status, "the private key and the certificate do not match", c.key);
    CHECK_FALSE_TEXT(quotes_pem_body(status.message(), key), c.key);
  }
}
