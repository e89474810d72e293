// Applies committed webhooks to the lane hub on a thread of its own.
//
// Rendering a lane (its cart as JSON, every subscriber's event) costs far more than storing
// the webhook; done on the storage writer's thread it would hold back the next COMMIT. The
// writer's completions only queue the update here. One thread, first in first out, so the
// screens see webhooks in commit order.
//
// Thread: post() from any thread (in practice the storage writer); updates run on the feed's
// own thread. The destructor applies what is queued, then joins.
#pragma once

#include <functional>

#include "daemon/core/job_threads.h"
#include "display/lane_hub.h"

namespace lanecast::app {

class ScreenFeed {
 public:
  using Update = std::function<void(display::LaneHub&)>;

  explicit ScreenFeed(display::LaneHub& hub) : hub_(hub) {}

  void post(Update update) {
    jobs_.post([this, update = std::move(update)] { update(hub_); });
  }

 private:
  display::LaneHub& hub_;
  // One thread, so updates apply in commit order. Last: destroyed first, applying what is
  // queued while the hub is still there.
  JobThreads jobs_{1};
};

}  // namespace lanecast::app
