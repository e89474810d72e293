#include "daemon/ctl/http_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "daemon/core/unique_fd.h"

namespace lanecast::ctl {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 64 * 1024;

struct AddrinfoFree {
  void operator()(addrinfo* list) const { freeaddrinfo(list); }
};


int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<std::int64_t>(left, 1 << 30));
}

// Waits until the socket is ready for `events`; false when the deadline passed first.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, remaining_ms(deadline));
    if (rc > 0) return true;
    if (rc == 0) return false;
    if (errno != EINTR) return true;  // the next read or write reports the error
  }
}

// One non-blocking connect to one address, within the deadline.
Status connect_one(const addrinfo& address, Clock::time_point deadline, int* out) {
  UniqueFd fd(::socket(address.ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return Status::io_error(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd.get(), address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) return Status::io_error(std::strerror(errno));
    if (!wait_for(fd.get(), POLLOUT, deadline)) return Status::busy("timed out connecting");
    int error = 0;
    socklen_t size = sizeof error;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) return Status::io_error(std::strerror(error));
  }
  // Requests are small and answered one by one: Nagle would hold each back for the ACK.
  const int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  *out = fd.release();
  return Status::ok();
}

std::string request_text(const Url& base, const HttpRequest& request) {
  std::string text = request.method + " " + base.target(request.path) + " HTTP/1.1\r\n";
  text += "Host: " + base.authority() + "\r\n";
  text += "User-Agent: lanecastctl/" LANECAST_VERSION "\r\n";
  bool has_accept = false;
  for (const auto& [name, value] : request.headers) {
    text += name + ": " + value + "\r\n";
    if (strcasecmp(name.c_str(), "Accept") == 0) has_accept = true;
  }
  if (!has_accept) text += "Accept: application/json\r\n";
  if (!request.bearer_token.empty()) text += "Authorization: Bearer " + request.bearer_token + "\r\n";
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    text += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  text += "\r\n";
  text += request.body;
  return text;
}

}  // namespace

HttpClient::HttpClient(Url base, std::chrono::milliseconds timeout)
    : base_(std::move(base)), timeout_(timeout) {}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  reused_ = false;
}

std::string HttpClient::describe(std::string_view what) const {
  return base_.to_string() + ": " + std::string(what);
}

Status HttpClient::connect(Deadline deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* raw = nullptr;
  const int rc = ::getaddrinfo(base_.host.c_str(), std::to_string(base_.port).c_str(), &hints, &raw);
  std::unique_ptr<addrinfo, AddrinfoFree> list(raw);
  if (rc != 0) return Status::io_error(describe(std::string("cannot resolve host: ") + gai_strerror(rc)));
  Status last = Status::io_error(describe("no address to connect to"));
  for (const addrinfo* address = list.get(); address != nullptr; address = address->ai_next) {
    Status status = connect_one(*address, deadline, &fd_);
    if (status.is_ok()) return status;
    last = status.kind() == Status::Kind::kBusy ? Status::busy(describe(status.message()))
                                                  : Status::io_error(describe("cannot connect: " + status.message()));
    if (status.kind() == Status::Kind::kBusy) break;
  }
  return last;
}

Status HttpClient::write_all(std::string_view bytes, Deadline deadline) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd_, POLLOUT, deadline)) return Status::busy(describe("timed out sending"));
      continue;
    }
    return Status::io_error(describe(std::string("sending failed: ") + std::strerror(errno)));
  }
  return Status::ok();
}

Result<HttpResponse> HttpClient::read_response(bool head, Deadline deadline, bool* nothing_received) {
  ResponseParser parser(head);
  std::string buffer(kReadChunk, '\0');
  *nothing_received = true;
  while (parser.state() == ResponseParser::State::kNeedMore) {
    const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n > 0) {
      *nothing_received = false;
      parser.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    } else if (n == 0 || errno == ECONNRESET) {
      parser.finish();
    } else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
      if (!wait_for(fd_, POLLIN, deadline)) return Status::busy(describe("timed out waiting for the response"));
    } else {
      return Status::io_error(describe(std::string("receiving failed: ") + std::strerror(errno)));
    }
  }
  if (parser.state() == ResponseParser::State::kError) return Status::io_error(describe(parser.error()));
  if (!parser.keep_alive()) close();
  return std::move(parser.response());
}

Result<HttpResponse> HttpClient::attempt(const HttpRequest& request, Deadline deadline, bool* retryable) {
  *retryable = false;
  if (fd_ < 0) {
    Status status = connect(deadline);
    if (!status.is_ok()) return status;
  }
  const bool was_reused = reused_;
  Status status = write_all(request_text(base_, request), deadline);
  if (!status.is_ok()) {
    *retryable = was_reused && status.kind() == Status::Kind::kIoError;
    close();
    return status;
  }
  bool nothing_received = true;
  auto response = read_response(request.method == "HEAD", deadline, &nothing_received);
  if (!response.is_ok()) {
    *retryable = was_reused && nothing_received && response.status().kind() == Status::Kind::kIoError;
    close();
    return response;
  }
  if (fd_ >= 0) reused_ = true;
  return response;
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request) {
  const Deadline deadline = Clock::now() + timeout_;
  bool retryable = false;
  auto response = attempt(request, deadline, &retryable);
  if (response.is_ok() || !retryable) return response;
  return attempt(request, deadline, &retryable);
}

Result<HttpResponse> HttpClient::get(std::string_view path, std::string_view bearer_token) {
  HttpRequest request;
  request.path = std::string(path);
  request.bearer_token = std::string(bearer_token);
  return send(request);
}

Result<HttpResponse> HttpClient::post_json(std::string_view path, std::string body,
                                           std::string_view bearer_token) {
  HttpRequest request;
  request.method = "POST";
  request.path = std::string(path);
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(body);
  request.bearer_token = std::string(bearer_token);
  return send(request);
}

std::string describe_response(const HttpResponse& response) {
  constexpr std::size_t kShown = 300;
  std::string body = response.body.substr(0, kShown);
  if (response.body.size() > kShown) body += "...";
  for (char& c : body) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "HTTP " + std::to_string(response.status) + (body.empty() ? "" : ": " + body);
}

}  // namespace lanecast::ctl
