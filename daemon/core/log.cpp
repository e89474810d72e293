#include "daemon/core/log.h"

#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>

#include "daemon/core/escape.h"

namespace lanecast::log {
namespace {
std::atomic<int> g_max_level{static_cast<int>(Level::kInfo)};
// A message is cut at kMaxMessageBytes before escaping; the escaped line at kMaxLineBytes.
constexpr std::size_t kMaxMessageBytes = 2048;
constexpr std::size_t kMaxLineBytes = 4096;
static_assert(kMaxLineBytes <= PIPE_BUF, "a line is written whole");

// The outermost LineBatch's lines on this thread: whole lines, at most PIPE_BUF bytes.
thread_local std::string* t_gathered = nullptr;

void send(std::string_view bytes) {
  ssize_t ignored = ::write(STDERR_FILENO, bytes.data(), bytes.size());
  (void)ignored;
}

void send_gathered() {
  if (t_gathered->empty()) return;
  send(*t_gathered);
  t_gathered->clear();
}
}  // namespace

LineBatch::LineBatch() : outermost_(t_gathered == nullptr) {
  if (outermost_) t_gathered = &lines_;
}

LineBatch::~LineBatch() {
  if (!outermost_) return;
  send_gathered();
  t_gathered = nullptr;
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
  char message[kMaxMessageBytes];
  va_list args;
  va_start(args, format);
  const int length = std::vsnprintf(message, sizeof message, format, args);
  va_end(args);
  const std::size_t used =
      length < 0 ? 0 : std::min(static_cast<std::size_t>(length), sizeof message - 1);
  std::string line = format_line(level, std::string_view(message, used));
  // One write per line (or per PIPE_BUF of whole lines) keeps lines whole when several threads
  // log at once.
  if (t_gathered == nullptr) {
    send(line);
    return;
  }
  if (t_gathered->size() + line.size() > PIPE_BUF) send_gathered();
  *t_gathered += line;
}

std::string format_line(Level level, std::string_view message) {
  // Every formatted field is in `message`, and format strings hold no control characters:
  // escaping the whole message escapes each field, so no field can end the line or start
  // another with a priority prefix of its own.
  std::string line = "<" + std::to_string(static_cast<int>(level)) + ">";
  line += escape_control_characters(message);
  if (line.size() > kMaxLineBytes - 1) line.resize(kMaxLineBytes - 1);
  line += '\n';
  return line;
}

}  // namespace lanecast::log
