// The snapshot event new streams start with, built once per hub change and filter and then
// shared by every stream that opens before the next change.
//
// The snapshot is rendered from the lane board itself (LaneHub::snapshot): a lane screen's is
// its one lane, looked up; only the staff's renders every lane and alert. Still, done for each
// new stream, clients that open and drop streams in a loop would keep the HTTP thread
// rendering instead of answering webhooks. Every hub change has a new sequence number, so an entry built at the hub's latest
// number is exact; the first build after a change drops the others. At most kMaxEntries
// filters are kept at once (a one-lane filter names any lane a client asks for).
//
// Thread: event_for() on the libmicrohttpd thread(s); one mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "display/lane_hub.h"

namespace lanecast::app {

class LaneStreamSnapshots {
 public:
  static constexpr std::size_t kMaxEntries = 64;

  struct Event {
    std::shared_ptr<const std::string> text;  // "event: snapshot" with its id
    std::uint64_t seq = 0;
  };
  Event event_for(const display::LaneHub& hub, const display::ChangeFilter& filter);

 private:
  using Key = std::pair<std::string, bool>;  // zone ("" = every lane), with alerts

  mutable std::mutex mutex_;
  std::uint64_t seq_ = 0;            // guarded by mutex_: the hub change the entries are for
  std::map<Key, Event> entries_;     // guarded by mutex_
};

}  // namespace lanecast::app
