#include "daemon/core/money.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace lanecast {

MinorUnits minor_per_major(int decimals) {
  MinorUnits factor = 1;
  for (int i = 0; i < decimals; ++i) factor *= 10;
  return factor;
}

Result<MinorUnits> parse_money(std::string_view text, int decimals) {
  if (decimals < 0 || decimals > kMaxDecimals) return Status::internal("decimals out of range");
  const std::string_view original = text;
  auto invalid = [&](const char* why) {
    std::string message = "'";
    message.append(original.substr(0, 40)).append("' is not a decimal amount: ").append(why);
    return Status::invalid_input(std::move(message));
  };
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty()) return invalid("no digits before the decimal point");
  if (dot != std::string_view::npos && fraction.empty()) return invalid("no digits after '.'");
  for (char c : whole)
    if (c < '0' || c > '9') return invalid("unexpected character");
  for (char c : fraction)
    if (c < '0' || c > '9') return invalid("unexpected character");

  // Whole part: skip leading zeros, then bound the number of significant digits.
  std::size_t first = whole.find_first_not_of('0');
  std::string_view significant =
      first == std::string_view::npos ? std::string_view() : whole.substr(first);
  if (significant.size() > 16) return invalid("too large");
  MinorUnits value = 0;
  for (char c : significant) value = value * 10 + (c - '0');
  // Fraction: the first `decimals` digits are kept, the next one decides rounding.
  for (int i = 0; i < decimals; ++i) {
    const int digit = i < static_cast<int>(fraction.size()) ? fraction[i] - '0' : 0;
    value = value * 10 + digit;
    if (value > kMaxMoneyMagnitude) return invalid("too large");
  }
  if (static_cast<int>(fraction.size()) > decimals && fraction[decimals] >= '5') ++value;
  if (value > kMaxMoneyMagnitude) return invalid("too large");
  return negative ? -value : value;
}

// "%.*g" of the smallest precision that reads back as `value`. The shortest round-trip digits
// (std::to_chars) say where to start: no fewer digits can read back, so the search usually
// ends at its first step instead of printing and reading up to 17 times.
std::string shortest_double_text(double value) {
  char buffer[64];
  int precision = 1;
  if (std::isfinite(value)) {
    const auto shortest =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const char* begin = buffer;
    const char* digits_end = std::find(begin, static_cast<const char*>(shortest.ptr), 'e');
    precision = static_cast<int>(
        std::count_if(begin, digits_end, [](char c) { return c >= '0' && c <= '9'; }));
    precision = std::clamp(precision, 1, 17);
  }
  for (; precision <= 17; ++precision) {
    const auto printed = std::to_chars(buffer, buffer + sizeof buffer - 1, value,
                                       std::chars_format::general, precision);
    *printed.ptr = '\0';
    double back = 0;
    const auto read = std::from_chars(buffer, printed.ptr, back);
    if (read.ec == std::errc() && back == value) break;
  }
  return buffer;
}

Result<MinorUnits> money_from_json_number(double value, int decimals) {
  if (!std::isfinite(value)) return Status::invalid_input("amount is not a finite number");
  // Comparison only, no arithmetic on the amount: anything this large is rejected anyway.
  if (std::fabs(value) >= 1e15) return Status::invalid_input("amount is too large");
  std::string text = shortest_double_text(value);
  const auto exponent = text.find('e');
  if (exponent != std::string::npos) {
    // Small magnitudes print as "1e-05"; spell them out exactly with %f's digits instead.
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", kMaxDecimals + 2, value);
    text = buffer;
  }
  return parse_money(text, decimals);
}

std::string format_money(MinorUnits amount, int decimals) {
  const bool negative = amount < 0;
  // Work on the magnitude as unsigned so INT64_MIN cannot overflow.
  unsigned long long magnitude =
      negative ? 0ULL - static_cast<unsigned long long>(amount) : static_cast<unsigned long long>(amount);
  std::string digits = std::to_string(magnitude);
  if (decimals > 0) {
    if (digits.size() <= static_cast<std::size_t>(decimals))
      digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

}  // namespace lanecast
