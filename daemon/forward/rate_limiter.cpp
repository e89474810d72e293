#include "daemon/forward/rate_limiter.h"

#include <algorithm>

namespace lanecast::forward {

namespace {
constexpr std::int64_t kMicro = 1'000'000;
}

RateLimiter::RateLimiter(std::int64_t rate_per_s, std::int64_t burst)
    : rate_(std::max<std::int64_t>(rate_per_s, 0)),
      burst_(std::max<std::int64_t>(burst, 1)),
      micro_tokens_(burst_ * kMicro) {}

void RateLimiter::refill(std::int64_t now_us) {
  if (last_us_ < 0 || now_us < last_us_) {
    last_us_ = now_us;
    return;
  }
  const std::int64_t elapsed = std::min<std::int64_t>(now_us - last_us_, 3600 * kMicro);
  micro_tokens_ = std::min(burst_ * kMicro, micro_tokens_ + elapsed * rate_);
  last_us_ = now_us;
}

std::int64_t RateLimiter::take(std::int64_t wanted, std::int64_t now_us) {
  if (wanted <= 0) return 0;
  if (rate_ == 0) return wanted;
  refill(now_us);
  const std::int64_t granted = std::min(wanted, micro_tokens_ / kMicro);
  micro_tokens_ -= granted * kMicro;
  return granted;
}

void RateLimiter::give_back(std::int64_t unused) {
  if (rate_ == 0 || unused <= 0) return;
  micro_tokens_ = std::min(burst_ * kMicro, micro_tokens_ + unused * kMicro);
}

}  // namespace lanecast::forward
