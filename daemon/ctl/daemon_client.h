// lanecastctl's HTTP client: libcurl, one easy handle per daemon, so that requests share one
// kept-alive connection (libcurl sends a request again on a fresh connection when the server
// closed an idle one: lanecastd's webhooks are idempotent by content and the read API has no
// side effects, so a second copy is harmless).
//
// http:// and https:// alike. For https the daemon's certificate is checked against the
// system's CA store, or against Url::ca_file (--cacert) for a store's own CA, and against the
// host name in the URL; a certificate that fails is an io_error saying so. Every request has
// one deadline (--timeout) covering connect, TLS handshake, send and the whole response.
//
// Thread: one thread per client.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/ctl/daemon_url.h"

namespace lanecast::ctl {

struct HttpResponse {
  int status = 0;
  std::string body;
};

class HttpClient {
 public:
  HttpClient(Url base, std::chrono::milliseconds timeout);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Any HTTP status is a response. Failures name the URL: busy when the deadline passed,
  // io_error for everything else (cannot connect, connection lost, a certificate not
  // trusted, an answer that is not HTTP).
  Result<HttpResponse> get(std::string_view path, std::string_view bearer_token = {});
  Result<HttpResponse> post_json(std::string_view path, std::string_view body,
                                 std::string_view bearer_token);

  const Url& base() const { return base_; }

 private:
  Result<HttpResponse> perform(std::string_view path, std::string_view bearer_token,
                               const std::string* json_body);

  Url base_;
  std::chrono::milliseconds timeout_;
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

// Formats a failed response for people: "HTTP 401: {"error":...}" with the body cut short.
std::string describe_response(const HttpResponse& response);

}  // namespace lanecast::ctl
