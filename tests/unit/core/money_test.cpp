#include "daemon/core/money.h"

#include <CppUTest/TestHarness.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using lanecast::format_money;
using lanecast::money_from_json_number;
using lanecast::parse_money;

namespace {
struct GoodMoney {
  const char* text;
  int decimals;
  long long minor;
};
const GoodMoney kGood[] = {
    {"10.99", 2, 1099},  {"0.99", 2, 99},     {"10", 2, 1000},    {"10.5", 2, 1050},
    {"-0.50", 2, -50},   {"0", 2, 0},         {"007.10", 2, 710}, {"1000", 0, 1000},
    {"999.5", 0, 1000},  {"0.125", 2, 13},    {"0.124", 2, 12},   {"-0.125", 2, -13},
    {"1.2345", 3, 1235}, {"12.345", 3, 12345}, {"999999999999.99", 2, 99999999999999},
};
const char* const kRejected[] = {
    "", "-", ".", "1.", ".5", "+1", "1e3", " 1", "1 ", "abc", "1,5", "NaN", "Infinity",
    "--1", "1.2.3", "10000000000000000", "0x10",
};
}  // namespace

TEST_GROUP(AMoneyString){};

TEST(AMoneyString, ParsesExactlyIntoMinorUnits) {
  for (const auto& c : kGood) {
    auto parsed = parse_money(c.text, c.decimals);
    CHECK_TRUE_TEXT(parsed.is_ok(), c.text);
    LONGLONGS_EQUAL_TEXT(c.minor, *parsed, c.text);
  }
}

TEST(AMoneyString, IsRejectedWhenNotAPlainDecimal) {
  for (const char* text : kRejected) {
    auto parsed = parse_money(text, 2);
    CHECK_FALSE_TEXT(parsed.is_ok(), text);
    CHECK_TRUE(parsed.status().kind() == lanecast::Status::Kind::kInvalidInput);
  }
}

TEST_GROUP(AMoneyNumber){};

TEST(AMoneyNumber, BecomesTheMinorUnitsItsDecimalTextSays) {
  LONGLONGS_EQUAL(1099, *money_from_json_number(10.99, 2));
  LONGLONGS_EQUAL(29, *money_from_json_number(0.29, 2));    // 0.29*100 is 28.999... as a double
  LONGLONGS_EQUAL(115, *money_from_json_number(1.15, 2));   // 1.15*100 is 114.999...
  LONGLONGS_EQUAL(-1, *money_from_json_number(-0.01, 2));
  LONGLONGS_EQUAL(0, *money_from_json_number(0, 2));
  LONGLONGS_EQUAL(1, *money_from_json_number(0.00001, 0) + 1);
  LONGLONGS_EQUAL(500, *money_from_json_number(500, 0));
}

TEST(AMoneyNumber, RejectsHugeAndNonFiniteValues) {
  CHECK_FALSE(money_from_json_number(1e300, 2).is_ok());
  CHECK_FALSE(money_from_json_number(1e16, 2).is_ok());
}

TEST_GROUP(AFormattedAmount){};

TEST(AFormattedAmount, HasExactlyTheStoreDecimals) {
  STRCMP_EQUAL("10.99", format_money(1099, 2).c_str());
  STRCMP_EQUAL("-0.50", format_money(-50, 2).c_str());
  STRCMP_EQUAL("0.05", format_money(5, 2).c_str());
  STRCMP_EQUAL("0.00", format_money(0, 2).c_str());
  STRCMP_EQUAL("1000", format_money(1000, 0).c_str());
  STRCMP_EQUAL("1.005", format_money(1005, 3).c_str());
}

TEST(AFormattedAmount, ReadsBackToTheSameMinorUnits) {
  for (long long v : {0LL, 1LL, -1LL, 99LL, 100LL, 123456789LL, -987654321LL}) {
    for (int d = 0; d <= 4; ++d) LONGLONGS_EQUAL(v, *parse_money(format_money(v, d), d));
  }
}

namespace {

// The definition shortest_double_text keeps: "%.*g" of the smallest precision that reads back.
std::string shortest_by_printf(double value) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

}  // namespace

TEST_GROUP(TheShortestTextOfADouble){};

TEST(TheShortestTextOfADouble, IsWhatTheSmallestReadingBackPrecisionOfPrintfGives) {
  std::vector<double> values = {0.0, -0.0, 1, 10.99, 0.1, 0.2, 0.3, 1.1, 4.35, 0.29, 1e-5, 1e-7,
                                5e-324, 1e15, 123456789.125, 1.7976931348623157e308,
                                0.30000000000000004, 9007199254740993.0, 2.5e-3};
  // Prices from 0.00 to 99.99 as a double holds them, and values spread over the exponents.
  for (int cents = 0; cents < 10000; ++cents) values.push_back(cents / 100.0);
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 20000; ++i) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    double value = 0;
    std::memcpy(&value, &state, sizeof value);
    if (std::isfinite(value)) values.push_back(value);
  }
  for (double value : values) {
    const std::string expected = shortest_by_printf(value);
    STRCMP_EQUAL_TEXT(expected.c_str(), lanecast::shortest_double_text(value).c_str(), expected.c_str());
  }
}
