// When a price adjustment applies: days of the week, a time of day and a range of dates, all
// in the store's wall-clock time (see time_zone.h).
//
// Immutable values; callable from any thread. The parse functions take the text of one rules
// file field and return the reason a value is rejected, without a JSON path (the loader adds it).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "daemon/core/status.h"
#include "daemon/pricing/time_zone.h"

namespace lanecast::pricing {

struct TimeWindow {
  std::uint8_t weekdays = 0x7f;           // bit d set: weekday d (0 = Sunday) is included
  int start_second = 0;                   // local time of day, inclusive
  int end_second = 86'400;                // local time of day, exclusive
  std::optional<std::int64_t> first_day;  // local date as a day number, inclusive
  std::optional<std::int64_t> last_day;   // local date as a day number, inclusive

  bool contains(const LocalTime& local) const;
};

// "mon" ... "sun" -> 1 ... 0 (0 = Sunday).
Result<int> parse_weekday(std::string_view text);
// "16:00-18:00" -> [57600, 64800). "24:00" may end a window; the end must come after the
// start (a window across midnight is written as two adjustments).
Status parse_hours(std::string_view text, int& start_second, int& end_second);
// "2024-06-01" -> day number since 1970-01-01. Rejects dates that do not exist.
Result<std::int64_t> parse_date(std::string_view text);

}  // namespace lanecast::pricing
