#include "daemon/core/civil_date.h"

#include <cstdint>
#include <string>
#include <tuple>

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::days_from_civil;

// Checked while compiling too: the header promises a constexpr function.
static_assert(days_from_civil(1970, 1, 1) == 0);

namespace {

// The leap rule written out independently of the era arithmetic under test.
int month_length(std::int64_t year, int month) {
  if (month == 2) return year % 400 == 0 || (year % 4 == 0 && year % 100 != 0) ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

}  // namespace

TEST_GROUP(ACivilDate){};

TEST(ACivilDate, CountsDaysFromTheUnixEpoch) {
  const struct {
    std::int64_t year;
    int month, day;
    std::int64_t days;
  } kCases[] = {
      {1970, 1, 1, 0},         {1969, 12, 31, -1},        {2000, 2, 29, 11016},
      {2000, 3, 1, 11017},     {1601, 1, 1, -134774},     {1, 1, 1, -719162},
      {0, 3, 1, -719468},      {-400, 3, 1, -865565},     {9999, 12, 31, 2932896},
  };
  for (const auto& c : kCases) {
    const std::string what = std::to_string(c.year) + "-" + std::to_string(c.month) + "-" +
                             std::to_string(c.day);
    LONGLONGS_EQUAL_TEXT(c.days, days_from_civil(c.year, c.month, c.day), what.c_str());
  }
}

// Every month from year -400 to 2400 starts the day after the one before it ended,
// which covers each branch of the leap rule and of the era arithmetic for negative years.
TEST(ACivilDate, AdvancesByTheLengthOfEveryMonth) {
  for (std::int64_t year = -400; year <= 2400; ++year) {
    for (int month = 1; month <= 12; ++month) {
      const std::int64_t next = month == 12 ? days_from_civil(year + 1, 1, 1)
                                            : days_from_civil(year, month + 1, 1);
      const std::int64_t last = days_from_civil(year, month, month_length(year, month));
      if (next != last + 1)
        FAIL((std::to_string(year) + "-" + std::to_string(month) + " ends out of step").c_str());
    }
  }
}

// civil_from_days undoes days_from_civil for every day from year -400 to 2400.
TEST(ACivilDate, ComesBackFromItsDayNumber) {
  for (std::int64_t days = days_from_civil(-400, 1, 1); days <= days_from_civil(2400, 12, 31);
       ++days) {
    const lanecast::CivilDate date = lanecast::civil_from_days(days);
    if (days_from_civil(date.year, date.month, date.day) != days ||
        !lanecast::is_valid_date(date.year, date.month, date.day))
      FAIL(("day " + std::to_string(days) + " does not come back").c_str());
  }
}

TEST(ACivilDate, KnowsWhichDatesAreReal) {
  CHECK_TRUE(lanecast::is_valid_date(2024, 2, 29));
  CHECK_TRUE(lanecast::is_valid_date(2000, 2, 29));
  CHECK_TRUE(lanecast::is_valid_date(2023, 12, 31));
  for (const auto& [year, month, day] : {std::tuple{2023, 2, 29}, {1900, 2, 29}, {2100, 2, 29},
                                         {2024, 4, 31}, {2024, 13, 1}, {2024, 0, 1},
                                         {2024, 1, 0}, {2024, 1, 32}}) {
    CHECK_FALSE_TEXT(lanecast::is_valid_date(year, month, day),
                     (std::to_string(year) + "-" + std::to_string(month) + "-" +
                      std::to_string(day)).c_str());
  }
}
