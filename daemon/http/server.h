// The HTTP server: libmicrohttpd with an internal epoll thread, suspend/resume and an ITC,
// in front of a Router.
//
// What it does before a handler sees a request: control bytes (400, request_bytes.h),
// routing (404, 405 with Allow), access (401 with WWW-Authenticate: Bearer; 403 for a foreign
// Host or a cross-site request, auth_check.h), and for body-taking routes the content checks
// (415 not JSON, 411 no length, 413 over the cap - by Content-Length up front, and while
// streaming for chunked bodies; 503 when all bodies together would pass the BodyBudget).
// A route that takes no body refuses a declared one (413, unread, the connection closed).
// Handlers then run on the libmicrohttpd thread and answer through their Reply, at once or
// later from another thread.
//
// Thread: constructed and destroyed on the main thread; tick() and quiesce() on the main
// thread; everything else inside runs on libmicrohttpd's thread(s).
#pragma once

#include <microhttpd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "daemon/core/status.h"
#include "daemon/http/auth.h"
#include "daemon/http/body_budget.h"
#include "daemon/http/connection_watch.h"
#include "daemon/http/listener.h"
#include "daemon/http/router.h"

namespace lanecast::http {

// An HTTPS listener's material, as PEM text (never file names: the daemon reads the files or
// systemd credentials once, at start).
struct TlsOptions {
  std::string cert_pem;    // the server's certificate first, then intermediates
  std::string key_pem;     // unencrypted
  std::string priorities;  // GnuTLS priority string
};

// Whether libmicrohttpd (GnuTLS) accepts this certificate, key and priority string, tried on
// a daemon without a socket. invalid_input with libmicrohttpd's words when not.
Status check_tls_options(const TlsOptions& tls);

struct ServerOptions {
  std::int64_t max_body_bytes = 4 * 1024 * 1024;         // one request's body
  std::int64_t max_body_bytes_total = 64 * 1024 * 1024;  // all bodies held at once (BodyBudget)
  int connection_timeout_s = 15;
  int request_deadline_s = 60;
  int max_connections = 1024;
  int max_connections_per_ip = 256;
  std::int64_t connection_memory_bytes = 64 * 1024;
  int threads = 1;
  bool trust_loopback = true;  // loopback clients pass kStaff routes without a token
  std::optional<TlsOptions> tls;  // set: this server speaks HTTPS only
};

struct ServerCounters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> rejected{0};       // answered 4xx before a handler ran
  std::array<std::atomic<std::uint64_t>, 16> rejected_by_status{};  // 400 + index
  std::atomic<std::uint64_t> deadline_kills{0};

  void count_rejection(unsigned status) {
    rejected++;
    if (status >= 400 && status < 400 + rejected_by_status.size()) rejected_by_status[status - 400]++;
  }
};

class Server {
 public:
  // Starts serving on `listener` (the server borrows its fd; the Listener must outlive it),
  // counting into `counters`, which several servers may share and which must outlive them.
  // With options.tls, a certificate, key or priority string that GnuTLS refuses is an
  // invalid_input error naming which.
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options, const Router& router,
                                               const Authenticator& auth, const Listener& listener,
                                               ServerCounters& counters);
  ~Server();  // MHD_stop_daemon; call quiesce() and wait for unfinished()==0 first
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Stops accepting connections; the listening socket stays open (systemd may own it). The
  // connections already accepted are still served, each answer now with "Connection: close".
  void quiesce();
  // Main-loop housekeeping, about once a second: enforces the per-request deadline.
  // Every now_us of the connection bookkeeping is monotonic_micros(): a request's age must
  // not change when the wall clock is set.
  void tick(std::int64_t now_us);

  std::size_t open_connections() const { return watch_.open_connections(); }
  std::size_t unfinished(std::int64_t now_us, std::int64_t first_request_grace_us) const {
    return watch_.unfinished(now_us, first_request_grace_us);
  }
  std::int64_t oldest_in_flight_us(std::int64_t now_us) const {
    return watch_.oldest_in_flight_us(now_us);
  }
  ConnectionWatch& watch() { return watch_; }

 private:
  Server(const ServerOptions& options, const Router& router, const Authenticator& auth,
         const Listener& listener, ServerCounters& counters);
  struct Exchange;
  static MHD_Result on_access(void* self, MHD_Connection* connection, const char* url,
                              const char* method, const char* version, const char* upload,
                              std::size_t* upload_size, void** request_context);
  static void on_completed(void* self, MHD_Connection* connection, void** request_context,
                           MHD_RequestTerminationCode code);
  static void on_connection(void* self, MHD_Connection* connection, void** socket_context,
                            MHD_ConnectionNotificationCode code);
  MHD_Result begin(MHD_Connection* connection, const char* url, const char* method,
                   void** request_context);
  std::optional<HttpAnswer> admit(Exchange& exchange) const;
  std::optional<HttpAnswer> check_body_headers(const Exchange& exchange) const;
  std::optional<HttpAnswer> take_declared_body(Exchange& exchange);
  HttpAnswer over_budget() const;
  MHD_Result receive(Exchange& exchange, const char* upload, std::size_t* upload_size);
  void drop_body(Exchange& exchange);
  MHD_Result dispatch(Exchange& exchange);
  MHD_Result send(Exchange& exchange, const HttpAnswer& answer);
  MHD_Result respond(MHD_Connection* connection, const HttpAnswer& answer) const;

  ServerOptions options_;
  const Router& router_;
  const Authenticator& auth_;
  bool listener_is_loopback_;
  int listen_fd_;
  MHD_Daemon* daemon_ = nullptr;
  std::atomic<bool> quiesced_{false};  // set on the main thread, read on libmicrohttpd's
  BodyBudget body_budget_;
  ConnectionWatch watch_;
  ServerCounters& counters_;
};

}  // namespace lanecast::http
