// sd_notify(3) for the service manager: READY, STATUS, RELOADING, STOPPING, WATCHDOG,
// EXTEND_TIMEOUT. Outside systemd ($NOTIFY_SOCKET unset) every call is a cheap no-op.
//
// Thread: main thread.
#pragma once

#include <cstdint>
#include <string>

namespace lanecast::systemd {

class Notifier {
 public:
  Notifier();

  void ready(const std::string& status);
  void status(const std::string& status);
  void reloading();
  void stopping();
  void watchdog_ping();
  void extend_timeout(std::int64_t microseconds);

  // The watchdog interval systemd asked for (WatchdogSec=), 0 when none.
  std::int64_t watchdog_interval_us() const { return watchdog_us_; }

 private:
  std::int64_t watchdog_us_ = 0;
};

}  // namespace lanecast::systemd
