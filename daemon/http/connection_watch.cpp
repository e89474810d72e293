#include "daemon/http/connection_watch.h"

#include <sys/socket.h>

namespace lanecast::http {

void ConnectionWatch::on_started(const void* key, int fd, std::int64_t now_us) {
  std::lock_guard lock(mutex_);
  Entry entry;
  entry.fd = fd;
  entry.accepted_us = now_us;
  entry.request_started_us = now_us;
  entries_[key] = entry;
}

void ConnectionWatch::on_closed(const void* key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

void ConnectionWatch::on_request_begun(const void* key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) it->second.phase = Phase::kReceiving;
}

void ConnectionWatch::on_request_dispatched(const void* key, std::int64_t now_us) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.phase = Phase::kInFlight;
  it->second.dispatched_at_us = now_us;
}

void ConnectionWatch::on_request_done(const void* key, std::int64_t now_us) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.phase = Phase::kIdle;
  it->second.request_started_us = now_us;
}

void ConnectionWatch::mark_streaming(const void* key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) it->second.streaming = true;
}

int ConnectionWatch::sweep(std::int64_t now_us, std::int64_t deadline_us) {
  std::lock_guard lock(mutex_);
  int count = 0;
  for (auto& [key, entry] : entries_) {
    if (entry.streaming || entry.shut_down) continue;
    if (now_us - entry.request_started_us <= deadline_us) continue;
    ::shutdown(entry.fd, SHUT_RDWR);
    entry.shut_down = true;
    ++count;
  }
  return count;
}

std::int64_t ConnectionWatch::oldest_in_flight_us(std::int64_t now_us) const {
  std::lock_guard lock(mutex_);
  std::int64_t oldest = 0;
  for (const auto& [key, entry] : entries_) {
    if (entry.phase != Phase::kInFlight || entry.streaming) continue;
    if (now_us - entry.dispatched_at_us > oldest) oldest = now_us - entry.dispatched_at_us;
  }
  return oldest;
}

std::size_t ConnectionWatch::open_connections() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t ConnectionWatch::unfinished(std::int64_t now_us,
                                        std::int64_t first_request_grace_us) const {
  std::lock_guard lock(mutex_);
  std::size_t count = 0;
  for (const auto& [key, entry] : entries_) {
    if (entry.streaming || entry.shut_down) continue;
    const bool waited_for = entry.phase == Phase::kAwaitingFirst
                                ? now_us - entry.accepted_us < first_request_grace_us
                                : entry.phase != Phase::kIdle;
    count += waited_for ? 1 : 0;
  }
  return count;
}

}  // namespace lanecast::http
