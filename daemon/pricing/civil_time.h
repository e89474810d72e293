// Proleptic Gregorian calendar arithmetic on day numbers, for time zones and time windows.
//
// Pure functions, callable from any thread. Day 0 is 1970-01-01; negative days are earlier.
#pragma once

#include <cstdint>

namespace lanecast::pricing {

inline constexpr std::int64_t kSecondsPerDay = 86'400;

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
// Whether year-month-day names a real date (rejects 2023-02-29, month 13, day 0).
bool is_valid_date(int year, int month, int day);

std::int64_t days_from_civil(int year, int month, int day);
CivilDate civil_from_days(std::int64_t days);
// 0 = Sunday ... 6 = Saturday.
int weekday_from_days(std::int64_t days);

// Floor division and its non-negative remainder, for times before 1970.
std::int64_t floor_div(std::int64_t a, std::int64_t b);
std::int64_t floor_mod(std::int64_t a, std::int64_t b);

}  // namespace lanecast::pricing
