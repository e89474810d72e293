// Keeps a pole display showing one lane: subscribes to the hub and turns each change of that
// lane into a screen (pole_screens.h).
//
// Threads. The constructor shows the lane's current state at once; after that, `show` is
// called from the hub's subscriber callback, on whichever thread applied the change, so it
// must not block: PoleDisplay::show qualifies. A screen is never replaced by an older one,
// even when the first screen races a change. The destructor unsubscribes; afterwards `show`
// is not called again. The hub must outlive the follower.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "display/lane_hub.h"
#include "display/pole_screens.h"

namespace lanecast::display {

class PoleFollower {
 public:
  using Show = std::function<void(const PoleScreen&)>;

  // `zone` need not exist yet: until it does, the idle screen is shown.
  PoleFollower(LaneHub& hub, std::string zone, PoleTexts texts, Show show);
  ~PoleFollower();
  PoleFollower(const PoleFollower&) = delete;
  PoleFollower& operator=(const PoleFollower&) = delete;

 private:
  void follow(const LaneView& lane);

  LaneHub& hub_;
  const std::string zone_;
  const PoleTexts texts_;
  const Show show_;
  std::mutex mutex_;
  bool shown_ = false;             // guarded by mutex_
  std::uint64_t shown_seq_ = 0;    // guarded by mutex_
  LaneHub::SubscriptionId subscription_ = 0;
};

}  // namespace lanecast::display
