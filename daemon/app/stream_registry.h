// The open event streams (screens connected to the daemon): bounded so that no client can
// take every slot, kept alive with heartbeat comments, and closed together when the daemon
// stops.
//
// Slots. Staff streams (the kiosk) have a pool of their own, so lane screens cannot lock the
// staff out, nor the other way round. Lane streams share max_streams, of which one client
// address holds at most max_per_address. Beyond both, the first stream of a lane the hub
// knows (configured, or seen in a webhook) is always admitted: a lane whose screen is not
// streaming yet, or lost its stream, gets it back however many others are open. Such a
// stream counts against no limit; there is at most one per known lane at a time.
//
// Thread: add() on the libmicrohttpd thread; remove() from a stream's detach (libmicrohttpd
// thread); heartbeat() and close_all() on the main loop. One mutex.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "daemon/http/event_stream.h"

namespace lanecast::app {

struct StreamLimits {
  std::size_t max_streams = 200;     // lane streams, all addresses together
  std::size_t max_per_address = 32;  // lane streams from one client address
  std::size_t max_staff = 8;         // staff streams, a pool of their own
};

// Whom a new stream is for.
struct StreamClaim {
  std::string address;      // the client's address, without port
  bool staff = false;       // the staff stream (every lane and the alerts)
  std::string lane;         // a lane stream's lane
  bool known_lane = false;  // the hub knows the lane
};

enum class Admission {
  kAdmitted,
  kStaffFull,    // max_staff staff streams are open
  kAddressFull,  // the address holds max_per_address lane streams
  kAllFull,      // max_streams lane streams are open
};

class StreamRegistry {
 public:
  explicit StreamRegistry(StreamLimits limits) : limits_(limits) {}

  Admission add(const std::shared_ptr<http::EventStream>& stream, const StreamClaim& claim);
  void remove(const http::EventStream* stream);
  // Sends an SSE comment to every stream; a client that has gone away is then noticed by the
  // failed write and cleaned up by libmicrohttpd.
  void heartbeat();
  void close_all();
  std::size_t size() const;
  const StreamLimits& limits() const { return limits_; }

 private:
  struct Entry {
    std::shared_ptr<http::EventStream> stream;
    StreamClaim claim;
    bool reserved = false;  // admitted as its known lane's first stream, outside the limits
  };
  void count(const Entry& entry, int delta);  // mutex_ held

  mutable std::mutex mutex_;
  const StreamLimits limits_;
  // All guarded by mutex_.
  std::map<const http::EventStream*, Entry> streams_;
  std::unordered_map<std::string, std::size_t> per_address_;  // shared slots held per address
  std::unordered_map<std::string, std::size_t> per_lane_;     // lane streams per lane, reserved too
  std::size_t shared_ = 0;                                    // shared slots held
  std::size_t staff_ = 0;
};

}  // namespace lanecast::app
