// The cart mutator's current pricing, swapped atomically on reload.
//
// Thread: set() on the main thread (start-up, SIGHUP); get() on the libmicrohttpd thread.
#pragma once

#include <memory>
#include <mutex>

#include "daemon/app/webhook_intake.h"

namespace lanecast::app {

class MutatorSlot {
 public:
  void set(std::shared_ptr<const Mutator> function) {
    std::lock_guard lock(mutex_);
    function_ = std::move(function);
  }
  std::shared_ptr<const Mutator> get() const {
    std::lock_guard lock(mutex_);
    return function_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Mutator> function_;
};

}  // namespace lanecast::app
