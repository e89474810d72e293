#include "daemon/core/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace lanecast::log {
namespace {
std::atomic<int> g_max_level{static_cast<int>(Level::kInfo)};
}

Level level_from_name(std::string_view name) {
  if (name == "error") return Level::kError;
  if (name == "warning") return Level::kWarning;
  if (name == "notice") return Level::kNotice;
  if (name == "debug") return Level::kDebug;
  return Level::kInfo;
}

void set_max_level(Level level) { g_max_level.store(static_cast<int>(level)); }
Level max_level() { return static_cast<Level>(g_max_level.load()); }

void write(Level level, const char* format, ...) {
  if (static_cast<int>(level) > g_max_level.load(std::memory_order_relaxed)) return;
  char line[2048];
  int used = std::snprintf(line, sizeof line, "<%d>", static_cast<int>(level));
  va_list args;
  va_start(args, format);
  int body = std::vsnprintf(line + used, sizeof line - static_cast<std::size_t>(used) - 1, format, args);
  va_end(args);
  std::size_t length = static_cast<std::size_t>(used) +
                       (body < 0 ? 0 : static_cast<std::size_t>(body));
  if (length > sizeof line - 2) length = sizeof line - 2;
  line[length++] = '\n';
  // One write per line keeps lines whole when several threads log at once.
  ssize_t ignored = ::write(STDERR_FILENO, line, length);
  (void)ignored;
}

}  // namespace lanecast::log
