// Per-connection bookkeeping that libmicrohttpd does not do for us: a total deadline per
// request (an inactivity timeout alone lets a client that trickles one byte every few
// seconds hold a connection forever), the age of requests in flight (for the watchdog) and
// which connections a graceful stop must still wait for.
//
// Thread: on_* are called on the libmicrohttpd thread(s); sweep(), oldest_in_flight_us() and
// unfinished() on the main loop. One mutex guards the table. A connection is removed in
// on_closed(), which libmicrohttpd calls before it closes the socket, so sweep() never shuts
// down a file descriptor that has been reused by another connection.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace lanecast::http {

class ConnectionWatch {
 public:
  // A new connection: its first request's clock starts now.
  void on_started(const void* key, int fd, std::int64_t now_us);
  void on_closed(const void* key);
  // The request's headers are in; its body may still be arriving.
  void on_request_begun(const void* key);
  // The whole request is in and handed to its handler: it is in flight until
  // on_request_done(). Time spent receiving does not count, so a slow uploader is the
  // deadline's business, not the watchdog's.
  void on_request_dispatched(const void* key, std::int64_t now_us);
  // The answer was sent (or the request ended): the next request's clock starts now.
  void on_request_done(const void* key, std::int64_t now_us);
  // Long-lived streams (server-sent events) are exempt from the request deadline.
  void mark_streaming(const void* key);

  // Shuts down (SHUT_RDWR) every connection whose current request started more than
  // deadline_us ago; libmicrohttpd then sees the error and cleans up. Returns how many.
  int sweep(std::int64_t now_us, std::int64_t deadline_us);
  // Age of the oldest request in flight, 0 when none.
  std::int64_t oldest_in_flight_us(std::int64_t now_us) const;
  std::size_t open_connections() const;
  // What a graceful stop waits for: requests being received or awaiting their answer, and
  // connections accepted less than first_request_grace_us ago that have not sent their first
  // request yet (a TLS handshake takes round trips: the accept comes well before the request).
  // Idle keep-alive connections and streams are not counted.
  std::size_t unfinished(std::int64_t now_us, std::int64_t first_request_grace_us) const;

 private:
  enum class Phase {
    kAwaitingFirst,  // accepted, no request yet (a TLS handshake may be under way)
    kReceiving,      // headers in, not yet dispatched
    kInFlight,       // dispatched, awaiting its answer
    kIdle,           // between requests on a kept-alive connection
  };
  struct Entry {
    int fd = -1;
    std::int64_t accepted_us = 0;
    std::int64_t request_started_us = 0;
    std::int64_t dispatched_at_us = 0;
    Phase phase = Phase::kAwaitingFirst;
    bool streaming = false;
    bool shut_down = false;
  };
  mutable std::mutex mutex_;
  std::unordered_map<const void*, Entry> entries_;
};

}  // namespace lanecast::http
