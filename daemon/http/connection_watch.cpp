#include "daemon/http/connection_watch.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>

namespace lanecast::http {

namespace {

std::size_t room_threshold(std::size_t max_connections) {
  if (max_connections == 0) return 0;
  const std::size_t kept_free = std::max<std::size_t>(4, max_connections / 16);
  return max_connections > kept_free ? max_connections - kept_free : 1;
}

}  // namespace

ConnectionWatch::ConnectionWatch(std::size_t max_connections)
    : room_at_(room_threshold(max_connections)) {}

bool ConnectionWatch::on_started(const void* key, int fd, const std::string& address,
                                 std::int64_t now_us) {
  std::lock_guard lock(mutex_);
  Entry entry;
  entry.fd = fd;
  entry.address = address;
  entry.accepted_us = now_us;
  entry.request_started_us = now_us;
  entries_[key] = std::move(entry);
  ++per_address_[address];
  return room_at_ > 0 && entries_.size() > room_at_ && make_room(key);
}

void ConnectionWatch::on_closed(const void* key) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) return;
  const auto count = per_address_.find(it->second.address);
  if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
  entries_.erase(it);
}

bool ConnectionWatch::make_room(const void* keep) {
  Entry* victim = nullptr;
  std::size_t victim_share = 0;
  for (auto& [key, entry] : entries_) {
    const bool idle = entry.phase == Phase::kAwaitingFirst || entry.phase == Phase::kIdle;
    if (key == keep || !idle || entry.streaming || entry.shut_down || entry.fd < 0) continue;
    const std::size_t share = per_address_[entry.address];
    if (victim == nullptr || share > victim_share ||
        (share == victim_share && entry.request_started_us < victim->request_started_us)) {
      victim = &entry;
      victim_share = share;
    }
  }
  if (victim == nullptr) return false;
  ::shutdown(victim->fd, SHUT_RDWR);
  victim->shut_down = true;
  return true;
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

void ConnectionWatch::mark_streaming(const void* key, std::weak_ptr<EventStream> stream) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.streaming = true;
  it->second.stream = std::move(stream);
}

ConnectionWatch::Swept ConnectionWatch::sweep(std::int64_t now_us, std::int64_t deadline_us) {
  Swept swept;
  std::vector<std::shared_ptr<EventStream>> hung_up;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, entry] : entries_) {
      if (entry.streaming || entry.shut_down) continue;
      if (now_us - entry.request_started_us <= deadline_us) continue;
      ::shutdown(entry.fd, SHUT_RDWR);
      entry.shut_down = true;
      ++swept.deadline_kills;
    }
    hung_up = hung_up_streams();
  }
  // Outside the lock: abort() resumes the connection, and the stream's own lock comes first.
  for (const auto& stream : hung_up) stream->abort();
  swept.hung_up = static_cast<int>(hung_up.size());
  return swept;
}

std::vector<std::shared_ptr<EventStream>> ConnectionWatch::hung_up_streams() {
  // A stream's client sends nothing after its request, so a readable end of file (or an
  // error) on its socket means it is gone. The fds are valid: entries leave the table before
  // libmicrohttpd closes their sockets.
  std::vector<pollfd> fds;
  std::vector<Entry*> polled;
  for (auto& [key, entry] : entries_) {
    if (!entry.streaming || entry.shut_down || entry.fd < 0) continue;
    fds.push_back(pollfd{entry.fd, POLLRDHUP, 0});
    polled.push_back(&entry);
  }
  std::vector<std::shared_ptr<EventStream>> hung_up;
  if (fds.empty() || ::poll(fds.data(), fds.size(), 0) <= 0) return hung_up;
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if ((fds[i].revents & (POLLRDHUP | POLLHUP | POLLERR)) == 0) continue;
    polled[i]->shut_down = true;
    if (auto stream = polled[i]->stream.lock()) hung_up.push_back(std::move(stream));
  }
  return hung_up;
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
