#include "daemon/http/server_set.h"

#include <algorithm>

namespace lanecast::http {

Status ServerSet::start(const ServerOptions& options, const Router& router,
                        const Authenticator& auth, const Listener& listener) {
  auto server = Server::start(options, router, auth, listener, counters_);
  if (!server.is_ok()) return server.status();
  std::lock_guard lock(servers_mutex_);
  servers_.push_back(std::move(*server));
  return Status::ok();
}

void ServerSet::stop() {
  std::vector<std::unique_ptr<Server>> stopping;
  {
    std::lock_guard lock(servers_mutex_);
    stopping.swap(servers_);
  }
  // Destroyed outside the lock: MHD_stop_daemon waits for request threads that may be
  // asking open_connections().
  stopping.clear();
}

void ServerSet::quiesce() {
  for (auto& server : servers_) server->quiesce();
}

void ServerSet::tick(std::int64_t now_us) {
  for (auto& server : servers_) server->tick(now_us);
}

std::size_t ServerSet::open_connections() const {
  std::lock_guard lock(servers_mutex_);
  std::size_t total = 0;
  for (const auto& server : servers_) total += server->open_connections();
  return total;
}

std::size_t ServerSet::unfinished(std::int64_t now_us, std::int64_t first_request_grace_us) const {
  std::size_t total = 0;
  for (const auto& server : servers_) total += server->unfinished(now_us, first_request_grace_us);
  return total;
}

std::int64_t ServerSet::oldest_in_flight_us(std::int64_t now_us) const {
  std::int64_t oldest = 0;
  for (const auto& server : servers_) oldest = std::max(oldest, server->oldest_in_flight_us(now_us));
  return oldest;
}

}  // namespace lanecast::http
