#include "daemon/pricing/civil_time.h"

namespace lanecast::pricing {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

int weekday_from_days(std::int64_t days) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(floor_mod(days + 4, 7));
}

}  // namespace lanecast::pricing
