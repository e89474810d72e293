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

#include "tests/support/base64_encoder.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::Status;
using lanecast::http::CertificateInfo;
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

std::string certificate_pem(const std::string& der) {
  return lanecast::testing::pem_armour("CERTIFICATE", der);
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

// Where ec_cert.der keeps its notBefore (a UTCTime first in the validity SEQUENCE) and
// far_future_cert.der its notAfter (the GeneralizedTime after a UTCTime): the offset of the
// time's tag byte.
std::size_t time_at(const std::string& der, char tag) {
  const std::size_t at = tag == 0x17 ? der.find("\x30\x1e\x17\x0d") + 2 : der.find("Z\x18\x0f") + 1;
  if (at > der.size()) FAIL("no such time in the test certificate");
  return at;
}

// The certificate with that time's text replaced by `text` of the same length.
std::string with_time(const std::string& file, char tag, const std::string& text) {
  std::string der = tls_file(file);
  return der.replace(time_at(der, tag) + 2, text.size(), text);
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

TEST_GROUP(ACertificateDate){};

TEST(ACertificateDate, FollowsTheRfc5280CenturyRulesAndTheCalendar) {
  const struct {
    const char* file;
    char tag;
    const char* text;
    std::int64_t unix_time;
  } kCases[] = {
      {"ec_cert.der", 0x17, "240229123456Z", 1'709'210'096},
      {"ec_cert.der", 0x17, "700101000000Z", 0},
      {"ec_cert.der", 0x17, "991231235959Z", 946'684'799},
      {"ec_cert.der", 0x17, "000301000000Z", 951'868'800},
      {"ec_cert.der", 0x17, "491231235959Z", 2'524'607'999},  // YY < 50: 20YY
      {"ec_cert.der", 0x17, "500101000000Z", -631'152'000},   // YY >= 50: 19YY
      {"far_future_cert.der", 0x18, "20500101000000Z", 2'524'608'000},
      {"far_future_cert.der", 0x18, "20000229000000Z", 951'782'400},
      {"far_future_cert.der", 0x18, "20991231235959Z", 4'102'444'799},
      {"far_future_cert.der", 0x18, "16010101000000Z", -11'644'473'600},
      {"far_future_cert.der", 0x18, "99991231235959Z", 253'402'300'799},
  };
  for (const auto& c : kCases) {
    const std::string der = with_time(c.file, c.tag, c.text);
    const bool is_utc = c.tag == 0x17;
    const CertificateInfo info = read_ok(certificate_pem(der), c.text);
    LONGLONGS_EQUAL_TEXT(c.unix_time, is_utc ? info.not_before_unix : info.not_after_unix, c.text);
  }
}

TEST(ACertificateDate, RefusesTimesThatNameNoRealMomentOrBreakTheFormat) {
  const struct {
    const char* file;
    char tag;
    const char* text;
    const char* fragment;
  } kCases[] = {
      {"ec_cert.der", 0x17, "231301000000Z", "out of range: 2023-13-01 00:00:00"},
      {"ec_cert.der", 0x17, "230001000000Z", "out of range"},
      {"ec_cert.der", 0x17, "230100000000Z", "out of range"},
      {"ec_cert.der", 0x17, "230229000000Z", "out of range: 2023-02-29"},
      {"ec_cert.der", 0x17, "230431000000Z", "out of range"},
      {"ec_cert.der", 0x17, "230101240000Z", "out of range"},
      {"ec_cert.der", 0x17, "230101236000Z", "out of range"},
      {"ec_cert.der", 0x17, "230101235960Z", "out of range"},
      {"ec_cert.der", 0x17, "2301012359 9Z", "is not a valid UTCTime YYMMDDHHMMSSZ"},
      {"ec_cert.der", 0x17, "-30101235959Z", "is not a valid UTCTime"},
      {"ec_cert.der", 0x17, "230101235959+", "is not a valid UTCTime"},
      {"ec_cert.der", 0x17, "2301012359590", "is not a valid UTCTime"},
      {"far_future_cert.der", 0x18, "21000229000000Z", "out of range: 2100-02-29"},
      {"far_future_cert.der", 0x18, "2024010100000aZ", "is not a valid GeneralizedTime"},
      {"far_future_cert.der", 0x18, "20240101000000.", "is not a valid GeneralizedTime"},
  };
  for (const auto& c : kCases) {
    check_refused(read_certificate(certificate_pem(with_time(c.file, c.tag, c.text))).status(),
                  c.fragment, c.text);
  }
}

TEST(ACertificateDate, RefusesATimeOfTheWrongTypeOrLength) {
  std::string der = tls_file("ec_cert.der");
  const std::size_t at = time_at(der, 0x17);
  der[at] = 0x18;  // a GeneralizedTime of UTCTime's 13 characters
  check_refused(read_certificate(certificate_pem(der)).status(),
                "notBefore at byte " + std::to_string(at) + " is not a valid GeneralizedTime",
                "short GeneralizedTime");
  der[at] = 0x04;
  check_refused(read_certificate(certificate_pem(der)).status(),
                "unexpected tag 0x04 at byte " + std::to_string(at) +
                    " (wanted UTCTime or GeneralizedTime notBefore)",
                "OCTET STRING as time");
}

TEST_GROUP(AMalformedCertificate){};

TEST(AMalformedCertificate, IsRefusedWhereverItsDerIsCutShort) {
  const std::string der = tls_file("ec_cert.der");
  for (std::size_t cut = 0; cut < der.size(); ++cut) {
    check_refused(read_certificate(certificate_pem(der.substr(0, cut))).status(),
                  "certificate DER is truncated at byte " + std::to_string(cut),
                  "cut at " + std::to_string(cut));
  }
  CHECK(read_certificate(certificate_pem(der)).is_ok());
}

TEST(AMalformedCertificate, IsRefusedWhereverItsPemTextIsCutShort) {
  const std::string pem = tls_file("ec_cert.pem");
  // The last byte is the END line's newline, without which the text is still whole.
  for (std::size_t cut = 0; cut + 1 < pem.size(); ++cut) {
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

TEST(AMalformedCertificate, IsRefusedWhenItsDerBreaksTheRules) {
  const struct {
    std::string der;
    std::string fragment;
  } kCases[] = {
      {std::string("\x30\x80\x00\x00", 4), "indefinite length at byte 1 is not allowed in DER"},
      {"\x30\x85\x01\x01\x01\x01\x01", "length of 5 bytes at byte 1 is too long"},
      {"\x30\x81\x05\x30\x03\x30\x01\x01", "non-minimal length at byte 1"},
      {std::string("\x30\x82\x00\x02\x30\x00", 6), "non-minimal length at byte 1"},
      {"\x30\x84\xff\xff\xff\xff", "certificate DER is truncated at byte 6"},
      {std::string("\x31\x00", 2), "unexpected tag 0x31 at byte 0 (wanted SEQUENCE Certificate)"},
      {std::string("\x30\x00", 2), "missing SEQUENCE tbsCertificate at byte 2"},
      {std::string("\x30\x02\x30\x00", 4), "missing SEQUENCE signatureAlgorithm at byte 4"},
      {std::string("\x30\x03\x30\x05\x00", 5),
       "element at byte 2 runs past the end of its enclosing element at byte 5"},
      {std::string("\x30\x06\x30\x00\x30\x00\x04\x00", 8),
       "unexpected tag 0x04 at byte 6 (wanted BIT STRING signatureValue)"},
      {std::string("\x30\x08\x30\x00\x30\x00\x03\x00\x05\x00", 10),
       "unexpected tag 0x05 at byte 8 after signatureValue"},
      {tls_file("ec_cert.der") + std::string(1, '\0'),
       "unexpected tag 0x00 at byte " + std::to_string(tls_file("ec_cert.der").size()) +
           " after the certificate"},
      {std::string("\x30\x06\x30\x00\x30\x00\x03\x00", 8),
       "missing INTEGER serialNumber at byte 4"},
  };
  for (const auto& c : kCases)
    check_refused(read_certificate(certificate_pem(c.der)).status(), c.fragment, c.fragment);
}

TEST(AMalformedCertificate, IsRefusedWhenAFieldHoldsWhatItMustNot) {
  const struct {
    std::string find;       // bytes to find in ec_cert.der (the last occurrence)
    std::size_t change_at;  // index into them of the byte to change
    char new_byte;
    std::string fragment;  // "@" stands for the offset of the found bytes
  } kCases[] = {
      {std::string("\xa0\x03\x02\x01\x02", 5), 4, 0x05, "version at byte 10 is not 1, 2 or 3"},
      {std::string("\xa0\x03\x02\x01\x02", 5), 4, 0x00, "in a version 1 or 2 certificate"},
      {"\x0c\x0dstore.example", 4, 0x1b, "subject CN at byte @ holds a control character"},
      {"\x0c\x0dstore.example", 4, static_cast<char>(0xc3),
       "subject CN at byte @ is not a well-formed string"},
      {"\x0c\x0dstore.example", 0, 0x03,
       "subject CN at byte @ is not a well-formed string of a known type (tag 0x03)"},
      {"\x0c\x0dstore.example", 0, 0x1f, "multi-byte tag at byte @ (X.509 uses none)"},
      {"\x82\x13lanes.store", 4, 0x0a, "subjectAltName dNSName at byte @ holds"},
      {"\x82\x13lanes.store", 4, ' ', "holds a byte outside printable ASCII"},
      {"\x55\x1d\x13", 2, 0x11, "second subjectAltName extension"},
      {"\x55\x1d\x11", 2, 0x11, ""},  // unchanged: the baseline must be accepted
  };
  for (const auto& c : kCases) {
    std::string der = tls_file("ec_cert.der");
    const std::size_t at = der.rfind(c.find);
    if (at == std::string::npos) FAIL(("test certificate lacks " + c.find).c_str());
    der[at + c.change_at] = c.new_byte;
    std::string fragment = c.fragment;
    if (const auto mark = fragment.find('@'); mark != std::string::npos)
      fragment.replace(mark, 1, std::to_string(at));
    const auto result = read_certificate(certificate_pem(der));
    if (fragment.empty()) {
      CHECK(result.is_ok());
    } else {
      check_refused(result.status(), fragment, fragment);
    }
  }
}

TEST(AMalformedCertificate, IsRefusedWhenItsPemIsBroken) {
  const std::string cert = tls_file("ec_cert.pem");
  const std::string tiny = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
  const auto next_line = std::to_string(std::count(cert.begin(), cert.end(), '\n') + 1);
  const struct {
    std::string pem;
    std::string fragment;
  } kCases[] = {
      {"", "no PEM CERTIFICATE block"},
      {"just some text\n", "no PEM CERTIFICATE block"},
      {tls_file("ec_cert.der"), "this looks like binary DER"},
      {"-----BEGIN CERTIFICATE-----\nMAA=\n",
       "PEM CERTIFICATE block starting on line 1 has no END line"},
      {"x\n-----BEGIN CERTIFICATE-----\nMAA=\n-----END PRIVATE KEY-----\n",
       "block starting on line 2 is not closed by its END line but by line 4"},
      {"-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n", "not closed by its END line"},
      {"-----BEGIN CERTIFICATE\x01-----\nMAA=\n-----END CERTIFICATE\x01-----\n",
       "malformed PEM BEGIN line on line 1"},
      {"-----BEGIN X-CERT-----\nMAA=\n-----END X-CERT-----\n", "malformed PEM BEGIN line"},
      {"-----BEGIN certificate-----\nMAA=\n-----END certificate-----\n",
       "no PEM CERTIFICATE block"},
      {"-----BEGIN CERTIFICATE----\nMAA=\n-----END CERTIFICATE-----\n", "malformed PEM BEGIN line"},
      {"-----BEGIN -----\n", "malformed PEM BEGIN line"},
      {"-----BEGIN CERTIFICATE-----\nMA*=\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate (block on line 1)"},
      {"-----BEGIN CERTIFICATE-----\nMAA\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate"},
      {"-----BEGIN CERTIFICATE-----\nM=AA\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate"},
      {"-----BEGIN CERTIFICATE-----\nMA=A\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate"},
      {"-----BEGIN CERTIFICATE-----\nMA==MAA=\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate"},
      {"-----BEGIN CERTIFICATE-----\n M A A=\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate"},
      {"-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\nMAA=\n-----END CERTIFICATE-----\n",
       "unexpected header line in the CERTIFICATE block on line 1"},
      {cert + "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
       "bad base64 in certificate (block on line " + next_line + ")"},
      {tiny, "missing SEQUENCE tbsCertificate at byte 2"},
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
      {"bad base64", bad_base64, "bad base64 in private key (block on line 1)"},
      {"a line missing", missing_line, "is not one whole DER SEQUENCE"},
      {"empty", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
       "is not one whole DER SEQUENCE"},
      {"trailing DER", "-----BEGIN PRIVATE KEY-----\nMAAA\n-----END PRIVATE KEY-----\n",
       "is not one whole DER SEQUENCE"},
      {"unknown header", header, "unexpected header line in the private key (block on line 1)"},
      {"no END line", tls_file("ec_key.pem").substr(0, 100), "has no END line"},
  };
  for (const auto& c : kCases) {
    const Status status = check_private_key(c.pem);
    check_refused(status, c.fragment, c.name);
    CHECK_FALSE_TEXT(quotes_pem_body(status.message(), c.pem), c.name);
  }
}
