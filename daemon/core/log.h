// Logging to stderr with sd-daemon priority prefixes ("<6>..."), so journald keeps the level.
//
// Every message is one line: control characters in it (a line break in a session id, an escape
// code in a product name) are escaped (core/escape.h), so a field can never forge a line.
//
// Thread-safe: one write(2) per line, or per few lines inside a LineBatch. Storage and display
// never log above debug; the daemon decides and logs once, at the boundary. Never pass tokens
// or whole customer payloads.
#pragma once

#include <cstdarg>
#include <string>
#include <string_view>

namespace lanecast::log {

enum class Level { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6, kDebug = 7 };

// "error", "warning", "notice", "info", "debug"; anything else is info.
Level level_from_name(std::string_view name);
void set_max_level(Level level);
Level max_level();

void write(Level level, const char* format, ...) __attribute__((format(printf, 2, 3)));
// The line write() sends for `message`: "<level>" + the message with control characters
// escaped + "\n", at most 4 KiB.
std::string format_line(Level level, std::string_view message);

// While a LineBatch lives on a thread, the lines that thread logs are gathered and written when
// the outermost one ends, several to a write(2) but never more than PIPE_BUF bytes, so that each
// write still arrives whole beside other threads' lines. The storage writer holds one around
// the completions of a commit: one system call for that commit's webhook lines instead of one
// per webhook.
class LineBatch {
 public:
  LineBatch();
  ~LineBatch();
  LineBatch(const LineBatch&) = delete;
  LineBatch& operator=(const LineBatch&) = delete;

 private:
  bool outermost_;
  std::string lines_;  // the outermost one's gathered lines
};

#define LC_LOG(level, ...) ::lanecast::log::write(::lanecast::log::Level::level, __VA_ARGS__)
#define LOG_ERROR(...) LC_LOG(kError, __VA_ARGS__)
#define LOG_WARNING(...) LC_LOG(kWarning, __VA_ARGS__)
#define LOG_NOTICE(...) LC_LOG(kNotice, __VA_ARGS__)
#define LOG_INFO(...) LC_LOG(kInfo, __VA_ARGS__)
#define LOG_DEBUG(...) LC_LOG(kDebug, __VA_ARGS__)

}  // namespace lanecast::log
