#include "daemon/http/body_budget.h"

namespace lanecast::http {

bool BodyBudget::take(std::int64_t bytes) {
  std::int64_t used = in_use_.load();
  do {
    if (bytes > limit_ - used) return false;
  } while (!in_use_.compare_exchange_weak(used, used + bytes));
  taken_since_trim_ += bytes;
  return true;
}

void BodyBudget::give_back(std::int64_t bytes) { in_use_ -= bytes; }

bool BodyBudget::should_trim(std::int64_t threshold) {
  if (in_use_.load() != 0 || taken_since_trim_.load() < threshold) return false;
  taken_since_trim_ = 0;
  return true;
}

}  // namespace lanecast::http
