#include "daemon/pricing/civil_time.h"

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::pricing;

TEST_GROUP(ACivilDate){};

TEST(ACivilDate, MapsToKnownDayNumbers) {
  LONGLONGS_EQUAL(0, days_from_civil(1970, 1, 1));
  LONGLONGS_EQUAL(-1, days_from_civil(1969, 12, 31));
  LONGLONGS_EQUAL(11016, days_from_civil(2000, 2, 29));
  LONGLONGS_EQUAL(19813, days_from_civil(2024, 3, 31));
  LONGLONGS_EQUAL(47482, days_from_civil(2100, 1, 1));
}

TEST(ACivilDate, RoundTripsThroughDayNumbersForFourCenturies) {
  for (std::int64_t day = days_from_civil(1900, 1, 1); day <= days_from_civil(2300, 1, 1); ++day) {
    const CivilDate date = civil_from_days(day);
    CHECK_TRUE(is_valid_date(date.year, date.month, date.day));
    LONGLONGS_EQUAL(day, days_from_civil(date.year, date.month, date.day));
  }
}

TEST(ACivilDate, KnowsItsWeekday) {
  LONGS_EQUAL(4, weekday_from_days(days_from_civil(1970, 1, 1)));    // Thursday
  LONGS_EQUAL(0, weekday_from_days(days_from_civil(2024, 3, 31)));   // Sunday
  LONGS_EQUAL(3, weekday_from_days(days_from_civil(1969, 12, 31)));  // Wednesday
}

TEST(ACivilDate, KnowsWhichDatesExist) {
  CHECK_TRUE(is_valid_date(2024, 2, 29));
  CHECK_TRUE(is_valid_date(2000, 2, 29));
  CHECK_FALSE(is_valid_date(2100, 2, 29));
  CHECK_FALSE(is_valid_date(2023, 2, 29));
  CHECK_FALSE(is_valid_date(2024, 4, 31));
  CHECK_FALSE(is_valid_date(2024, 13, 1));
  CHECK_FALSE(is_valid_date(2024, 1, 0));
}
