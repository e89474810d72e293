// Exact percentages for tax rates and percent-off adjustments.
//
// A percentage is held as an integer number of parts per million of the amount:
// "19" (percent) is 190000, "8.875" is 88750. Rules files write percentages as decimal text
// with at most four decimal places; AiFi's taxLines carry the rate as a decimal fraction of
// one ("0.19", "0.08875").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::pricing {

inline constexpr std::int64_t kPartsPerMillion = 1'000'000;

// "19", "7", "8.875", "0", "100" -> parts per million. Rejects signs, exponents, spaces,
// more than four decimal places, and anything above 100.
Result<std::int64_t> parse_percent(std::string_view text);

// 190000 -> "0.19", 88750 -> "0.08875", 0 -> "0", 1000000 -> "1".
std::string format_rate_fraction(std::int64_t ppm);

}  // namespace lanecast::pricing
