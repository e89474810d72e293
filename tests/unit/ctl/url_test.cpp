#include "daemon/ctl/url.h"

#include <string>

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::ctl::parse_url;

TEST_GROUP(ADaemonUrl){};

TEST(ADaemonUrl, NamesHostPortAndPrefix) {
  struct Case {
    const char* text;
    const char* host;
    int port;
    const char* prefix;
    const char* target_of_healthz;
    const char* authority;
  };
  const Case cases[] = {
      {"http://127.0.0.1:8080", "127.0.0.1", 8080, "", "/healthz", "127.0.0.1:8080"},
      {"http://localhost", "localhost", 80, "", "/healthz", "localhost:80"},
      {"http://store-pc.local:9000/", "store-pc.local", 9000, "", "/healthz", "store-pc.local:9000"},
      {"http://[::1]:8080", "::1", 8080, "", "/healthz", "[::1]:8080"},
      {"http://[fe80::1]", "fe80::1", 80, "", "/healthz", "[fe80::1]:80"},
      {"http://10.0.0.5:8080/lanecast//", "10.0.0.5", 8080, "/lanecast", "/lanecast/healthz", "10.0.0.5:8080"},
      {"http://h:1", "h", 1, "", "/healthz", "h:1"},
      {"http://h:65535", "h", 65535, "", "/healthz", "h:65535"},
  };
  for (const Case& c : cases) {
    auto url = parse_url(c.text);
    CHECK_TRUE_TEXT(url.is_ok(), c.text);
    STRCMP_EQUAL(c.host, url->host.c_str());
    LONGS_EQUAL(c.port, url->port);
    STRCMP_EQUAL(c.prefix, url->prefix.c_str());
    STRCMP_EQUAL(c.target_of_healthz, url->target("/healthz").c_str());
    STRCMP_EQUAL(c.authority, url->authority().c_str());
  }
}

TEST(ADaemonUrl, RejectsWhatItCannotReach) {
  const char* rejected[] = {
      "",
      "127.0.0.1:8080",
      "https://127.0.0.1:8080",
      "ftp://host",
      "http://",
      "http://:8080",
      "http://host:",
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
      "http://[::1]:",
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
}
