// The pole display driver: one 2x20 VFD on a serial port, kept showing the latest screen.
//
// Threads. start() runs one driver thread that owns the port; show() and stats() may be
// called from any thread and never block on I/O: show() stores the screen (the latest one
// wins; a screen not yet written when the next arrives is dropped and counted) and wakes the
// driver. The destructor stops and joins the driver, waiting at most about 100 ms for a write
// in progress.
//
// Connection. The driver opens the port (termios raw, the configured baud), sends the
// command set's initialization, then each screen as it comes. A failed open, a failed or
// stalled write, or a hang-up noticed while idle (the adapter was unplugged) closes the port;
// the driver retries with exponential backoff from retry_initial up to retry_max, and after
// reconnecting initializes the display again and re-sends the latest screen, so that an
// unplug/replug or a power-cycled display heals by itself. The backoff returns to
// retry_initial after a successful write. A device missing at start is not an error: the
// driver keeps trying and reports it in stats().
//
// Errors are reported through stats(), never logged here: the daemon decides what to log.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "daemon/core/status.h"
#include "display/pole_protocol.h"
#include "display/serial_port.h"

namespace lanecast::display {

struct PoleSettings {
  std::string device;  // e.g. /dev/ttyUSB0, or a stable /dev/serial/by-id/... link
  int baud = 9600;
  PoleCommandSet command_set = PoleCommandSet::kEpson;
  std::chrono::milliseconds retry_initial{500};
  std::chrono::milliseconds retry_max{30'000};
  std::chrono::milliseconds write_timeout{2'000};
};

struct PoleStats {
  bool connected = false;
  std::uint64_t connects = 0;          // successful opens
  std::uint64_t bytes_written = 0;
  std::uint64_t screens_written = 0;
  std::uint64_t screens_replaced = 0;  // superseded before they were written
  std::uint64_t open_errors = 0;
  std::uint64_t write_errors = 0;      // failed writes and hang-ups
  std::string last_error;              // "" until something fails
};

class PoleDisplay {
 public:
  // invalid_input for an empty device path or an unsupported baud rate; io_error when the
  // driver's wake-up pipe cannot be made. The device itself is opened by the driver thread.
  static Result<std::unique_ptr<PoleDisplay>> start(PoleSettings settings);
  ~PoleDisplay();
  PoleDisplay(const PoleDisplay&) = delete;
  PoleDisplay& operator=(const PoleDisplay&) = delete;

  void show(const PoleScreen& screen);
  PoleStats stats() const;

 private:
  enum class Wake { kWoken, kTimeout, kHangUp };
  struct Job {
    std::string bytes;
    bool has_screen = false;
  };

  PoleDisplay(PoleSettings settings, UniqueFd wake_read, UniqueFd wake_write);
  void run();
  bool connect(UniqueFd& port);
  std::optional<Job> next_job(bool initialize);
  void wrote(const Job& job);
  void failed(UniqueFd& port, const std::string& error);
  Wake wait(int port_fd, std::chrono::milliseconds timeout);
  bool stopping() const;
  void wake();

  const PoleSettings settings_;
  const UniqueFd wake_read_;
  const UniqueFd wake_write_;

  mutable std::mutex mutex_;
  std::optional<PoleScreen> latest_;  // guarded by mutex_
  bool dirty_ = false;                // guarded by mutex_: latest_ not yet on the display
  bool stop_ = false;                 // guarded by mutex_
  PoleStats stats_;                   // guarded by mutex_

  // Driver thread only.
  std::chrono::milliseconds backoff_;
  std::chrono::steady_clock::time_point retry_at_;

  std::thread thread_;  // last: starts after everything above is initialised
};

}  // namespace lanecast::display
