// The listening socket: inherited from systemd (socket activation) or bound here.
//
// Thread: main thread, before the server starts.
#pragma once

#include <sys/socket.h>

#include <string>

#include "daemon/core/status.h"

namespace lanecast::http {

// The listening sockets systemd passed (socket activation), by role. A socket named "https"
// (FileDescriptorName=https, as lanecast-https.socket sets) is the HTTPS listener; the first
// socket with any other name (lanecast.socket's) is the plain HTTP listener. -1: none passed.
struct InheritedSockets {
  int http = -1;
  int https = -1;
  int ignored = 0;  // further sockets, which have no role
};
// Reads and clears LISTEN_FDS / LISTEN_FDNAMES, so call it once. An error when a passed
// descriptor is not a listening stream socket.
Result<InheritedSockets> take_inherited_sockets();

class Listener {
 public:
  // Uses `inherited_fd` when it is >= 0 (from take_inherited_sockets), else binds
  // `listen_address` ("127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80", "localhost:8080"). Port 0
  // picks a free port.
  static Result<Listener> open(const std::string& listen_address, int inherited_fd = -1);

  Listener(Listener&& other) noexcept;
  Listener& operator=(Listener&& other) noexcept;
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  ~Listener();  // closes a socket it bound itself; an inherited one belongs to systemd

  int fd() const { return fd_; }
  bool inherited() const { return inherited_; }
  bool is_loopback() const { return loopback_; }
  const std::string& description() const { return description_; }  // "127.0.0.1:8080"

 private:
  Listener() = default;
  int fd_ = -1;
  bool inherited_ = false;
  bool loopback_ = false;
  std::string description_;
};

// Whether a socket address is loopback: 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104.
bool is_loopback_address(const struct sockaddr* address);
// A client's address without its port, as limits per address count it: "192.0.2.7",
// "2001:db8::1"; an IPv4-mapped IPv6 address as its IPv4 form. "" for nullptr or another family.
std::string client_address_text(const struct sockaddr* address);

}  // namespace lanecast::http
