// Money as integer minor units, from the moment it is parsed to the moment it is displayed.
//
// No payload carries a currency: the number of decimals is store configuration
// (store.decimals: 2 for EUR/USD, 0 for JPY, 3 for KWD). Nothing here does floating-point
// arithmetic on money: a JSON number that cJSON hands over as a double is first turned into
// its shortest round-trip decimal text, and that text is parsed exactly, rounded once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast {

// Minor units of the store's currency (cents for EUR with 2 decimals).
using MinorUnits = std::int64_t;

// Largest magnitude accepted: 10^15 minor units, far above any shopping cart and far below
// int64 overflow even after multiplying by a quantity of a million.
inline constexpr MinorUnits kMaxMoneyMagnitude = 1'000'000'000'000'000;
inline constexpr int kMaxDecimals = 4;

// Parses a decimal money string: optional '-', digits, optional '.' and digits
// ("10.99", "-0.5", "7", "0.125"). Digits beyond `decimals` are rounded half away from zero,
// once. Rejects empty text, exponents, '+', spaces, "NaN", a lone '.', and magnitudes over
// kMaxMoneyMagnitude.
Result<MinorUnits> parse_money(std::string_view text, int decimals);

// Converts a JSON number (as cJSON's double) to minor units via its shortest round-trip
// decimal text, so 10.99 becomes exactly 1099. Rejects NaN, infinities and huge values.
Result<MinorUnits> money_from_json_number(double value, int decimals);

// Shortest decimal text that reads back as the same double ("10.99", "1e+21").
std::string shortest_double_text(double value);

// Formats minor units as a plain decimal string with exactly `decimals` places:
// (1099, 2) -> "10.99", (-50, 2) -> "-0.50", (1000, 0) -> "1000". This is the wire format.
std::string format_money(MinorUnits amount, int decimals);

// 10^decimals as minor units per major unit.
MinorUnits minor_per_major(int decimals);

}  // namespace lanecast
