#include "daemon/http/auth_hosts.h"

#include <string>
#include <vector>

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::http::OwnHosts;

namespace {
const OwnHosts kHosts({"kiosk.store.lan", "Store-PC", "lanecast.local."});

// Host headers that name this daemon.
const char* const kOwn[] = {
    "127.0.0.1", "127.0.0.1:8080", "192.0.2.7:8080", "[::1]", "[::1]:8080", "[fe80::1]:443",
    "localhost", "localhost:8080", "LOCALHOST.", "kiosk.localhost:8080", "a.b.localhost",
    "kiosk.store.lan", "KIOSK.Store.Lan.:8080", "store-pc:80", "lanecast.local",
};
// Host headers of someone else's name, or no host at all.
const char* const kForeign[] = {
    "evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.evil.example",
    "kiosk.store.lan.evil.example", "xlocalhost", "store-pc.evil.example", "2130706433",
    "0x7f.0.0.1", "[::1", "[::1]x", "[evil.example]:80", "", ":8080", "[]",
};
}  // namespace

TEST_GROUP(TheDaemonsOwnHosts){};

TEST(TheDaemonsOwnHosts, AreIpLiteralsLocalhostAndTheConfiguredNames) {
  for (const char* host : kOwn) CHECK_TRUE_TEXT(kHosts.contains(host), host);
}

TEST(TheDaemonsOwnHosts, ExcludeEveryOtherName) {
  for (const char* host : kForeign) CHECK_FALSE_TEXT(kHosts.contains(host), host);
}

TEST(TheDaemonsOwnHosts, IncludeTheMachinesNameAndItsFirstLabel) {
  const std::vector<std::string> names = OwnHosts::machine_names();
  CHECK_FALSE(names.empty());
  const OwnHosts hosts(names);
  for (const std::string& name : names) CHECK_TRUE_TEXT(hosts.contains(name + ":8080"), name.c_str());
  CHECK_FALSE(OwnHosts().contains(names.front() == "evil.example" ? "other.example" : "evil.example"));
}
