// IANA time zones read straight from the system's TZif files (RFC 8536), so that time-based
// pricing rules are evaluated in the store's wall-clock time without touching the process's
// TZ environment or the C library's global time zone state.
//
// Why our own reader and not a library: GCC 12's libstdc++ (Debian 12) has no
// std::chrono::tzdb (it came with GCC 13). Debian 12 does ship Howard Hinnant's date/tz
// (libhowardhinnant-date-dev 3.0.1, libdate-tz3), built with USE_OS_TZDB=1 so that it reads
// /usr/share/zoneinfo; but that reader ignores the POSIX rule in the TZif footer, and Debian's
// tzdata lists transitions only up to 2037: it says Europe/Berlin is on CET (+01:00) on
// 2038-07-01, where glibc and this reader say CEST (+02:00). It also keeps the whole database
// in a process-wide singleton that cannot be reloaded after a tzdata update, where this reader
// reads one file when the rules are (re)loaded. Revisit with std::chrono::tzdb (GCC 13+).
//
// A TimeZone is immutable once loaded and callable from any thread. Loading reads one file
// (at rule-load time, never while pricing). Lookup uses the file's 64-bit transition table
// (version 2+; the 32-bit table of a version 1 file otherwise); instants after the last
// listed transition follow the footer's POSIX TZ rule, so dates past 2037 keep switching to
// and from daylight saving time. Leap-second records ("right/" zones) are ignored: AiFi's
// timestamps are POSIX seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/pricing/posix_tz.h"

namespace lanecast::pricing {

inline constexpr const char* kZoneinfoDir = "/usr/share/zoneinfo";

// Wall-clock time in a zone.
struct LocalTime {
  int year = 1970;
  int month = 1;          // 1..12
  int day = 1;            // 1..31
  int weekday = 4;        // 0 = Sunday ... 6 = Saturday
  int second_of_day = 0;  // 0..86399
  ZoneOffset offset;
};

class TimeZone {
 public:
  // Loads `name` ("Europe/Berlin") from `zoneinfo_dir`. Errors: not_found when the zone has no
  // file there; invalid_input when the name is not a plain zone name (absolute, "..", odd
  // characters) or the file is not a valid TZif file. Messages name the zone.
  static Result<TimeZone> load(const std::string& name,
                               const std::string& zoneinfo_dir = kZoneinfoDir);
  // Parses TZif bytes; `name` is only remembered for messages and name().
  static Result<TimeZone> from_tzif(std::string_view bytes, std::string name);
  // Coordinated Universal Time, needing no file.
  static TimeZone utc();

  const std::string& name() const { return name_; }
  ZoneOffset offset_at(std::int64_t unix_seconds) const;
  LocalTime to_local(std::int64_t unix_seconds) const;

 private:
  TimeZone() = default;  // only with a time type, via load(), from_tzif() or utc()

  std::string name_;
  std::vector<std::int64_t> transitions_;       // strictly ascending UTC seconds
  std::vector<std::uint8_t> transition_types_;  // index into types_, one per transition
  std::vector<ZoneOffset> types_;  // never empty; types_[0] applies before the first transition
  std::optional<PosixTz> footer_;  // applies after the last transition
};

}  // namespace lanecast::pricing
