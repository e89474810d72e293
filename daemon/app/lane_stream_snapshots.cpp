#include "daemon/app/lane_stream_snapshots.h"

#include "daemon/app/lane_stream.h"
#include "daemon/http/event_stream.h"

namespace lanecast::app {

LaneStreamSnapshots::Event LaneStreamSnapshots::event_for(const display::LaneHub& hub,
                                                          const display::ChangeFilter& filter) {
  const Key key{filter.zone, filter.alerts};
  const std::uint64_t latest = hub.latest_seq();
  std::lock_guard lock(mutex_);
  if (seq_ == latest) {
    const auto found = entries_.find(key);
    if (found != entries_.end()) return found->second;
  }
  // Built under the lock: a second stream opening meanwhile waits for this one and shares it
  // rather than rendering the same snapshot again.
  auto [snapshot, seq] = stream_snapshot(hub, filter);
  Event event{std::make_shared<const std::string>(http::sse_event(seq, "snapshot", snapshot)), seq};
  if (seq != seq_) {
    entries_.clear();
    seq_ = seq;
  }
  if (entries_.size() < kMaxEntries) entries_[key] = event;
  return event;
}

}  // namespace lanecast::app
