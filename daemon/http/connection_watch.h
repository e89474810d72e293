// Per-connection bookkeeping that libmicrohttpd does not do for us: a total deadline per
// request (an inactivity timeout alone lets a client that trickles one byte every few
// seconds hold a connection forever), the age of requests in flight (for the watchdog) and
// which connections a graceful stop must still wait for; and streams whose client has gone.
//
// A stream's connection is suspended while it waits for events, so libmicrohttpd does not
// watch its socket and would only notice a departed client when a heartbeat write fails, a
// heartbeat or two later. sweep() looks at every streaming socket instead and ends the streams
// whose client hung up, so their slots are free within a sweep.
//
// Room for new requests. libmicrohttpd refuses connections beyond its limit, so idle ones
// piling up (opened and never used, or kept alive and forgotten) would lock webhooks out until
// the inactivity timeout. Once fewer than a sixteenth of max_connections (at least 4) are
// free, each new connection closes one that is doing nothing - not yet sent a request, or
// between requests, never a stream - taken from the address holding the most connections,
// the oldest of them. Whoever piles connections up loses their own first.
//
// Thread: on_* are called on the libmicrohttpd thread(s); sweep(), oldest_in_flight_us() and
// unfinished() on the main loop. One mutex guards the table. A connection is removed in
// on_closed(), which libmicrohttpd calls before it closes the socket, so sweep() never shuts
// down a file descriptor that has been reused by another connection.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/http/event_stream.h"

namespace lanecast::http {

class ConnectionWatch {
 public:
  // max_connections: libmicrohttpd's limit; 0 never closes idle connections to make room.
  explicit ConnectionWatch(std::size_t max_connections = 0);

  // A new connection from `address`: its first request's clock starts now. Returns whether
  // an idle connection was closed to keep room free.
  bool on_started(const void* key, int fd, const std::string& address, std::int64_t now_us);
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
  void mark_streaming(const void* key, std::weak_ptr<EventStream> stream);

  struct Swept {
    int deadline_kills = 0;  // requests past the deadline
    int hung_up = 0;         // streams whose client hung up
  };
  // Shuts down (SHUT_RDWR) every connection whose current request started more than
  // deadline_us ago; libmicrohttpd then sees the error and cleans up. Ends (aborts) every
  // stream whose client hung up.
  Swept sweep(std::int64_t now_us, std::int64_t deadline_us);
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
    std::string address;
    std::int64_t accepted_us = 0;
    std::int64_t request_started_us = 0;
    std::int64_t dispatched_at_us = 0;
    Phase phase = Phase::kAwaitingFirst;
    bool streaming = false;
    bool shut_down = false;
    std::weak_ptr<EventStream> stream;  // set while streaming
  };
  // Streams whose client hung up (mutex_ held); they are aborted once it is released.
  std::vector<std::shared_ptr<EventStream>> hung_up_streams();
  // Shuts down an idle connection other than `keep` (mutex_ held). False when none is idle.
  bool make_room(const void* keep);
  const std::size_t room_at_;  // make room once this many are open; 0: never
  mutable std::mutex mutex_;
  std::unordered_map<const void*, Entry> entries_;                // guarded by mutex_
  std::unordered_map<std::string, std::size_t> per_address_;      // guarded by mutex_
};

}  // namespace lanecast::http
