#include "display/pole_display.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lanecast::display {
namespace {

constexpr int kForever = -1;

}  // namespace

Result<std::unique_ptr<PoleDisplay>> PoleDisplay::start(PoleSettings settings) {
  if (settings.device.empty()) return Status::invalid_input("pole display: no device path");
  if (!is_supported_baud(settings.baud))
    return Status::invalid_input("pole display: unsupported baud rate " + std::to_string(settings.baud));
  if (settings.retry_initial.count() <= 0 || settings.retry_max < settings.retry_initial ||
      settings.write_timeout.count() <= 0)
    return Status::invalid_input("pole display: retry and write times must be positive");
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
    return Status::io_error(std::string("pole display: pipe: ") + std::strerror(errno));
  return std::unique_ptr<PoleDisplay>(
      new PoleDisplay(std::move(settings), UniqueFd(fds[0]), UniqueFd(fds[1])));
}

PoleDisplay::PoleDisplay(PoleSettings settings, UniqueFd wake_read, UniqueFd wake_write)
    : settings_(std::move(settings)),
      wake_read_(std::move(wake_read)),
      wake_write_(std::move(wake_write)),
      backoff_(settings_.retry_initial),
      retry_at_(std::chrono::steady_clock::now()),
      thread_([this] { run(); }) {}

PoleDisplay::~PoleDisplay() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake();
  if (thread_.joinable()) thread_.join();
}

void PoleDisplay::show(const PoleScreen& screen) {
  {
    std::lock_guard lock(mutex_);
    if (dirty_ && latest_.has_value()) ++stats_.screens_replaced;
    latest_ = screen;
    dirty_ = true;
  }
  wake();
}

PoleStats PoleDisplay::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

bool PoleDisplay::stopping() const {
  std::lock_guard lock(mutex_);
  return stop_;
}

void PoleDisplay::wake() {
  const char byte = 1;
  // A full pipe already holds a wake-up; nothing else can go wrong that matters here.
  if (::write(wake_write_.get(), &byte, 1) < 0) return;
}

PoleDisplay::Wake PoleDisplay::wait(int port_fd, std::chrono::milliseconds timeout) {
  // With no events requested, poll still reports a hang-up of the port: an unplugged
  // adapter is noticed while the display is idle, not only at the next write.
  pollfd fds[2] = {{wake_read_.get(), POLLIN, 0}, {port_fd, 0, 0}};
  const nfds_t count = port_fd >= 0 ? 2 : 1;
  const int millis = timeout.count() < 0 ? kForever : static_cast<int>(timeout.count());
  if (::poll(fds, count, millis) <= 0) return Wake::kTimeout;
  if ((fds[0].revents & POLLIN) != 0) {
    char drain[64];
    while (::read(wake_read_.get(), drain, sizeof drain) > 0) {
    }
  }
  if (count == 2 && (fds[1].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return Wake::kHangUp;
  return (fds[0].revents & POLLIN) != 0 ? Wake::kWoken : Wake::kTimeout;
}

bool PoleDisplay::connect(UniqueFd& port) {
  auto opened = open_serial_port(settings_.device, settings_.baud);
  std::lock_guard lock(mutex_);
  if (!opened.is_ok()) {
    ++stats_.open_errors;
    stats_.last_error = opened.status().message();
    retry_at_ = std::chrono::steady_clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, settings_.retry_max);
    return false;
  }
  port = std::move(opened).value();
  ++stats_.connects;
  stats_.connected = true;
  // Whatever the display showed before is gone or stale: show the latest screen again.
  dirty_ = latest_.has_value();
  return true;
}

std::optional<PoleDisplay::Job> PoleDisplay::next_job(bool initialize) {
  std::lock_guard lock(mutex_);
  if (!initialize && !dirty_) return std::nullopt;
  Job job;
  if (initialize) job.bytes = encode_init(settings_.command_set);
  if (dirty_ && latest_.has_value()) {
    job.bytes += encode_screen(settings_.command_set, *latest_);
    job.has_screen = true;
  }
  dirty_ = false;
  return job;
}

void PoleDisplay::wrote(const Job& job) {
  std::lock_guard lock(mutex_);
  stats_.bytes_written += job.bytes.size();
  if (job.has_screen) ++stats_.screens_written;
  backoff_ = settings_.retry_initial;
}

void PoleDisplay::failed(UniqueFd& port, const std::string& error) {
  port.reset();
  std::lock_guard lock(mutex_);
  stats_.connected = false;
  ++stats_.write_errors;
  stats_.last_error = error;
  dirty_ = latest_.has_value();
  retry_at_ = std::chrono::steady_clock::now() + backoff_;
  backoff_ = std::min(backoff_ * 2, settings_.retry_max);
}

void PoleDisplay::run() {
  UniqueFd port;
  bool initialize = true;
  while (!stopping()) {
    if (!port) {
      const auto now = std::chrono::steady_clock::now();
      if (now < retry_at_) {
        wait(-1, std::chrono::ceil<std::chrono::milliseconds>(retry_at_ - now));
        continue;
      }
      if (!connect(port)) continue;
      initialize = true;
    }
    const std::optional<Job> job = next_job(initialize);
    if (!job.has_value()) {
      if (wait(port.get(), std::chrono::milliseconds(kForever)) == Wake::kHangUp)
        failed(port, "the port hung up");
      continue;
    }
    const Status written = write_all(port.get(), job->bytes, settings_.write_timeout,
                                     [this] { return stopping(); });
    if (!written.is_ok()) {
      if (stopping()) break;
      failed(port, written.message());
      continue;
    }
    wrote(*job);
    initialize = false;
  }
  std::lock_guard lock(mutex_);
  stats_.connected = false;
}

}  // namespace lanecast::display
