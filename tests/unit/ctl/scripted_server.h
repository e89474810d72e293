// A loopback TCP server for the HTTP client tests: answers each request it reads with the
// bytes a script returns, and can drop connections or stay silent on purpose.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ctl_test {

struct Reply {
  std::string bytes;           // the raw response; "" sends nothing
  bool close_after = false;    // close the connection once sent
};

class ScriptedServer {
 public:
  // `script(n, request)` answers the n-th request (counting from 0) on any connection.
  explicit ScriptedServer(std::function<Reply(int, const std::string&)> script) : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 || ::listen(listener_, 8) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      throw std::runtime_error("scripted server cannot listen");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  int port() const { return port_; }
  int connections() const { return connections_; }
  std::vector<std::string> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 20) > 0;
  }

  void serve() {
    while (!stop_) {
      if (!readable(listener_)) continue;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      serve_connection(fd);
      ::close(fd);
    }
  }

  // One connection at a time: the client under test keeps at most one.
  void serve_connection(int fd) {
    std::string buffer;
    while (!stop_) {
      if (!readable(fd)) continue;
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(n));
      const auto head_end = buffer.find("\r\n\r\n");
      if (head_end == std::string::npos) continue;
      const auto length_at = buffer.find("Content-Length: ");
      const std::size_t body = length_at != std::string::npos && length_at < head_end
                                   ? std::stoul(buffer.substr(length_at + 16)) : 0;
      if (buffer.size() < head_end + 4 + body) continue;
      const std::string request = buffer.substr(0, head_end + 4 + body);
      buffer.erase(0, request.size());
      int index = 0;
      {
        std::lock_guard lock(mu_);
        index = static_cast<int>(requests_.size());
        requests_.push_back(request);
      }
      const Reply reply = script_(index, request);
      if (!reply.bytes.empty()) ::send(fd, reply.bytes.data(), reply.bytes.size(), MSG_NOSIGNAL);
      if (reply.close_after) return;
    }
  }

  std::function<Reply(int, const std::string&)> script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mu_;
  std::vector<std::string> requests_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace ctl_test
