#include "daemon/pricing/rate.h"

namespace lanecast::pricing {
namespace {
constexpr int kPercentDecimals = 4;  // 4 decimals of a percent are 6 decimals of a fraction
}

Result<std::int64_t> parse_percent(std::string_view text) {
  auto invalid = [&](const char* why) {
    // Appended piece by piece: "literal" + std::string&& trips GCC 12's -Wrestrict in -O2 builds.
    std::string message = "'";
    message.append(text.substr(0, 20)).append("' ").append(why);
    return Status::invalid_input(message);
  };
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty()))
    return invalid("is not a decimal percentage");
  if (whole.size() > 3) return invalid("is above 100 percent");
  std::int64_t ppm = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return invalid("is not a decimal percentage");
    ppm = ppm * 10 + (c - '0');
  }
  if (fraction.size() > kPercentDecimals) return invalid("has more than 4 decimal places");
  for (std::size_t i = 0; i < kPercentDecimals; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return invalid("is not a decimal percentage");
    ppm = ppm * 10 + (c - '0');
  }
  if (ppm > kPartsPerMillion) return invalid("is above 100 percent");
  return ppm;
}

std::string format_rate_fraction(std::int64_t ppm) {
  std::string digits = std::to_string(ppm % kPartsPerMillion);
  digits.insert(0, 6 - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  std::string text = std::to_string(ppm / kPartsPerMillion);
  if (!digits.empty()) text += "." + digits;
  return text;
}

}  // namespace lanecast::pricing
