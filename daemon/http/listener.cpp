#include "daemon/http/listener.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "daemon/config/config.h"

namespace lanecast::http {
namespace {

constexpr int kBacklog = 1024;

std::string describe(const sockaddr_storage& address) {
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
    port = ntohs(v4->sin_port);
    return std::string(host) + ":" + std::to_string(port);
  }
  const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
  inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
  port = ntohs(v6->sin6_port);
  return "[" + std::string(host) + "]:" + std::to_string(port);
}

using ResolvedAddress = std::pair<sockaddr_storage, socklen_t>;

// IP literals and names ("localhost") alike; the first address is the one bound.
Result<ResolvedAddress> resolve(const config::ListenAddress& listen) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(listen.port);
  const int error = getaddrinfo(listen.host.c_str(), port.c_str(), &hints, &found);
  if (error != 0 || found == nullptr)
    return Status::invalid_input("cannot resolve '" + listen.host + "': " + gai_strerror(error));
  ResolvedAddress resolved{};
  std::memcpy(&resolved.first, found->ai_addr, found->ai_addrlen);
  resolved.second = found->ai_addrlen;
  freeaddrinfo(found);
  return resolved;
}

}  // namespace

std::string client_address_text(const sockaddr* address) {
  char host[INET6_ADDRSTRLEN] = "";
  if (address == nullptr) return host;
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, host, sizeof host);
  } else if (address->sa_family == AF_INET6) {
    const in6_addr& v6 = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) inet_ntop(AF_INET, &v6.s6_addr[12], host, sizeof host);
    else inet_ntop(AF_INET6, &v6, host, sizeof host);
  }
  return host;
}

bool is_loopback_address(const sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr) && v6->sin6_addr.s6_addr[12] == 127;
  }
  return false;
}

Listener::Listener(Listener&& other) noexcept { *this = std::move(other); }

Listener& Listener::operator=(Listener&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(inherited_, other.inherited_);
  std::swap(loopback_, other.loopback_);
  std::swap(description_, other.description_);
  return *this;
}

Listener::~Listener() {
  if (fd_ >= 0 && !inherited_) ::close(fd_);
}

Result<InheritedSockets> take_inherited_sockets() {
  char** names = nullptr;
  const int passed = sd_listen_fds_with_names(1, &names);
  InheritedSockets sockets;
  if (passed <= 0) return sockets;
  Status status = Status::ok();
  for (int i = 0; i < passed; ++i) {
    const int fd = SD_LISTEN_FDS_START + i;
    const std::string name = names != nullptr && names[i] != nullptr ? names[i] : "";
    if (status.is_ok() && sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0)
      status = Status::invalid_input("the socket \"" + name + "\" passed by systemd is not a "
                                     "listening stream socket");
    if (name == "https" && sockets.https < 0) sockets.https = fd;
    else if (name != "https" && sockets.http < 0) sockets.http = fd;
    else sockets.ignored++;
  }
  if (names != nullptr) {
    for (int i = 0; i < passed; ++i) std::free(names[i]);
    std::free(names);
  }
  if (!status.is_ok()) return status;
  return sockets;
}

Result<Listener> Listener::open(const std::string& listen_address, int inherited_fd) {
  Listener listener;
  if (inherited_fd >= 0) {
    listener.fd_ = inherited_fd;
    listener.inherited_ = true;
  } else {
    auto parsed = config::parse_listen_address(listen_address);
    if (!parsed.is_ok())
      return Status::invalid_input("'" + listen_address + "': " + parsed.status().message());
    auto resolved = resolve(*parsed);
    if (!resolved.is_ok()) return resolved.status();
    const auto& [address, length] = *resolved;
    const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return Status::io_error(std::string("socket: ") + std::strerror(errno));
    listener.fd_ = fd;
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0)
      return Status::io_error("bind " + listen_address + ": " + std::strerror(errno));
    if (::listen(fd, kBacklog) != 0)
      return Status::io_error("listen " + listen_address + ": " + std::strerror(errno));
  }
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  if (getsockname(listener.fd_, reinterpret_cast<sockaddr*>(&bound), &bound_length) == 0) {
    listener.loopback_ = is_loopback_address(reinterpret_cast<sockaddr*>(&bound));
    listener.description_ = describe(bound);
  }
  return listener;
}

}  // namespace lanecast::http
