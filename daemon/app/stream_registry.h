// The open event streams (screens connected to the daemon): bounded in number, kept alive
// with heartbeat comments, and closed together when the daemon stops.
//
// Thread: add() on the libmicrohttpd thread; remove() from a stream's detach (libmicrohttpd
// thread); heartbeat() and close_all() on the main loop. One mutex.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <set>

#include "daemon/http/event_stream.h"

namespace lanecast::app {

class StreamRegistry {
 public:
  explicit StreamRegistry(std::size_t max_streams) : max_streams_(max_streams) {}

  // False when max_streams are already open.
  bool add(const std::shared_ptr<http::EventStream>& stream);
  void remove(const http::EventStream* stream);
  // Sends an SSE comment to every stream; a client that has gone away is then noticed by the
  // failed write and cleaned up by libmicrohttpd.
  void heartbeat();
  void close_all();
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::set<std::shared_ptr<http::EventStream>> streams_;  // guarded by mutex_
  const std::size_t max_streams_;
};

}  // namespace lanecast::app
