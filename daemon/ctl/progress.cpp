#include "daemon/ctl/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace lanecast::ctl {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

}  // namespace

bool Progress::default_enabled() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, std::int64_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled), started_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::set(std::int64_t done) {
  done_ = done;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < kRedrawEvery && done_ != total_) return;
  draw(now);
}

std::string Progress::line(std::chrono::steady_clock::time_point now) const {
  const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - started_).count();
  const std::int64_t rate = elapsed_ms > 0 ? done_ * 1000 / elapsed_ms : 0;
  std::string text = label_ + "  ";
  if (total_ > 0) {
    const std::int64_t shown = std::clamp<std::int64_t>(done_, 0, total_);
    const int filled = static_cast<int>(shown * kBarWidth / total_);
    text += "[" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(kBarWidth - filled), ' ') + "] ";
    text += std::to_string(shown * 100 / total_) + "%  " + std::to_string(done_) + "/" + std::to_string(total_);
  } else {
    text += std::to_string(done_);
  }
  return text + "  " + std::to_string(rate) + "/s";
}

void Progress::draw(std::chrono::steady_clock::time_point now) {
  const std::string text = "\r\033[K" + line(now);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  drawn_ = true;
  last_draw_ = now;
}

void Progress::finish() {
  if (enabled_ && drawn_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
  enabled_ = false;
}

}  // namespace lanecast::ctl
