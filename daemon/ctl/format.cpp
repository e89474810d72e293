#include "daemon/ctl/format.h"

#include <ctime>

#include "daemon/core/money.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {

std::string human_time(std::int64_t unix_micros) {
  if (unix_micros == 0) return "-";
  const std::time_t seconds = static_cast<std::time_t>(unix_micros / 1'000'000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

std::string human_bytes(std::int64_t bytes) {
  constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  std::int64_t scale = 1024;
  int unit = 0;
  while (unit < 3 && bytes >= scale * 1024) {
    scale *= 1024;
    ++unit;
  }
  const std::int64_t tenths = (bytes * 10 + scale / 2) / scale;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + kUnits[unit];
}

std::string human_duration(std::int64_t seconds) {
  auto two = [](std::int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  if (seconds < 60) return std::to_string(seconds) + "s";
  if (seconds < 3600) return std::to_string(seconds / 60) + "m " + two(seconds % 60) + "s";
  if (seconds < 86400) return std::to_string(seconds / 3600) + "h " + two(seconds % 3600 / 60) + "m";
  return std::to_string(seconds / 86400) + "d " + two(seconds % 86400 / 3600) + "h";
}

std::string human_money(const std::optional<std::int64_t>& minor, int decimals) {
  return minor ? format_money(*minor, decimals) : "-";
}

std::string human_micros(std::int64_t micros) {
  const std::int64_t tenths = (micros + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " ms";
}

std::string shorten(const std::string& text, std::size_t max) {
  if (max == 0 || display_width(text) <= max) return text;
  std::size_t chars = 0;
  std::size_t cut = 0;
  for (; cut < text.size(); ++cut) {
    if ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) continue;
    if (chars++ == max - 1) break;
  }
  return text.substr(0, cut) + "…";
}

}  // namespace lanecast::ctl
