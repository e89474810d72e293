// ISO-8601 timestamps with <chrono>'s proleptic Gregorian calendar: no timegm, no TZ, no
// locale, so the result does not depend on the machine's time zone settings.
#include "daemon/core/timestamp.h"

#include <chrono>
#include <cstdio>

namespace lanecast {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;


// Reads the fixed-width fields of a timestamp left to right; the first failure is kept.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool peek_is(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool take(char c) {
    if (!peek_is(c)) return false;
    ++pos_;
    return true;
  }
  bool take_either(char a, char b) { return take(a) || take(b); }
  bool is_digit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }

  // Exactly `count` ASCII digits.
  bool digits(int count, int& out) {
    out = 0;
    for (int i = 0; i < count; ++i) {
      if (!is_digit()) return false;
      out = out * 10 + (text_[pos_++] - '0');
    }
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Status rejected(const char* why) {
  return Status::invalid_input(std::string("not an ISO-8601 timestamp: ") + why);
}

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::int64_t micros = 0;          // fraction, truncated to microseconds
  std::int64_t offset_seconds = 0;  // east of UTC
};

std::chrono::year_month_day civil_date(const Fields& f) {
  return {std::chrono::year(f.year), std::chrono::month(static_cast<unsigned>(f.month)),
          std::chrono::day(static_cast<unsigned>(f.day))};
}

Status read_date(Reader& in, Fields& f) {
  if (!in.digits(4, f.year) || !in.take('-') || !in.digits(2, f.month) || !in.take('-') ||
      !in.digits(2, f.day))
    return rejected("expected a date as YYYY-MM-DD");
  if (f.month < 1 || f.month > 12) return rejected("month out of range");
  if (!civil_date(f).ok()) return rejected("day out of range");
  return Status::ok();
}

Status read_time(Reader& in, Fields& f) {
  if (!in.take_either('T', 't')) return rejected("expected 'T' after the date");
  if (!in.digits(2, f.hour) || !in.take(':') || !in.digits(2, f.minute) || !in.take(':') ||
      !in.digits(2, f.second))
    return rejected("expected a time as hh:mm:ss");
  // Hour 24 and leap second 60 are legal ISO-8601 but AiFi never sends them; refusing them
  // keeps every accepted text one distinct instant.
  if (f.hour > 23) return rejected("hour out of range");
  if (f.minute > 59) return rejected("minute out of range");
  if (f.second > 59) return rejected("second out of range");
  return Status::ok();
}

Status read_fraction(Reader& in, Fields& f) {
  if (!in.take('.')) return Status::ok();
  int count = 0;
  std::int64_t scale = 100'000;
  while (in.is_digit()) {
    if (++count > 9) return rejected("more than 9 fraction digits");
    int digit = 0;
    in.digits(1, digit);
    f.micros += digit * scale;  // digits past the sixth have scale 0: truncation
    scale /= 10;
  }
  if (count == 0) return rejected("no digits after '.'");
  return Status::ok();
}

Status read_zone(Reader& in, Fields& f) {
  if (in.take_either('Z', 'z')) return Status::ok();
  const bool east = in.peek_is('+');
  if (!in.take_either('+', '-')) return rejected("missing time zone (Z or +hh:mm)");
  int hours = 0, minutes = 0;
  if (!in.digits(2, hours)) return rejected("expected an offset as +hh:mm or +hhmm");
  in.take(':');
  if (!in.digits(2, minutes)) return rejected("expected an offset as +hh:mm or +hhmm");
  if (hours > 23 || minutes > 59) return rejected("offset out of range");
  const std::int64_t seconds = hours * 3600 + minutes * 60;
  f.offset_seconds = east ? seconds : -seconds;
  return Status::ok();
}

}  // namespace

Result<UnixMicros> parse_timestamp(std::string_view text) {
  if (text.empty()) return rejected("empty");
  Reader in(text);
  Fields f;
  for (auto step : {read_date, read_time, read_fraction, read_zone}) {
    Status status = step(in, f);
    if (!status.is_ok()) return status;
  }
  if (!in.at_end()) return rejected("trailing text after the time zone");
  const std::int64_t days = std::chrono::sys_days(civil_date(f)).time_since_epoch().count();
  const std::int64_t seconds = days * kSecondsPerDay + f.hour * 3600 + f.minute * 60 + f.second -
                               f.offset_seconds;
  return seconds * kMicrosPerSecond + f.micros;
}

std::string format_timestamp(UnixMicros micros) {
  using namespace std::chrono;
  // floor, so instants before 1970 land on the right day and second.
  const sys_time<microseconds> instant{microseconds(micros)};
  const sys_days day = floor<days>(instant);
  const year_month_day date(day);
  const hh_mm_ss time(instant - day);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long long>(time.hours().count()),
                static_cast<long long>(time.minutes().count()),
                static_cast<long long>(time.seconds().count()),
                static_cast<long long>(time.subseconds().count()));
  return buffer;
}

UnixMicros now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t monotonic_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace lanecast
