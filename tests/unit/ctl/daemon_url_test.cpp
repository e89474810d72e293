#include "daemon/ctl/daemon_url.h"

#include <string>

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::ctl::parse_url;

TEST_GROUP(ADaemonUrl){};

TEST(ADaemonUrl, NamesSchemeHostPortAndPrefix) {
  struct Case {
    const char* text;
    const char* scheme;
    const char* host;
    int port;
    const char* prefix;
    const char* target_of_healthz;
  };
  const Case cases[] = {
      {"http://127.0.0.1:8080", "http", "127.0.0.1", 8080, "", "/healthz"},
      {"http://localhost", "http", "localhost", 80, "", "/healthz"},
      {"https://store-pc.local", "https", "store-pc.local", 443, "", "/healthz"},
      {"https://127.0.0.1:8443/", "https", "127.0.0.1", 8443, "", "/healthz"},
      {"http://store-pc.local:9000/", "http", "store-pc.local", 9000, "", "/healthz"},
      {"http://[::1]:8080", "http", "::1", 8080, "", "/healthz"},
      {"https://[fe80::1]", "https", "fe80::1", 443, "", "/healthz"},
      {"http://10.0.0.5:8080/lanecast//", "http", "10.0.0.5", 8080, "/lanecast", "/lanecast/healthz"},
      {"http://h:1", "http", "h", 1, "", "/healthz"},
      {"http://h:65535", "http", "h", 65535, "", "/healthz"},
  };
  for (const Case& c : cases) {
    auto url = parse_url(c.text);
    CHECK_TRUE_TEXT(url.is_ok(), c.text);
    STRCMP_EQUAL(c.scheme, url->scheme.c_str());
    STRCMP_EQUAL(c.host, url->host.c_str());
    LONGS_EQUAL(c.port, url->port);
    STRCMP_EQUAL(c.prefix, url->prefix.c_str());
    STRCMP_EQUAL(c.target_of_healthz, url->target("/healthz").c_str());
  }
}

TEST(ADaemonUrl, RejectsWhatItCannotReach) {
  const char* rejected[] = {
      "",
      "127.0.0.1:8080",
      "ftp://host",
      "file:///etc/passwd",
      "http://",
      "http://:8080",
      "http://host:0",
      "http://host:65536",
      "http://host:80a",
      "http://host:123456",
      "http://user:pw@host",
      "http://host/path?query=1",
      "http://host/path#fragment",
      "http://ho st",
      "http://[::1",
      "http://[::1]x",
      "http://[zz::1]",
      "http://host/pa th",
  };
  for (const char* text : rejected) {
    auto url = parse_url(text);
    CHECK_FALSE_TEXT(url.is_ok(), text);
    CHECK_TRUE(url.status().kind() == lanecast::Status::Kind::kInvalidInput);
  }
}

TEST(ADaemonUrl, PrintsBackAsItsCanonicalText) {
  STRCMP_EQUAL("http://[::1]:8080/x", parse_url("http://[::1]:8080/x/")->to_string().c_str());
  STRCMP_EQUAL("http://localhost:80", parse_url("http://localhost")->to_string().c_str());
  STRCMP_EQUAL("https://127.0.0.1:443", parse_url("https://127.0.0.1")->to_string().c_str());
}
