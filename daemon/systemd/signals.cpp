#include "daemon/systemd/signals.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace lanecast::systemd {

Signals::Signals() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &mask, nullptr);
  // A peer that closes early must not kill the daemon with SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  fd_ = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
}

Signals::~Signals() {
  if (fd_ >= 0) close(fd_);
}

SignalEvent Signals::wait(int timeout_ms) {
  pollfd entry{fd_, POLLIN, 0};
  if (poll(&entry, 1, timeout_ms) <= 0) return SignalEvent::kNone;
  signalfd_siginfo info{};
  if (read(fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return SignalEvent::kNone;
  if (info.ssi_signo == SIGHUP) return SignalEvent::kReload;
  return SignalEvent::kTerminate;
}

}  // namespace lanecast::systemd
