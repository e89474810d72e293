// The daemon's HTTP servers, one per listener (plain HTTP, and HTTPS when configured), seen
// by the main loop as one: shared counters, summed connections, the oldest request of all.
//
// Thread: main thread only; the counters are atomics read by any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/http/server.h"

namespace lanecast::http {

class ServerSet {
 public:
  ServerSet() = default;
  ServerSet(const ServerSet&) = delete;
  ServerSet& operator=(const ServerSet&) = delete;

  // Starts one more server on `listener`; see Server::start.
  Status start(const ServerOptions& options, const Router& router, const Authenticator& auth,
               const Listener& listener);
  // Stops every server (MHD_stop_daemon); quiesce() and a drain come first.
  void stop() { servers_.clear(); }

  void quiesce();
  void tick(std::int64_t now_us);

  std::size_t open_connections() const;
  std::size_t unfinished(std::int64_t now_us, std::int64_t first_request_grace_us) const;
  std::int64_t oldest_in_flight_us(std::int64_t now_us) const;
  const ServerCounters& counters() const { return counters_; }

 private:
  ServerCounters counters_;  // declared first: the servers count into it until they stop
  std::vector<std::unique_ptr<Server>> servers_;
};

}  // namespace lanecast::http
