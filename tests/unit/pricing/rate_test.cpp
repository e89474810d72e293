#include "daemon/pricing/rate.h"

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using lanecast::pricing::format_rate_fraction;
using lanecast::pricing::parse_percent;

namespace {
struct GoodPercent {
  const char* text;
  long long ppm;
  const char* fraction;
};
const GoodPercent kGood[] = {
    {"19", 190000, "0.19"},      {"7", 70000, "0.07"},
    {"8.875", 88750, "0.08875"}, {"0", 0, "0"},
    {"100", 1000000, "1"},       {"0.0001", 1, "0.000001"},
    {"10.25", 102500, "0.1025"}, {"007", 70000, "0.07"},
    {"5.5000", 55000, "0.055"},
};
const char* const kRejected[] = {"",   "19%",     "-7",     "+7",  "1e1",  " 19", "19 ",  ".5",
                                 "5.", "0.00001", "100.01", "101", "1000", "abc", "0,19", "7.5.1"};
}  // namespace

TEST_GROUP(APercentage){};

TEST(APercentage, IsHeldExactlyAsPartsPerMillion) {
  for (const auto& c : kGood) {
    auto parsed = parse_percent(c.text);
    CHECK_TRUE_TEXT(parsed.is_ok(), c.text);
    LONGLONGS_EQUAL_TEXT(c.ppm, *parsed, c.text);
  }
}

TEST(APercentage, IsWrittenForAiFiAsAFractionOfOne) {
  for (const auto& c : kGood)
    STRCMP_EQUAL_TEXT(c.fraction, format_rate_fraction(c.ppm).c_str(), c.text);
}

TEST(APercentage, IsRejectedWhenNotAPlainDecimalUpToAHundred) {
  for (const char* text : kRejected) CHECK_FALSE_TEXT(parse_percent(text).is_ok(), text);
}
