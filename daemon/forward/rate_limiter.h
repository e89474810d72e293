// A token bucket: at most `rate` events per second on average, with bursts of up to
// `burst` events, so a backlog drains at a bounded rate and a store never floods the broker.
//
// Thread: one owner (the forwarder thread). Time is passed in, so tests control it.
#pragma once

#include <cstdint>

namespace lanecast::forward {

class RateLimiter {
 public:
  // rate 0: no limit. burst >= 1.
  RateLimiter(std::int64_t rate_per_s, std::int64_t burst);

  // How many of `wanted` events may go now (each taken from the bucket).
  std::int64_t take(std::int64_t wanted, std::int64_t now_us);
  // Returns tokens taken but not used (fewer events were waiting than granted).
  void give_back(std::int64_t unused);

 private:
  void refill(std::int64_t now_us);

  std::int64_t rate_;
  std::int64_t burst_;
  // Tokens in millionths, so slow rates still refill between two calls.
  std::int64_t micro_tokens_;
  std::int64_t last_us_ = -1;
};

}  // namespace lanecast::forward
