// A small blocking HTTP/1.1 client for lanecastctl: one connection to one daemon, kept alive
// between requests, with a deadline per request.
//
// Every request has one deadline covering connect, send and the whole response. A request
// sent on a connection that was reused and turns out closed by the server (it closed an idle
// connection) is sent once more on a fresh one: lanecastd's webhooks are idempotent by
// content, and the read API has no side effects, so a second copy is harmless.
//
// Thread: one thread per client.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/ctl/http_response.h"
#include "daemon/ctl/url.h"

namespace lanecast::ctl {

struct HttpRequest {
  std::string method = "GET";
  std::string path;  // absolute API path; the URL's prefix is put in front
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string bearer_token;  // "" = no Authorization header
};

class HttpClient {
 public:
  HttpClient(Url base, std::chrono::milliseconds timeout);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Any HTTP status is a response; failures are io_error (cannot connect, connection lost,
  // a response that is not HTTP) and busy (the deadline passed), naming the URL.
  Result<HttpResponse> send(const HttpRequest& request);

  Result<HttpResponse> get(std::string_view path, std::string_view bearer_token = {});
  Result<HttpResponse> post_json(std::string_view path, std::string body,
                                 std::string_view bearer_token);

  const Url& base() const { return base_; }

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  Status connect(Deadline deadline);
  Status write_all(std::string_view bytes, Deadline deadline);
  Result<HttpResponse> read_response(bool head, Deadline deadline, bool* nothing_received);
  Result<HttpResponse> attempt(const HttpRequest& request, Deadline deadline, bool* retryable);
  void close();
  std::string describe(std::string_view what) const;

  Url base_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  bool reused_ = false;  // the open connection has carried a request already
};

// Formats a failed response for people: "HTTP 401: {"error":...}" with the body cut short.
std::string describe_response(const HttpResponse& response);

}  // namespace lanecast::ctl
