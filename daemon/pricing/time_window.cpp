#include "daemon/pricing/time_window.h"

#include <chrono>
#include <string>

namespace lanecast::pricing {
namespace {

std::chrono::year_month_day civil_date(int year, int month, int day) {
  return {std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
          std::chrono::day(static_cast<unsigned>(day))};
}

// Days since 1970-01-01 of a real date.
std::int64_t day_number(int year, int month, int day) {
  return std::chrono::sys_days(civil_date(year, month, day)).time_since_epoch().count();
}

// Exactly `width` digits starting at `at`, or -1.
int digits_at(std::string_view text, std::size_t at, std::size_t width) {
  if (text.size() < at + width) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// "HH:MM" as seconds after midnight, "24:00" included; -1 when malformed.
// The first characters of `text` in single quotes, for messages. Built by appending:
// "literal" + std::string&& trips GCC 12's -Wrestrict in optimised builds.
std::string quoted(std::string_view text) {
  std::string out = "'";
  return out.append(text.substr(0, 20)).append("'");
}

int parse_clock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return -1;
  const int hours = digits_at(text, 0, 2);
  const int minutes = digits_at(text, 3, 2);
  if (hours < 0 || minutes < 0 || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
    return -1;
  return hours * 3600 + minutes * 60;
}

}  // namespace

bool TimeWindow::contains(const LocalTime& local) const {
  if ((weekdays & (1u << local.weekday)) == 0) return false;
  if (local.second_of_day < start_second || local.second_of_day >= end_second) return false;
  const std::int64_t day = day_number(local.year, local.month, local.day);
  if (first_day && day < *first_day) return false;
  if (last_day && day > *last_day) return false;
  return true;
}

Result<int> parse_weekday(std::string_view text) {
  static constexpr std::string_view kNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int day = 0; day < 7; ++day)
    if (text == kNames[day]) return day;
  return Status::invalid_input(quoted(text) +
                               " is not a weekday (mon, tue, wed, thu, fri, sat, sun)");
}

Status parse_hours(std::string_view text, int& start_second, int& end_second) {
  const std::string shown = quoted(text);
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos)
    return Status::invalid_input(shown + " is not a time window like \"16:00-18:00\"");
  const int start = parse_clock(text.substr(0, dash));
  const int end = parse_clock(text.substr(dash + 1));
  if (start < 0 || end < 0 || start == 86'400)
    return Status::invalid_input(shown + " is not a time window like \"16:00-18:00\"");
  if (end <= start)
    return Status::invalid_input(shown +
                                 ": the end must come after the start "
                                 "(split a window across midnight into two adjustments)");
  start_second = start;
  end_second = end;
  return Status::ok();
}

Result<std::int64_t> parse_date(std::string_view text) {
  const int year = digits_at(text, 0, 4);
  const int month = digits_at(text, 5, 2);
  const int day = digits_at(text, 8, 2);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || year < 0 || month < 0 || day < 0 ||
      !civil_date(year, month, day).ok())
    return Status::invalid_input(quoted(text) + " is not a date like \"2024-06-01\"");
  return day_number(year, month, day);
}

}  // namespace lanecast::pricing
