#include "daemon/app/screen_feed.h"

namespace lanecast::app {

ScreenFeed::ScreenFeed(display::LaneHub& hub) : hub_(hub), thread_([this] { run(); }) {}

ScreenFeed::~ScreenFeed() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void ScreenFeed::post(Update update) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(update));
  }
  wake_.notify_one();
}

void ScreenFeed::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything applied
    Update update = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    update(hub_);
    lock.lock();
  }
}

}  // namespace lanecast::app
