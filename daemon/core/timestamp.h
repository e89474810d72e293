// ISO-8601 timestamps as they arrive from AiFi, to and from microseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast {

// Microseconds since 1970-01-01T00:00:00Z.
using UnixMicros = std::int64_t;

// Accepts "2019-08-24T14:15:22Z", "2023-01-19T10:49:06.149Z" (1 to 9 fraction digits,
// truncated to microseconds), a lowercase 't'/'z', and numeric offsets "+02:00", "-0500".
// Rejects out-of-range fields (month 13, Feb 30, hour 24), missing zone, trailing text.
Result<UnixMicros> parse_timestamp(std::string_view text);

// "2023-01-19T10:49:06.149000Z" style, always UTC with six fraction digits.
std::string format_timestamp(UnixMicros micros);

// The wall clock, as UnixMicros.
UnixMicros now_micros();

// Microseconds on the monotonic clock, for measuring durations (deadlines, grace periods,
// the age of a request): unlike the wall clock it does not jump when the store PC's time is
// set, as NTP does after a boot with a wrong hardware clock.
std::int64_t monotonic_micros();

}  // namespace lanecast
