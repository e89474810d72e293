// SIGTERM, SIGINT and SIGHUP delivered through a signalfd, so the main loop reads them like
// any other event (no handler runs in signal context, no flags to race on).
//
// Thread: constructed on the main thread BEFORE any other thread starts, so every thread
// inherits the blocked mask and only the signalfd sees these signals.
#pragma once

namespace lanecast::systemd {

enum class SignalEvent { kNone, kTerminate, kReload };

class Signals {
 public:
  Signals();
  ~Signals();
  Signals(const Signals&) = delete;
  Signals& operator=(const Signals&) = delete;

  // Waits up to timeout_ms for a signal; kNone on timeout.
  SignalEvent wait(int timeout_ms);
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

}  // namespace lanecast::systemd
