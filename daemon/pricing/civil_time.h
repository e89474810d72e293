// Calendar arithmetic for time zones and time windows, on top of daemon/core/civil_date.h
// (dates and day numbers): weekdays and floor division.
//
// Pure functions, callable from any thread. Day 0 is 1970-01-01; negative days are earlier.
#pragma once

#include <cstdint>

#include "daemon/core/civil_date.h"

namespace lanecast::pricing {

inline constexpr std::int64_t kSecondsPerDay = 86'400;

// 0 = Sunday ... 6 = Saturday.
int weekday_from_days(std::int64_t days);

// Floor division and its non-negative remainder, for times before 1970.
std::int64_t floor_div(std::int64_t a, std::int64_t b);
std::int64_t floor_mod(std::int64_t a, std::int64_t b);

}  // namespace lanecast::pricing
