#include "daemon/forward/backoff.h"

#include <algorithm>

namespace lanecast::forward {

Backoff::Backoff(std::chrono::milliseconds first, std::chrono::milliseconds max,
                 std::uint64_t seed)
    : first_(std::max(first, std::chrono::milliseconds(1))),
      max_(std::max(max, first_)),
      step_(first_),
      random_(seed) {}

std::chrono::milliseconds Backoff::next() {
  const std::int64_t step = step_.count();
  // Never less than half the step: a broker that refuses at once is not hammered.
  std::uniform_int_distribution<std::int64_t> pick(step / 2, step);
  const std::chrono::milliseconds wait(pick(random_));
  step_ = std::min(max_, step_ * 2);
  return wait;
}

}  // namespace lanecast::forward
