#include "daemon/core/money.h"

#include <CppUTest/TestHarness.h>

#include <string>

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
