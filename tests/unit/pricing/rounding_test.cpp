#include "daemon/pricing/rounding.h"

#include <vector>

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast::pricing;

namespace {
struct Division {
  long long numerator;
  long long denominator;
  long long half_up;
  long long half_even;
};
// Ties (x.5) are where the modes differ; everything else rounds to nearest in both.
const Division kDivisions[] = {
    {5, 10, 1, 0},     {15, 10, 2, 2},    {25, 10, 3, 2}, {35, 10, 4, 4}, {-5, 10, -1, 0},
    {-15, 10, -2, -2}, {-25, 10, -3, -2}, {24, 10, 2, 2}, {26, 10, 3, 3}, {-24, 10, -2, -2},
    {-26, 10, -3, -3}, {0, 7, 0, 0},      {7, 7, 1, 1},   {1, 3, 0, 0},   {2, 3, 1, 1},
    {-1, 3, 0, 0},     {-2, 3, -1, -1},   {1, 2, 1, 0},   {3, 2, 2, 2},   {119, 1190000, 0, 0},
};
}  // namespace

TEST_GROUP(ARoundedDivision){};

TEST(ARoundedDivision, RoundsTiesAwayFromZeroOrToEven) {
  for (const auto& d : kDivisions) {
    LONGLONGS_EQUAL(d.half_up, static_cast<long long>(divide_rounded(d.numerator, d.denominator,
                                                                     RoundingMode::kHalfUp)));
    LONGLONGS_EQUAL(d.half_even, static_cast<long long>(divide_rounded(d.numerator, d.denominator,
                                                                       RoundingMode::kHalfEven)));
  }
}

TEST(ARoundedDivision, HandlesProductsBeyondSixtyFourBits) {
  const Wide big = static_cast<Wide>(1'000'000'000'000'000LL) * 1'190'000;  // 10^15 * 1.19e6
  LONGLONGS_EQUAL(1'000'000'000'000'000LL,
                  static_cast<long long>(divide_rounded(big, 1'190'000, RoundingMode::kHalfUp)));
}

TEST(ARoundedDivision, FloorsTowardsMinusInfinity) {
  LONGLONGS_EQUAL(-1, static_cast<long long>(floor_divide(-1, 10)));
  LONGLONGS_EQUAL(-2, static_cast<long long>(floor_divide(-11, 10)));
  LONGLONGS_EQUAL(1, static_cast<long long>(floor_divide(19, 10)));
  LONGLONGS_EQUAL(-1, static_cast<long long>(floor_divide(-10, 10)));
}

TEST_GROUP(AnApportionment){};

TEST(AnApportionment, GivesTheMissingUnitsToTheLargestRemainders) {
  // Shares 3.33.., 3.33.., 3.33..: floors 9, one unit missing, earliest line wins the tie.
  auto parts = apportion({10, 10, 10}, 3, 10);
  CHECK_TRUE(parts.is_ok());
  CHECK_TRUE((*parts == std::vector<lanecast::MinorUnits>{4, 3, 3}));
  // Shares 1.2, 2.7, 3.1 sum to 7: the 0.7 remainder gets the unit.
  parts = apportion({12, 27, 31}, 10, 7);
  CHECK_TRUE((*parts == std::vector<lanecast::MinorUnits>{1, 3, 3}));
}

TEST(AnApportionment, HandlesNegativeShares) {
  // Shares -1.5 and 4.5 (sum 3): floors -2 and 4, one unit to the earlier of two equal
  // remainders.
  auto parts = apportion({-15, 45}, 10, 3);
  CHECK_TRUE(parts.is_ok());
  CHECK_TRUE((*parts == std::vector<lanecast::MinorUnits>{-1, 4}));
}

TEST(AnApportionment, RefusesATotalTheSharesCannotReach) {
  CHECK_FALSE(apportion({10, 10, 10}, 3, 13).is_ok());  // ceilings sum to 12
  CHECK_FALSE(apportion({10, 10, 10}, 3, 8).is_ok());
  CHECK_FALSE(apportion({10, 20}, 10, 4).is_ok());  // exact shares leave nothing to round
}
