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

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "display/lane_hub.h"

namespace lanecast::app {

class ScreenFeed {
 public:
  using Update = std::function<void(display::LaneHub&)>;

  explicit ScreenFeed(display::LaneHub& hub);
  ~ScreenFeed();
  ScreenFeed(const ScreenFeed&) = delete;
  ScreenFeed& operator=(const ScreenFeed&) = delete;

  void post(Update update);

 private:
  void run();

  display::LaneHub& hub_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Update> queue_;  // guarded by mutex_
  bool stopping_ = false;     // guarded by mutex_
  std::thread thread_;        // last: starts once everything above exists
};

}  // namespace lanecast::app
