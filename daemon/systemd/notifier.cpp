#include "daemon/systemd/notifier.h"

#include <systemd/sd-daemon.h>
#include <time.h>

namespace lanecast::systemd {

Notifier::Notifier() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) watchdog_us_ = static_cast<std::int64_t>(usec);
}

void Notifier::ready(const std::string& status) {
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void Notifier::status(const std::string& status) { sd_notifyf(0, "STATUS=%s", status.c_str()); }

void Notifier::reloading() {
  // MONOTONIC_USEC lets systemd 253+ match the reload to this notification; older ones ignore it.
  struct timespec now {};
  clock_gettime(CLOCK_MONOTONIC, &now);
  sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%lld",
             static_cast<long long>(now.tv_sec) * 1000000LL + now.tv_nsec / 1000);
}

void Notifier::stopping() { sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

void Notifier::watchdog_ping() {
  if (watchdog_us_ > 0) sd_notify(0, "WATCHDOG=1");
}

void Notifier::extend_timeout(std::int64_t microseconds) {
  sd_notifyf(0, "EXTEND_TIMEOUT_USEC=%lld", static_cast<long long>(microseconds));
}

}  // namespace lanecast::systemd
