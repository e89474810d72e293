#include "daemon/core/timestamp.h"

#include <CppUTest/TestHarness.h>

using lanecast::format_timestamp;
using lanecast::parse_timestamp;

namespace {
struct GoodTimestamp {
  const char* text;
  long long micros;
};

const GoodTimestamp kGood[] = {
    {"2019-08-24T14:15:22Z", 1566656122000000},
    {"2023-01-19T10:49:06.149Z", 1674125346149000},
    {"2023-01-19T10:49:06.1Z", 1674125346100000},
    {"2023-01-19T10:49:06.123456Z", 1674125346123456},
    {"2023-01-19T10:49:06.123456789Z", 1674125346123456},  // truncated, not rounded
    {"2023-01-19t10:49:06.149z", 1674125346149000},
    {"2019-08-24T16:15:22+02:00", 1566656122000000},
    {"2019-08-24T09:15:22-05:00", 1566656122000000},
    {"2019-08-24T09:15:22-0500", 1566656122000000},
    {"2019-08-24T14:15:22+00:00", 1566656122000000},
    {"2019-08-24T14:15:22-00:00", 1566656122000000},
    {"2024-02-29T00:00:00Z", 1709164800000000},
    {"2000-03-01T00:00:00Z", 951868800000000},
    {"1970-01-01T00:00:00Z", 0},
    {"1969-12-31T23:59:59Z", -1000000},
    {"0001-01-01T00:00:00Z", -62135596800000000},
    {"9999-12-31T23:59:59Z", 253402300799000000},
};

const char* const kRejected[] = {
    "",
    "2019-08-24",
    "2019-08-24T14:15:22",           // no zone
    "2019-08-24T14:15Z",             // no seconds
    "2019-13-24T14:15:22Z",          // month 13
    "2019-00-24T14:15:22Z",          // month 0
    "2019-08-00T14:15:22Z",          // day 0
    "2019-08-32T14:15:22Z",
    "2019-04-31T14:15:22Z",          // April has 30 days
    "2023-02-29T00:00:00Z",          // not a leap year
    "1900-02-29T00:00:00Z",          // century, not a leap year
    "2019-02-30T14:15:22Z",
    "2019-08-24T24:00:00Z",          // hour 24
    "2019-08-24T14:60:22Z",
    "2019-08-24T14:15:60Z",          // leap second
    "2019-08-24T14:15:22ZZ",
    "2019-08-24T14:15:22Z trailing",
    "2019-08-24T14:15:22.Z",         // fraction without digits
    "2019-08-24T14:15:22.1234567890Z",
    "2019-08-24 14:15:22Z",          // space instead of T
    "2019-8-24T14:15:22Z",
    "19-08-24T14:15:22Z",
    "2019-08-24T14:15:22+2",
    "2019-08-24T14:15:22+02",
    "2019-08-24T14:15:22+24:00",
    "2019-08-24T14:15:22+02:60",
    "2019-08-24T14:15:22+02:00:00",
    " 2019-08-24T14:15:22Z",
    "2019-08-24T14:15:22,5Z",
    "+2019-08-24T14:15:22Z",
    "2019-08-24T-1:15:22Z",
};
}  // namespace

TEST_GROUP(AnIsoTimestamp){};

TEST(AnIsoTimestamp, BecomesMicrosecondsSinceTheEpoch) {
  for (const auto& c : kGood) {
    auto parsed = parse_timestamp(c.text);
    CHECK_TRUE_TEXT(parsed.is_ok(), c.text);
    LONGLONGS_EQUAL_TEXT(c.micros, *parsed, c.text);
  }
}

TEST(AnIsoTimestamp, IsRejectedWhenAnyFieldIsOutOfRangeOrExtraTextFollows) {
  for (const char* text : kRejected) {
    auto parsed = parse_timestamp(text);
    CHECK_FALSE_TEXT(parsed.is_ok(), text);
    CHECK_TRUE_TEXT(parsed.status().kind() == lanecast::Status::Kind::kInvalidInput, text);
  }
}

TEST(AnIsoTimestamp, NamesWhatIsWrong) {
  STRCMP_CONTAINS("month out of range", parse_timestamp("2019-13-01T00:00:00Z").status().message().c_str());
  STRCMP_CONTAINS("day out of range", parse_timestamp("2023-02-29T00:00:00Z").status().message().c_str());
  STRCMP_CONTAINS("hour out of range", parse_timestamp("2019-08-24T24:00:00Z").status().message().c_str());
  STRCMP_CONTAINS("trailing text", parse_timestamp("2019-08-24T14:15:22Zx").status().message().c_str());
  STRCMP_CONTAINS("time zone", parse_timestamp("2019-08-24T14:15:22").status().message().c_str());
}

TEST(AnIsoTimestamp, IsFormattedInUtcWithSixFractionDigits) {
  STRCMP_EQUAL("2023-01-19T10:49:06.149000Z", format_timestamp(1674125346149000).c_str());
  STRCMP_EQUAL("1970-01-01T00:00:00.000000Z", format_timestamp(0).c_str());
  STRCMP_EQUAL("1969-12-31T23:59:59.999999Z", format_timestamp(-1).c_str());
  STRCMP_EQUAL("2024-02-29T23:59:59.000001Z", format_timestamp(1709251199000001).c_str());
  STRCMP_EQUAL("0001-01-01T00:00:00.000000Z", format_timestamp(-62135596800000000).c_str());
}

TEST(AnIsoTimestamp, RoundTripsThroughItsFormattedText) {
  for (const auto& c : kGood) {
    auto again = parse_timestamp(format_timestamp(c.micros));
    CHECK_TRUE_TEXT(again.is_ok(), c.text);
    LONGLONGS_EQUAL_TEXT(c.micros, *again, c.text);
  }
}

TEST(AnIsoTimestamp, RoundTripsEveryDayAcrossFourCenturies) {
  // 1900-01-01 to 2300-01-01, one instant a day, crossing every leap-year rule.
  for (long long day = -25567; day < 120529; ++day) {
    const long long micros = day * 86'400'000'000LL + 45'296'789'012LL;
    auto again = parse_timestamp(format_timestamp(micros));
    CHECK_TRUE(again.is_ok());
    LONGLONGS_EQUAL(micros, *again);
  }
}

TEST_GROUP(TheWallClock){};

TEST(TheWallClock, ReadsAfterTheYear2020) {
  CHECK_TRUE(lanecast::now_micros() > 1'577'836'800'000'000LL);
}
