#include "daemon/http/router.h"

#include <CppUTest/TestHarness.h>

using lanecast::http::Access;
using lanecast::http::Route;
using lanecast::http::Router;

namespace {
Route route(const char* method, const char* pattern) {
  return Route{method, pattern, Access::kPublic, false, {}};
}
}  // namespace

TEST_GROUP(ARouter) {
  Router router;
  void setup() override {
    router.add(route("POST", "/aifi/checkout"));
    router.add(route("GET", "/api/orders/{orderId}"));
    router.add(route("GET", "/api/lanes/{zone}/events"));
    router.add(route("GET", "/healthz"));
  }
};

TEST(ARouter, FindsAnExactPathWithItsMethod) {
  auto match = router.match("POST", "/aifi/checkout");
  CHECK(match.route != nullptr);
  STRCMP_EQUAL("/aifi/checkout", match.route->pattern.c_str());
}

TEST(ARouter, CapturesANamedSegment) {
  auto match = router.match("GET", "/api/orders/1234");
  CHECK(match.route != nullptr);
  STRCMP_EQUAL("1234", match.params["orderId"].c_str());
  match = router.match("GET", "/api/lanes/lane-2/events");
  CHECK(match.route != nullptr);
  STRCMP_EQUAL("lane-2", match.params["zone"].c_str());
}

TEST(ARouter, Answers405WithTheAllowedMethodsForAKnownPath) {
  auto match = router.match("GET", "/aifi/checkout");
  CHECK(match.route == nullptr);
  UNSIGNED_LONGS_EQUAL(405, match.status);
  STRCMP_EQUAL("POST", match.allow.c_str());
}

TEST(ARouter, Answers404ForEverythingElse) {
  const char* const unknown[] = {"/", "/aifi", "/aifi/checkout/", "/aifi/checkoutx", "/AIFI/checkout",
                                 "/api/orders", "/api/orders/", "/api/orders/1/2",
                                 "/api/lanes/x/events/more", "/api/lanes//events", "/healthz?x"};
  for (const char* path : unknown) {
    auto match = router.match("POST", path);
    CHECK_TEXT(match.route == nullptr, path);
    UNSIGNED_LONGS_EQUAL_TEXT(404, match.status, path);
  }
}
