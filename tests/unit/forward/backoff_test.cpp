#include "daemon/forward/backoff.h"

#include <set>

#include "daemon/forward/rate_limiter.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::forward;
using std::chrono::milliseconds;

TEST_GROUP(AReconnectBackoff) {};

TEST(AReconnectBackoff, DoublesItsStepUpToTheMaximumWithJitterInTheUpperHalf) {
  Backoff backoff(milliseconds(1000), milliseconds(8000), 1);
  const long long steps[] = {1000, 2000, 4000, 8000, 8000, 8000};
  for (long long step : steps) {
    LONGLONGS_EQUAL(step, backoff.current_step().count());
    const auto wait = backoff.next().count();
    CHECK_TRUE(wait >= step / 2);
    CHECK_TRUE(wait <= step);
  }
}

TEST(AReconnectBackoff, StartsOverAfterAConnection) {
  Backoff backoff(milliseconds(1000), milliseconds(60000), 1);
  backoff.next();
  backoff.next();
  backoff.reset();
  LONGLONGS_EQUAL(1000, backoff.current_step().count());
}

TEST(AReconnectBackoff, SpreadsStoresThatLostTheBrokerTogether) {
  std::set<long long> waits;
  for (std::uint64_t store = 0; store < 100; ++store) {
    Backoff backoff(milliseconds(1000), milliseconds(60000), store);
    for (int i = 0; i < 6; ++i) backoff.next();
    waits.insert(backoff.next().count());  // the seventh attempt: step 60 s
  }
  CHECK_TRUE(waits.size() > 90);
  CHECK_TRUE(*waits.begin() >= 30000);
  CHECK_TRUE(*waits.rbegin() <= 60000);
}

TEST_GROUP(ARateLimiter) {};

TEST(ARateLimiter, GrantsABurstThenTheRatePerSecond) {
  RateLimiter limiter(100, 10);
  LONGLONGS_EQUAL(10, limiter.take(50, 0));
  LONGLONGS_EQUAL(0, limiter.take(50, 0));
  LONGLONGS_EQUAL(5, limiter.take(50, 50'000));   // 50 ms at 100/s
  LONGLONGS_EQUAL(10, limiter.take(50, 10'000'000));  // never more than the burst
}

TEST(ARateLimiter, TakesBackWhatWasNotUsed) {
  RateLimiter limiter(100, 10);
  LONGLONGS_EQUAL(10, limiter.take(10, 0));
  limiter.give_back(4);
  LONGLONGS_EQUAL(4, limiter.take(10, 0));
}

TEST(ARateLimiter, LimitsNothingAtRateZero) {
  RateLimiter limiter(0, 1);
  LONGLONGS_EQUAL(1000000, limiter.take(1000000, 0));
}
