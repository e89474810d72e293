// Values as people read them in lanecastctl's tables. Scripts use --json, which carries
// exact values (integer minor units, UTC timestamps) instead.
//
// Thread: any.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lanecast::ctl {

// Local time, "2026-11-28 10:15:00"; "-" for 0.
std::string human_time(std::int64_t unix_micros);
// "512 B", "12.3 KiB", "4.0 MiB", "1.2 GiB" (integer arithmetic, one decimal).
std::string human_bytes(std::int64_t bytes);
// "45s", "12m 05s", "3h 07m", "2d 04h".
std::string human_duration(std::int64_t seconds);
// Money with the store's decimals, or "-" when absent.
std::string human_money(const std::optional<std::int64_t>& minor, int decimals);
// A microsecond count as milliseconds with one decimal: "12.5 ms".
std::string human_micros(std::int64_t micros);
// Text cut to `max` characters with an ellipsis, for wide cells (session ids, failures).
std::string shorten(const std::string& text, std::size_t max);

}  // namespace lanecast::ctl
