#include "storage/reader.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace lanecast::storage {

struct Reader::Impl {
  explicit Impl(std::string path) : queries_(std::move(path)), thread_([this] { run(); }) {}

  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and everything posted has run
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job(queries_);
      lock.lock();
    }
  }

  ReadQueries queries_;  // used on the reader thread only
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void(ReadQueries&)>> jobs_;  // guarded by mu_
  bool stopping_ = false;                               // guarded by mu_
  std::thread thread_;                                  // last: starts once the rest exists
};

Reader::Reader(std::string path) : impl_(std::make_unique<Impl>(std::move(path))) {}

Reader::~Reader() {
  {
    std::lock_guard lock(impl_->mu_);
    impl_->stopping_ = true;
  }
  impl_->wake_.notify_one();
  impl_->thread_.join();
}

void Reader::post(std::function<void(ReadQueries&)> job) {
  {
    std::lock_guard lock(impl_->mu_);
    impl_->jobs_.push_back(std::move(job));
  }
  impl_->wake_.notify_one();
}

}  // namespace lanecast::storage
