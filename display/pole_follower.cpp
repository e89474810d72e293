#include "display/pole_follower.h"

#include <utility>

namespace lanecast::display {

PoleFollower::PoleFollower(LaneHub& hub, std::string zone, PoleTexts texts, Show show)
    : hub_(hub), zone_(std::move(zone)), texts_(std::move(texts)), show_(std::move(show)) {
  // Subscribe first, then read: a change in between is then either in the view we read or
  // delivered to us, and follow() keeps whichever is newer.
  subscription_ = hub_.subscribe({zone_, true, false}, [this](const Change& change) {
    if (change.lane.has_value()) follow(*change.lane);
  });
  LaneView idle;
  idle.zone = zone_;
  follow(hub_.lane_view(zone_).value_or(idle));
}

PoleFollower::~PoleFollower() { hub_.unsubscribe(subscription_); }

void PoleFollower::follow(const LaneView& lane) {
  std::lock_guard lock(mutex_);
  if (shown_ && lane.seq <= shown_seq_) return;
  shown_ = true;
  shown_seq_ = lane.seq;
  show_(pole_screen_for(lane, texts_));
}

}  // namespace lanecast::display
