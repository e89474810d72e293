#include "display/serial_port.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lanecast::display {
namespace {

constexpr std::chrono::milliseconds kStopCheck{100};

struct BaudRate {
  int baud;
  speed_t speed;
};
constexpr BaudRate kBaudRates[] = {
    {1200, B1200},   {2400, B2400},   {4800, B4800},   {9600, B9600},
    {19200, B19200}, {38400, B38400}, {57600, B57600}, {115200, B115200},
};

Status errno_status(const std::string& what) {
  return Status::io_error(what + ": " + std::strerror(errno));
}

Status make_raw(int fd, speed_t speed, const std::string& path) {
  termios tio{};
  if (tcgetattr(fd, &tio) != 0) return errno_status(path + " is not a serial port");
  cfmakeraw(&tio);
  tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | CSTOPB | PARENB | CRTSCTS);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  if (cfsetispeed(&tio, speed) != 0 || cfsetospeed(&tio, speed) != 0)
    return errno_status(path + ": cannot set the baud rate");
  if (tcsetattr(fd, TCSANOW, &tio) != 0) return errno_status(path + ": cannot configure");
  return Status::ok();
}

}  // namespace

bool is_supported_baud(int baud) {
  for (const BaudRate& rate : kBaudRates)
    if (rate.baud == baud) return true;
  return false;
}

Result<UniqueFd> open_serial_port(const std::string& path, int baud) {
  const BaudRate* rate = nullptr;
  for (const BaudRate& candidate : kBaudRates)
    if (candidate.baud == baud) rate = &candidate;
  if (rate == nullptr) return Status::invalid_input("unsupported baud rate " + std::to_string(baud));
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return errno_status("cannot open " + path);
  Status raw = make_raw(fd.get(), rate->speed, path);
  if (!raw.is_ok()) return raw;
  return fd;
}

Status write_all(int fd, std::string_view bytes, std::chrono::milliseconds timeout,
                 const std::function<bool()>& should_stop) {
  std::chrono::milliseconds waited{0};
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(written));
      waited = std::chrono::milliseconds{0};
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return errno_status("write");
    if (should_stop && should_stop()) return Status::io_error("write abandoned: stopping");
    if (waited >= timeout) return Status::io_error("write timed out: the display takes no data");
    pollfd pfd{fd, POLLOUT, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(kStopCheck.count()));
    if (ready < 0 && errno != EINTR) return errno_status("poll");
    if (ready > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
      return Status::io_error("the port hung up");
    if (ready == 0) waited += kStopCheck;
  }
  return Status::ok();
}

}  // namespace lanecast::display
