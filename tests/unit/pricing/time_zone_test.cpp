#include "daemon/pricing/time_zone.h"

#include <chrono>
#include <cstdint>
#include <string>

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using lanecast::Status;
using lanecast::pricing::LocalTime;
using lanecast::pricing::PosixTz;
using lanecast::pricing::TimeZone;

namespace {

std::int64_t utc(int year, int month, int day, int hour, int minute, int second) {
  using namespace std::chrono;
  const sys_days date(std::chrono::year(year) / month / day);
  return date.time_since_epoch().count() * 86400 + hour * 3600 + minute * 60 + second;
}

TimeZone zone(const char* name) {
  auto loaded = TimeZone::load(name);
  CHECK_TRUE_TEXT(loaded.is_ok(), loaded.status().message().c_str());
  return std::move(loaded).value();
}

// One instant and the wall clock it must show.
struct Expected {
  const char* zone;
  std::int64_t instant;
  int year, month, day, hour, minute, second;
  int offset;
  bool dst;
};

void check_local(const Expected& e) {
  const LocalTime local = zone(e.zone).to_local(e.instant);
  const std::string what = std::string(e.zone) + " @" + std::to_string(e.instant);
  LONGS_EQUAL_TEXT(e.year, local.year, what.c_str());
  LONGS_EQUAL_TEXT(e.month, local.month, what.c_str());
  LONGS_EQUAL_TEXT(e.day, local.day, what.c_str());
  LONGS_EQUAL_TEXT(e.hour * 3600 + e.minute * 60 + e.second, local.second_of_day, what.c_str());
  LONGS_EQUAL_TEXT(e.offset, local.offset.utc_offset, what.c_str());
  CHECK_EQUAL_TEXT(e.dst, local.offset.is_dst, what.c_str());
}

// Around the 2024 switches, from the transition table.
const Expected kTableSwitches[] = {
    {"Europe/Berlin", utc(2024, 3, 31, 0, 59, 59), 2024, 3, 31, 1, 59, 59, 3600, false},
    {"Europe/Berlin", utc(2024, 3, 31, 1, 0, 0), 2024, 3, 31, 3, 0, 0, 7200, true},
    {"Europe/Berlin", utc(2024, 10, 27, 0, 59, 59), 2024, 10, 27, 2, 59, 59, 7200, true},
    {"Europe/Berlin", utc(2024, 10, 27, 1, 0, 0), 2024, 10, 27, 2, 0, 0, 3600, false},
    {"America/New_York", utc(2024, 3, 10, 6, 59, 59), 2024, 3, 10, 1, 59, 59, -18000, false},
    {"America/New_York", utc(2024, 3, 10, 7, 0, 0), 2024, 3, 10, 3, 0, 0, -14400, true},
    {"America/New_York", utc(2024, 11, 3, 5, 59, 59), 2024, 11, 3, 1, 59, 59, -14400, true},
    {"America/New_York", utc(2024, 11, 3, 6, 0, 0), 2024, 11, 3, 1, 0, 0, -18000, false},
    // Before 2007 the United States switched on the first Sunday of April: the table, not
    // today's rule, must decide.
    {"America/New_York", utc(2006, 3, 12, 12, 0, 0), 2006, 3, 12, 7, 0, 0, -18000, false},
    {"America/New_York", utc(2006, 4, 2, 7, 0, 0), 2006, 4, 2, 3, 0, 0, -14400, true},
    // West Germany had no summer time in 1970.
    {"Europe/Berlin", utc(1970, 7, 1, 12, 0, 0), 1970, 7, 1, 13, 0, 0, 3600, false},
    {"Asia/Kolkata", utc(2024, 6, 1, 0, 0, 0), 2024, 6, 1, 5, 30, 0, 19800, false},
    {"Asia/Tokyo", utc(2024, 12, 31, 15, 0, 0), 2025, 1, 1, 0, 0, 0, 32400, false},
};

// Long after the last transition in the file: the footer's POSIX rule decides.
const Expected kFooterSwitches[] = {
    {"Europe/Berlin", utc(2100, 3, 28, 0, 59, 59), 2100, 3, 28, 1, 59, 59, 3600, false},
    {"Europe/Berlin", utc(2100, 3, 28, 1, 0, 0), 2100, 3, 28, 3, 0, 0, 7200, true},
    {"Europe/Berlin", utc(2100, 10, 31, 0, 59, 59), 2100, 10, 31, 2, 59, 59, 7200, true},
    {"Europe/Berlin", utc(2100, 10, 31, 1, 0, 0), 2100, 10, 31, 2, 0, 0, 3600, false},
    {"America/New_York", utc(2099, 3, 8, 7, 0, 0), 2099, 3, 8, 3, 0, 0, -14400, true},
    {"America/New_York", utc(2099, 3, 8, 6, 59, 59), 2099, 3, 8, 1, 59, 59, -18000, false},
    // Southern hemisphere: summer time spans the turn of the year.
    {"Australia/Sydney", utc(2100, 1, 15, 0, 0, 0), 2100, 1, 15, 11, 0, 0, 39600, true},
    {"Australia/Sydney", utc(2100, 7, 15, 0, 0, 0), 2100, 7, 15, 10, 0, 0, 36000, false},
};

}  // namespace

TEST_GROUP(ATimeZone){};

TEST(ATimeZone, FollowsItsTransitionTableAcrossDaylightSavingSwitches) {
  for (const auto& e : kTableSwitches) check_local(e);
}

TEST(ATimeZone, FollowsTheFooterRuleAfterTheLastListedTransition) {
  for (const auto& e : kFooterSwitches) check_local(e);
}

TEST(ATimeZone, KnowsTheWeekday) {
  LONGS_EQUAL(0, zone("Europe/Berlin").to_local(utc(2024, 3, 31, 12, 0, 0)).weekday);  // Sunday
  // Late on Friday in New York is already Saturday in UTC.
  LONGS_EQUAL(5, zone("America/New_York").to_local(utc(2024, 6, 8, 2, 0, 0)).weekday);
}

TEST(ATimeZone, AgreesWithItsFooterRuleWhereBothApply) {
  // Every 6 hours from 2010 to 2036 the table (written by zic from the same rules) and the
  // footer rule must give the same offset.
  const struct {
    const char* zone;
    const char* rule;
  } kZones[] = {
      {"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"},
      {"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
      {"Australia/Sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3"},
  };
  for (const auto& z : kZones) {
    const TimeZone tz = zone(z.zone);
    auto rule = PosixTz::parse(z.rule);
    CHECK_TRUE(rule.is_ok());
    for (std::int64_t t = utc(2010, 1, 1, 0, 0, 0); t < utc(2036, 1, 1, 0, 0, 0); t += 6 * 3600)
      LONGS_EQUAL_TEXT(tz.offset_at(t).utc_offset, rule->offset_at(t).utc_offset, z.zone);
  }
}

TEST(ATimeZone, IsNotFoundWhenTheSystemHasNoSuchZone) {
  auto loaded = TimeZone::load("Mars/Olympus_Mons");
  CHECK_FALSE(loaded.is_ok());
  CHECK_TRUE(loaded.status().kind() == Status::Kind::kNotFound);
  CHECK_TRUE(loaded.status().message().find("Mars/Olympus_Mons") != std::string::npos);
}

TEST(ATimeZone, RefusesNamesThatAreNotPlainZoneNames) {
  for (const char* name :
       {"", "/etc/passwd", "../../etc/passwd", "Europe/../../etc/passwd", "Europe//Berlin",
        "Europe/Berlin/", "Europe/Ber lin", "Europe\\Berlin", "./UTC"}) {
    auto loaded = TimeZone::load(name);
    CHECK_FALSE_TEXT(loaded.is_ok(), name);
    CHECK_TRUE_TEXT(loaded.status().kind() == Status::Kind::kInvalidInput, name);
  }
}

TEST(ATimeZone, LoadsEveryZoneOfTheSystemThatUsesRegions) {
  for (const char* name : {"UTC", "Europe/London", "Europe/Dublin", "America/Sao_Paulo",
                           "America/St_Johns", "Africa/Casablanca", "Pacific/Chatham",
                           "Asia/Tehran", "Pacific/Kiritimati", "America/Godthab"}) {
    auto loaded = TimeZone::load(name);
    CHECK_TRUE_TEXT(loaded.is_ok(), loaded.status().message().c_str());
  }
}

// TZif files built by hand, to reach the cases real files do not show.
namespace {

void put32(std::string& out, std::int64_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((static_cast<std::uint64_t>(value) >> shift) & 0xff);
}

void put64(std::string& out, std::int64_t value) {
  put32(out, static_cast<std::int64_t>(static_cast<std::uint64_t>(value) >> 32));
  put32(out, value & 0xffffffff);
}

void header(std::string& out, char version, int times, int types, int chars) {
  out += "TZif";
  out += version;
  out += std::string(15, '\0');
  for (int count : {0, 0, 0, times, types, chars}) put32(out, count);
}

// One transition at t=1000 from "AAA" (UTC) to "BBB" (UTC+1, DST).
void body(std::string& out, bool wide) {
  wide ? put64(out, 1000) : put32(out, 1000);
  out += '\x01';
  put32(out, 0);
  out += std::string("\x00\x00", 2);
  put32(out, 3600);
  out += std::string("\x01\x04", 2);
  out += std::string("AAA\0BBB\0", 8);
}

std::string version1_file() {
  std::string out;
  header(out, '\0', 1, 2, 8);
  body(out, false);
  return out;
}

std::string version2_file(const std::string& footer) {
  std::string out;
  header(out, '2', 1, 2, 8);
  body(out, false);
  header(out, '2', 1, 2, 8);
  body(out, true);
  return out + "\n" + footer + "\n";
}

}  // namespace

TEST_GROUP(ATzifFile){};

TEST(ATzifFile, OfVersionOneUsesItsThirtyTwoBitTable) {
  auto tz = TimeZone::from_tzif(version1_file(), "test/v1");
  CHECK_TRUE_TEXT(tz.is_ok(), tz.status().message().c_str());
  LONGS_EQUAL(0, tz->offset_at(999).utc_offset);
  LONGS_EQUAL(3600, tz->offset_at(1000).utc_offset);
  LONGS_EQUAL(3600, tz->offset_at(utc(2200, 1, 1, 0, 0, 0)).utc_offset);  // no footer: stays
}

TEST(ATzifFile, OfVersionTwoHandsOverToItsFooterAfterTheLastTransition) {
  auto tz = TimeZone::from_tzif(version2_file("<+02>-2"), "test/v2");
  CHECK_TRUE_TEXT(tz.is_ok(), tz.status().message().c_str());
  LONGS_EQUAL(0, tz->offset_at(999).utc_offset);
  LONGS_EQUAL(7200, tz->offset_at(1000).utc_offset);
  CHECK_FALSE(tz->offset_at(1000).is_dst);
}

TEST(ATzifFile, WithAnEmptyFooterKeepsTheLastType) {
  auto tz = TimeZone::from_tzif(version2_file(""), "test/v2");
  CHECK_TRUE_TEXT(tz.is_ok(), tz.status().message().c_str());
  LONGS_EQUAL(3600, tz->offset_at(5000).utc_offset);
}

TEST(ATzifFile, IsRejectedWhenDamaged) {
  const std::string good = version2_file("CET-1CEST,M3.5.0,M10.5.0/3");
  CHECK_TRUE(TimeZone::from_tzif(good, "ok").is_ok());
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  std::string bad_type = version1_file();
  bad_type[44 + 4] = '\x07';  // the transition names type 7 of 2
  const std::string damaged[] = {
      "",
      bad_magic,
      good.substr(0, good.size() / 2),
      good.substr(0, good.size() - 1),  // footer without its closing newline
      version2_file("CET-1CEST"),       // DST without rules
      version2_file("nonsense"),
      bad_type,
      version1_file().substr(0, 50),
  };
  for (const std::string& bytes : damaged) {
    auto tz = TimeZone::from_tzif(bytes, "test/damaged");
    CHECK_FALSE(tz.is_ok());
    CHECK_TRUE(tz.status().message().find("test/damaged") != std::string::npos);
  }
}

TEST_GROUP(APosixTzRule){};

TEST(APosixTzRule, AcceptsTheFormsFoundInTzifFooters) {
  const char* const kGood[] = {
      "UTC0",
      "CET-1CEST,M3.5.0,M10.5.0/3",
      "EST5EDT,M3.2.0,M11.1.0",
      "<+0330>-3:30",
      "<-03>3",
      "IST-1GMT0,M10.5.0,M3.5.0/1",
      "<+13>-13",
      "NZST-12NZDT,M9.5.0,M4.1.0/3",
      "EST5EDT,J60/2,J300/2",
      "EST5EDT,59,299",
      "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
      "AAA3BBB,M3.2.0/-1:30,M11.1.0/25",
  };
  for (const char* text : kGood) CHECK_TRUE_TEXT(PosixTz::parse(text).is_ok(), text);
}

TEST(APosixTzRule, RejectsIncompleteOrMalformedRules) {
  const char* const kBad[] = {
      "",
      "C-1",
      "CET",
      "CET-1CEST",
      "CET-1CEST,M3.5.0",
      "CET-1CEST,M13.5.0,M10.5.0",
      "CET-1CEST,M3.6.0,M10.5.0",
      "CET-1CEST,M3.5.7,M10.5.0",
      "CET-1CEST,J0,J10",
      "CET-1CEST,366,10",
      "CET-1CEST,M3.5.0,M10.5.0/168",
      "CET-25",
      "<+03-3",
      "CET-1 ",
      "CET-1CEST,M3.5.0,M10.5.0,",
  };
  for (const char* text : kBad) CHECK_FALSE_TEXT(PosixTz::parse(text).is_ok(), text);
}

TEST(APosixTzRule, CountsJulianDaysWithoutTheLeapDay) {
  // J60 is March 1st every year; zero-based 59 is March 1st only in common years.
  auto julian = PosixTz::parse("AAA0BBB,J60/0,J300/0");
  auto zero_based = PosixTz::parse("AAA0BBB,59/0,J300/0");
  CHECK_TRUE(julian.is_ok() && zero_based.is_ok());
  const std::int64_t march_1_2024 = utc(2024, 3, 1, 0, 0, 0);
  CHECK_TRUE(julian->offset_at(march_1_2024).is_dst);
  CHECK_FALSE(julian->offset_at(march_1_2024 - 1).is_dst);
  CHECK_TRUE(zero_based->offset_at(march_1_2024 - 86400).is_dst);  // Feb 29 2024
  CHECK_FALSE(zero_based->offset_at(march_1_2024 - 86400 - 1).is_dst);
}
