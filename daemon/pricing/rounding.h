// Exact integer rounding and distribution for money and tax, with no floating point.
//
// Pure functions, callable from any thread. Intermediate products of an amount (up to 10^15
// minor units) and a rate (up to 10^6 parts per million) overflow int64, so they are held in
// 128-bit integers.
#pragma once

#include <cstdint>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/status.h"

namespace lanecast::pricing {

__extension__ typedef __int128 Wide;  // GCC/Clang extension; -Wpedantic wants it marked

// "half-up" rounds ties away from zero (0.5 -> 1, -0.5 -> -1, 2.5 -> 3);
// "half-even" rounds ties to the even neighbour (0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -2.5 -> -2).
enum class RoundingMode { kHalfUp, kHalfEven };

// numerator / denominator rounded to an integer; denominator must be > 0.
Wide divide_rounded(Wide numerator, Wide denominator, RoundingMode mode);
// Floor division and its remainder in [0, denominator); denominator must be > 0.
Wide floor_divide(Wide numerator, Wide denominator);

// Largest-remainder apportionment. Part i's exact share is numerators[i] / denominator; each
// part gets the floor of its share, and the units still missing to reach `total` go one each
// to the parts with the largest remainders, earlier parts first on ties. Requires
// denominator > 0 and `total` between the sum of floors and the sum of ceilings (which holds
// whenever `total` is the exact sum of the shares, rounded either way); otherwise kInternal.
Result<std::vector<MinorUnits>> apportion(const std::vector<Wide>& numerators, Wide denominator,
                                          MinorUnits total);

}  // namespace lanecast::pricing
