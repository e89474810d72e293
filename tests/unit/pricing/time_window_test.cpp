#include "daemon/pricing/time_window.h"

#include <chrono>

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::pricing;

namespace {
LocalTime at(int year, int month, int day, int hour, int minute) {
  LocalTime local;
  local.year = year;
  local.month = month;
  local.day = day;
  const std::chrono::year_month_day date(std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day)));
  local.weekday = static_cast<int>(std::chrono::weekday(std::chrono::sys_days(date)).c_encoding());
  local.second_of_day = hour * 3600 + minute * 60;
  return local;
}
}  // namespace

TEST_GROUP(ATimeWindow){};

TEST(ATimeWindow, ParsesHoursAsAHalfOpenInterval) {
  int start = 0, end = 0;
  CHECK_TRUE(parse_hours("16:00-18:00", start, end).is_ok());
  LONGS_EQUAL(16 * 3600, start);
  LONGS_EQUAL(18 * 3600, end);
  CHECK_TRUE(parse_hours("00:00-24:00", start, end).is_ok());
  LONGS_EQUAL(86400, end);
  CHECK_TRUE(parse_hours("07:30-07:45", start, end).is_ok());
  LONGS_EQUAL(7 * 3600 + 30 * 60, start);
}

TEST(ATimeWindow, RejectsHoursThatAreNotAForwardWindow) {
  for (const char* text : {"", "16:00", "16-18", "18:00-16:00", "16:00-16:00", "22:00-02:00",
                           "24:00-24:00", "16:60-18:00", "25:00-26:00", "16:00-24:01", "6:00-8:00",
                           "16:00 - 18:00", "16:00-18:00-20:00"}) {
    int start = 0, end = 0;
    CHECK_FALSE_TEXT(parse_hours(text, start, end).is_ok(), text);
  }
}

TEST(ATimeWindow, ParsesOnlyRealDatesAndWeekdays) {
  LONGLONGS_EQUAL(19875, *parse_date("2024-06-01"));  // date -u -d 2024-06-01 +%s / 86400
  for (const char* text : {"2023-02-29", "2024-13-01", "2024-6-1", "2024/06/01", "20240601", ""})
    CHECK_FALSE_TEXT(parse_date(text).is_ok(), text);
  LONGS_EQUAL(1, *parse_weekday("mon"));
  LONGS_EQUAL(0, *parse_weekday("sun"));
  for (const char* text : {"Mon", "monday", "", "mo"})
    CHECK_FALSE_TEXT(parse_weekday(text).is_ok(), text);
}

TEST(ATimeWindow, ContainsOnlyTheListedDaysHoursAndDates) {
  TimeWindow window;
  window.weekdays = (1 << 1) | (1 << 5);  // Monday and Friday
  parse_hours("16:00-18:00", window.start_second, window.end_second);
  window.first_day = 19875;  // 2024-06-01
  window.last_day = 19904;   // 2024-06-30
  CHECK_TRUE(window.contains(at(2024, 6, 3, 16, 0)));    // Monday, first minute
  CHECK_TRUE(window.contains(at(2024, 6, 28, 17, 59)));  // Friday, last minute
  CHECK_FALSE(window.contains(at(2024, 6, 3, 18, 0)));   // end is exclusive
  CHECK_FALSE(window.contains(at(2024, 6, 3, 15, 59)));
  CHECK_FALSE(window.contains(at(2024, 6, 4, 17, 0)));   // Tuesday
  CHECK_FALSE(window.contains(at(2024, 7, 1, 17, 0)));   // Monday after the last date
  CHECK_FALSE(window.contains(at(2024, 5, 31, 17, 0)));  // Friday before the first date
}
