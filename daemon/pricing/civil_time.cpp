#include "daemon/pricing/civil_time.h"

#include "daemon/core/civil_date.h"

namespace lanecast::pricing {

bool is_leap_year(int year) { return lanecast::is_leap_year(year); }

int days_in_month(int year, int month) { return lanecast::days_in_month(year, month); }

bool is_valid_date(int year, int month, int day) {
  return lanecast::is_valid_date(year, month, day);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

std::int64_t days_from_civil(int year, int month, int day) {
  return lanecast::days_from_civil(year, month, day);
}

// Rules only name years a time zone can reach, so the year fits an int.
CivilDate civil_from_days(std::int64_t days) {
  const lanecast::CivilDate date = lanecast::civil_from_days(days);
  return CivilDate{static_cast<int>(date.year), date.month, date.day};
}

int weekday_from_days(std::int64_t days) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(floor_mod(days + 4, 7));
}

}  // namespace lanecast::pricing
