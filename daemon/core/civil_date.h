// Proleptic Gregorian dates as day numbers, in plain integer arithmetic: no timegm, no TZ, no
// locale, so a result never depends on the machine's time zone settings. Shared by the
// ISO-8601 timestamps (daemon/core/timestamp.cpp) and the certificate dates
// (daemon/http/x509_time.cpp).
//
// Thread: a pure function; any thread may call it.
#pragma once

#include <cstdint>

namespace lanecast {

// Days since 1970-01-01 (negative before it) of year-month-day. The caller has already
// checked that the date is real (month 1 to 12, day within its month); the year may be 0 or
// negative (1 BC is year 0), or far beyond 9999.
//
// How: eras of 400 years (146097 days) make the leap rule periodic, and starting the year in
// March puts the leap day last, so the day of the year is a closed formula.
constexpr std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t month_from_march = month > 2 ? month - 3 : month + 9;
  const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

}  // namespace lanecast
