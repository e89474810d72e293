// A serial port for writing: termios setup and bounded writes, on core's UniqueFd.
//
// The pole display driver's seam to the hardware: tests hand it the slave side of a
// pseudo-terminal, which behaves like a USB serial adapter, including a hang-up (EIO, POLLHUP)
// when the other side goes away.
//
// Thread: no state of its own; each UniqueFd belongs to one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "daemon/core/status.h"
#include "daemon/core/unique_fd.h"

namespace lanecast::display {

// 1200, 2400, 4800, 9600, 19200, 38400, 57600 and 115200.
bool is_supported_baud(int baud);

// Opens `path` (following symlinks such as /dev/serial/by-id/...) non-blocking and
// close-on-exec, without becoming its controlling terminal, and sets it raw: 8 data bits,
// no parity, one stop bit, no flow control, modem lines ignored (CLOCAL), `baud` both ways.
// io_error naming the path and errno text when it cannot be opened or is not a terminal;
// invalid_input for an unsupported baud rate.
Result<UniqueFd> open_serial_port(const std::string& path, int baud);

// Writes every byte, waiting for the port while it is busy (a slow display, flow control).
// Gives up with io_error after `timeout` without progress, on a hang-up or a write error
// (EIO when the adapter is unplugged), or when `should_stop` returns true (checked at least
// every 100 ms while waiting).
Status write_all(int fd, std::string_view bytes, std::chrono::milliseconds timeout,
                 const std::function<bool()>& should_stop);

}  // namespace lanecast::display
