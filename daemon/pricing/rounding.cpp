#include "daemon/pricing/rounding.h"

#include <algorithm>
#include <numeric>

namespace lanecast::pricing {

Wide floor_divide(Wide numerator, Wide denominator) {
  Wide quotient = numerator / denominator;
  if (numerator % denominator != 0 && numerator < 0) --quotient;
  return quotient;
}

Wide divide_rounded(Wide numerator, Wide denominator, RoundingMode mode) {
  const Wide floor = floor_divide(numerator, denominator);
  const Wide twice_remainder = 2 * (numerator - floor * denominator);
  if (twice_remainder < denominator) return floor;
  if (twice_remainder > denominator) return floor + 1;
  // An exact tie between floor and floor + 1.
  if (mode == RoundingMode::kHalfEven) return floor % 2 == 0 ? floor : floor + 1;
  return numerator >= 0 ? floor + 1 : floor;  // away from zero
}

Result<std::vector<MinorUnits>> apportion(const std::vector<Wide>& numerators, Wide denominator,
                                          MinorUnits total) {
  std::vector<MinorUnits> parts(numerators.size());
  std::vector<Wide> remainders(numerators.size());
  Wide floors = 0;
  for (std::size_t i = 0; i < numerators.size(); ++i) {
    const Wide floor = floor_divide(numerators[i], denominator);
    parts[i] = static_cast<MinorUnits>(floor);
    remainders[i] = numerators[i] - floor * denominator;
    floors += floor;
  }
  const Wide missing = total - floors;
  std::vector<std::size_t> order(numerators.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  const auto with_remainder = static_cast<Wide>(
      std::count_if(remainders.begin(), remainders.end(), [](Wide r) { return r != 0; }));
  if (missing < 0 || missing > with_remainder)
    return Status::internal("apportion: total is not the sum of the shares");
  for (std::size_t k = 0; k < static_cast<std::size_t>(missing); ++k) ++parts[order[k]];
  return parts;
}

}  // namespace lanecast::pricing
