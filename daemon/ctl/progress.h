// A progress bar on stderr for long work (replay, export, backup, simulate), drawn only when
// stderr is a terminal, so scripts and logs never see it. Redrawn at most ten times a second;
// the line is cleared when the bar is finished or destroyed.
//
// Thread: one thread per bar.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lanecast::ctl {

class Progress {
 public:
  // total <= 0: unknown; the bar then shows a count and a rate.
  Progress(std::string label, std::int64_t total, bool enabled = default_enabled());
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::int64_t n = 1) { set(done_ + n); }
  void set(std::int64_t done);
  void set_total(std::int64_t total) { total_ = total; }
  void finish();  // clears the line; later calls draw nothing

  // The text of the bar as drawn (for tests): "replay  [#####     ]  50%  500/1000  120/s".
  std::string line(std::chrono::steady_clock::time_point now) const;

  static bool default_enabled();  // stderr is a terminal

 private:
  void draw(std::chrono::steady_clock::time_point now);

  std::string label_;
  std::int64_t total_;
  std::int64_t done_ = 0;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace lanecast::ctl
