#include "daemon/http/listener.h"

#include <CppUTest/TestHarness.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>

using lanecast::http::is_loopback_address;
using lanecast::http::Listener;

TEST_GROUP(AListener) {
  void setup() override { unsetenv("LISTEN_FDS"); }
};

TEST(AListener, BindsALoopbackAddressOnAFreePort) {
  auto listener = Listener::open("127.0.0.1:0");
  CHECK_TRUE_TEXT(listener.is_ok(), listener.status().to_string().c_str());
  CHECK(listener->fd() >= 0);
  CHECK(listener->is_loopback());
  CHECK_FALSE(listener->inherited());
  CHECK(listener->description().rfind("127.0.0.1:", 0) == 0);
}

TEST(AListener, KnowsAWildcardAddressIsNotLoopback) {
  auto listener = Listener::open("0.0.0.0:0");
  CHECK(listener.is_ok());
  CHECK_FALSE(listener->is_loopback());
}

TEST(AListener, BindsIPv6Loopback) {
  auto listener = Listener::open("[::1]:0");
  if (!listener.is_ok()) return;  // a machine without IPv6 cannot bind ::1 at all
  CHECK(listener->is_loopback());
}

TEST(AListener, RefusesMalformedAddresses) {
  const char* const bad[] = {"", "8080", "no-such-host.invalid:8080", "127.0.0.1:", "127.0.0.1:99999",
                             "127.0.0.1:80a", "[::1]8080", "[::1:8080", "999.1.1.1:80"};
  for (const char* address : bad) CHECK_FALSE_TEXT(Listener::open(address).is_ok(), address);
}

TEST_GROUP(ALoopbackCheck){};

TEST(ALoopbackCheck, KnowsTheLoopbackRangesOfBothFamilies) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "127.8.9.10", &v4.sin_addr);
  CHECK(is_loopback_address(reinterpret_cast<sockaddr*>(&v4)));
  inet_pton(AF_INET, "10.0.0.1", &v4.sin_addr);
  CHECK_FALSE(is_loopback_address(reinterpret_cast<sockaddr*>(&v4)));
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::1", &v6.sin6_addr);
  CHECK(is_loopback_address(reinterpret_cast<sockaddr*>(&v6)));
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
  CHECK(is_loopback_address(reinterpret_cast<sockaddr*>(&v6)));
  inet_pton(AF_INET6, "fe80::1", &v6.sin6_addr);
  CHECK_FALSE(is_loopback_address(reinterpret_cast<sockaddr*>(&v6)));
  CHECK_FALSE(is_loopback_address(nullptr));
}
