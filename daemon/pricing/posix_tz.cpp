#include "daemon/pricing/posix_tz.h"

#include <chrono>
#include <string>

namespace lanecast::pricing {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

// A read position in the rule text; every reader returns false and leaves the error to the
// caller when the text does not match.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // "<...>" with letters, digits, '+' and '-', or three or more letters.
  bool name() {
    std::size_t length = 0;
    if (take('<')) {
      while (!at_end() && peek() != '>') {
        const char c = peek();
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-') return false;
        ++pos_;
        ++length;
      }
      return take('>') && length >= 3;
    }
    while (is_alpha(peek())) {
      ++pos_;
      ++length;
    }
    return length >= 3;
  }

  bool number(int max, int& out) {
    if (!is_digit(peek())) return false;
    out = 0;
    while (is_digit(peek())) {
      out = out * 10 + (peek() - '0');
      if (out > max) return false;
      ++pos_;
    }
    return true;
  }

  // [+-]hh[:mm[:ss]] as seconds.
  bool hms(int max_hours, std::int32_t& out) {
    int sign = 1;
    if (take('-'))
      sign = -1;
    else
      take('+');
    int hours = 0, minutes = 0, seconds = 0;
    if (!number(max_hours, hours)) return false;
    if (take(':')) {
      if (!number(59, minutes)) return false;
      if (take(':') && !number(59, seconds)) return false;
    }
    out = sign * (hours * 3600 + minutes * 60 + seconds);
    return true;
  }

 private:
  static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool parse_date_rule(Cursor& cursor, PosixTz::DateRule& rule) {
  using Kind = PosixTz::DateRule::Kind;
  if (cursor.take('M')) {
    rule.kind = Kind::kMonthWeekDay;
    if (!cursor.number(12, rule.month) || rule.month < 1 || !cursor.take('.')) return false;
    if (!cursor.number(5, rule.week) || rule.week < 1 || !cursor.take('.')) return false;
    if (!cursor.number(6, rule.day)) return false;
  } else if (cursor.take('J')) {
    rule.kind = Kind::kJulianNoLeap;
    if (!cursor.number(365, rule.day) || rule.day < 1) return false;
  } else {
    rule.kind = Kind::kZeroBasedDay;
    if (!cursor.number(365, rule.day)) return false;
  }
  if (cursor.take('/')) return cursor.hms(167, rule.time);
  return true;
}

// Day number (since 1970-01-01) on which `rule` falls in `year`.
std::int64_t rule_day(const PosixTz::DateRule& rule, int year) {
  using namespace std::chrono;
  using Kind = PosixTz::DateRule::Kind;
  const std::chrono::year y(year);
  const std::int64_t jan1 = sys_days(y / January / 1).time_since_epoch().count();
  switch (rule.kind) {
    case Kind::kJulianNoLeap:
      // Jn never counts February 29: from March on, a leap year is one day further.
      return jan1 + rule.day - 1 + (y.is_leap() && rule.day >= 60 ? 1 : 0);
    case Kind::kZeroBasedDay:
      return jan1 + rule.day;
    case Kind::kMonthWeekDay:
      break;
  }
  // Mm.w.d: the w-th weekday d of month m, where week 5 means the last one.
  const std::chrono::month m(static_cast<unsigned>(rule.month));
  const std::chrono::weekday wd(static_cast<unsigned>(rule.day));
  const sys_days day = rule.week == 5
                           ? sys_days(y / m / weekday_last(wd))
                           : sys_days(y / m / weekday_indexed(wd, static_cast<unsigned>(rule.week)));
  return day.time_since_epoch().count();
}

}  // namespace

Result<PosixTz> PosixTz::parse(std::string_view text) {
  auto invalid = [&](const char* why) {
    return Status::invalid_input("POSIX TZ rule '" + std::string(text.substr(0, 60)) + "': " + why);
  };
  Cursor cursor(text);
  PosixTz tz;
  std::int32_t west = 0;
  if (!cursor.name()) return invalid("bad standard time name");
  if (!cursor.hms(24, west)) return invalid("bad standard time offset");
  tz.std_offset_ = -west;  // POSIX counts hours west of Greenwich
  if (cursor.at_end()) return tz;

  Dst dst;
  if (!cursor.name()) return invalid("bad daylight saving time name");
  dst.offset = tz.std_offset_ + 3600;
  if (cursor.peek() != ',') {
    if (!cursor.hms(24, west)) return invalid("bad daylight saving time offset");
    dst.offset = -west;
  }
  if (!cursor.take(',')) return invalid("daylight saving time without start and end rules");
  if (!parse_date_rule(cursor, dst.start)) return invalid("bad start rule");
  if (!cursor.take(',') || !parse_date_rule(cursor, dst.end)) return invalid("bad end rule");
  if (!cursor.at_end()) return invalid("unexpected text after the end rule");
  tz.dst_ = dst;
  return tz;
}

std::int64_t PosixTz::transition_at(const DateRule& rule, int year, std::int32_t offset_before) {
  return rule_day(rule, year) * kSecondsPerDay + rule.time - offset_before;
}

ZoneOffset PosixTz::offset_at(std::int64_t unix_seconds) const {
  if (!dst_) return ZoneOffset{std_offset_, false};
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds(seconds(unix_seconds + std_offset_)));
  const int year = static_cast<int>(year_month_day(day).year());
  // The start is written in standard time, the end in daylight saving time.
  const std::int64_t start = transition_at(dst_->start, year, std_offset_);
  const std::int64_t end = transition_at(dst_->end, year, dst_->offset);
  const bool in_dst = start < end ? (unix_seconds >= start && unix_seconds < end)
                                  : !(unix_seconds >= end && unix_seconds < start);
  return in_dst ? ZoneOffset{dst_->offset, true} : ZoneOffset{std_offset_, false};
}

}  // namespace lanecast::pricing
