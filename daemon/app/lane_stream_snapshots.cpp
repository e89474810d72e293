#include "daemon/app/lane_stream_snapshots.h"

#include "display/lane_json.h"

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
  display::Snapshot snapshot = hub.snapshot(filter);
  const std::uint64_t seq = snapshot.seq;
  Event event{std::make_shared<const std::string>(display::sse_event(seq, "snapshot", snapshot.json)), seq};
  if (seq != seq_) {
    entries_.clear();
    seq_ = seq;
  }
  if (entries_.size() < kMaxEntries) entries_[key] = event;
  return event;
}

}  // namespace lanecast::app
