// The daemon's HTTP servers, one per listener (plain HTTP, and HTTPS when configured), seen
// by the main loop as one: shared counters, summed connections, the oldest request of all.
//
// Thread: main thread, except open_connections() and counters(), which routes call from
// the servers' own threads (the HTTPS server may start while the plain one already serves).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
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
  void stop();

  void quiesce();
  // now_us: monotonic_micros(), as for Server.
  void tick(std::int64_t now_us);

  std::size_t open_connections() const;
  std::size_t unfinished(std::int64_t now_us, std::int64_t first_request_grace_us) const;
  std::int64_t oldest_in_flight_us(std::int64_t now_us) const;
  const ServerCounters& counters() const { return counters_; }

 private:
  ServerCounters counters_;  // declared first: the servers count into it until they stop
  mutable std::mutex servers_mutex_;  // held to change servers_ and by open_connections()
  std::vector<std::unique_ptr<Server>> servers_;
};

}  // namespace lanecast::http
