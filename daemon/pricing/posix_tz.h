// A POSIX TZ rule string, as found in the footer of a TZif file ("CET-1CEST,M3.5.0,M10.5.0/3").
//
// The footer says how local time behaves after the last transition listed in the file (the
// rule that keeps Europe/Berlin switching on the last Sundays of March and October forever).
// Immutable once parsed; callable from any thread. Supports the RFC 8536 extensions: quoted
// names ("<+0330>-3:30") and transition times from -167 to 167 hours.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::pricing {

// The offset in force at an instant: local = UTC + utc_offset.
struct ZoneOffset {
  std::int32_t utc_offset = 0;  // seconds east of UTC
  bool is_dst = false;
};

class PosixTz {
 public:
  // Rejects anything that is not a complete rule: a DST name must come with its
  // ",start,end" dates (the implementation-defined default is not guessed).
  static Result<PosixTz> parse(std::string_view text);

  ZoneOffset offset_at(std::int64_t unix_seconds) const;

  // One end of daylight saving time: a day of the year and a local time of day.
  struct DateRule {
    enum class Kind { kJulianNoLeap, kZeroBasedDay, kMonthWeekDay };
    Kind kind = Kind::kMonthWeekDay;
    int day = 0;                   // Jn: 1..365; n: 0..365; Mm.w.d: weekday 0 (Sunday)..6
    int month = 0;                 // Mm.w.d only
    int week = 0;                  // Mm.w.d only: 1..5, 5 = the last such weekday of the month
    std::int32_t time = 2 * 3600;  // seconds after local midnight, may be negative or > 24h
  };

 private:
  // The instant (UTC seconds) at which `rule` happens in `year`, given the offset in force
  // just before it.
  static std::int64_t transition_at(const DateRule& rule, int year, std::int32_t offset_before);

  std::int32_t std_offset_ = 0;
  struct Dst {
    std::int32_t offset = 0;
    DateRule start;
    DateRule end;
  };
  std::optional<Dst> dst_;
};

}  // namespace lanecast::pricing
