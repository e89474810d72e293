// Certificate times in plain integer arithmetic (no timegm, no TZ, no locale), with the day
// count shared with the ISO-8601 timestamps (daemon/core/civil_date.h).
#include "daemon/http/x509_time.h"

#include <cstdio>
#include <optional>
#include <string>

#include "daemon/core/civil_date.h"

namespace lanecast::http::detail {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

struct CivilTime {
  std::int64_t year = 0;
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool in_range(const CivilTime& t) {
  return is_valid_date(t.year, t.month, t.day) && t.hour <= 23 && t.minute <= 59 &&
         t.second <= 59;
}

// `count` ASCII digits at `pos` as a number; -1 if one of them is not a digit.
int digits(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// The fields of "YYMMDDHHMMSSZ" or "YYYYMMDDHHMMSSZ", not yet range-checked.
std::optional<CivilTime> parse_time(std::uint8_t tag, std::string_view text) {
  const std::size_t year_digits = tag == kUtcTime ? 2 : 4;
  if (text.size() != year_digits + 11 || text.back() != 'Z') return std::nullopt;
  CivilTime t;
  t.year = digits(text, 0, year_digits);
  if (tag == kUtcTime && t.year >= 0) t.year += t.year >= 50 ? 1900 : 2000;
  t.month = digits(text, year_digits, 2);
  t.day = digits(text, year_digits + 2, 2);
  t.hour = digits(text, year_digits + 4, 2);
  t.minute = digits(text, year_digits + 6, 2);
  t.second = digits(text, year_digits + 8, 2);
  if (t.year < 0 || t.month < 0 || t.day < 0 || t.hour < 0 || t.minute < 0 || t.second < 0)
    return std::nullopt;
  return t;
}

std::string format_civil(const CivilTime& t) {
  char text[96];  // room for any int, so the compiler can prove nothing is cut
  std::snprintf(text, sizeof text, "%04lld-%02d-%02d %02d:%02d:%02d",
                static_cast<long long>(t.year), t.month, t.day, t.hour, t.minute, t.second);
  return text;
}

}  // namespace

Result<std::int64_t> read_time(DerReader& validity, std::string_view which) {
  auto element = validity.read(which);
  if (!element.is_ok()) return element.status();
  const std::string where = std::string(which) + at_byte(element->offset);
  if (element->tag != kUtcTime && element->tag != kGeneralizedTime) {
    return Status::invalid_input("unexpected tag " + hex_byte(element->tag) +
                                 at_byte(element->offset) + " (wanted UTCTime or GeneralizedTime " +
                                 std::string(which) + ")");
  }
  const std::string_view text(reinterpret_cast<const char*>(element->content.data()),
                              element->content.size());
  const auto t = parse_time(element->tag, text);
  if (!t) {
    return Status::invalid_input(
        where + " is not a valid " +
        (element->tag == kUtcTime ? "UTCTime YYMMDDHHMMSSZ" : "GeneralizedTime YYYYMMDDHHMMSSZ"));
  }
  if (!in_range(*t)) return Status::invalid_input(where + " is out of range: " + format_civil(*t));
  return days_from_civil(t->year, t->month, t->day) * kSecondsPerDay + t->hour * 3600 +
         t->minute * 60 + t->second;
}

}  // namespace lanecast::http::detail
