#include "daemon/app/stream_registry.h"

#include <vector>

namespace lanecast::app {

bool StreamRegistry::add(const std::shared_ptr<http::EventStream>& stream) {
  std::lock_guard lock(mutex_);
  if (streams_.size() >= max_streams_) return false;
  streams_.insert(stream);
  return true;
}

void StreamRegistry::remove(const http::EventStream* stream) {
  std::lock_guard lock(mutex_);
  for (auto it = streams_.begin(); it != streams_.end(); ++it) {
    if (it->get() == stream) {
      streams_.erase(it);
      return;
    }
  }
}

void StreamRegistry::heartbeat() {
  std::vector<std::shared_ptr<http::EventStream>> streams;
  {
    std::lock_guard lock(mutex_);
    streams.assign(streams_.begin(), streams_.end());
  }
  // Pushed outside the registry's lock: a push may resume a connection.
  for (const auto& stream : streams) stream->push(": ping\n\n");
}

void StreamRegistry::close_all() {
  std::vector<std::shared_ptr<http::EventStream>> streams;
  {
    std::lock_guard lock(mutex_);
    streams.assign(streams_.begin(), streams_.end());
  }
  for (const auto& stream : streams) stream->close();
}

std::size_t StreamRegistry::size() const {
  std::lock_guard lock(mutex_);
  return streams_.size();
}

}  // namespace lanecast::app
