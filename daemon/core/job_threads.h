// Threads that run the jobs posted to them, taken from one queue in posting order.
//
// Used where work must leave the thread that found it: the screens' updates leave the storage
// writer's thread (one thread, so they apply in commit order: app/screen_feed.h), and a large
// webhook's reading and pricing leaves the HTTP thread (app/webhook_routes.h). With more than
// one thread, jobs start in posting order but may finish in any.
//
// Thread: post() from any thread; jobs run on the pool's own threads. The destructor runs
// what is queued, then joins; a job must not post to its own pool while it is destroyed.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lanecast {

class JobThreads {
 public:
  using Job = std::function<void()>;

  explicit JobThreads(std::size_t count = 1);
  ~JobThreads();
  JobThreads(const JobThreads&) = delete;
  JobThreads& operator=(const JobThreads&) = delete;

  void post(Job job);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;            // guarded by mutex_
  bool stopping_ = false;            // guarded by mutex_
  std::vector<std::thread> threads_;  // last: they start once everything above exists
};

}  // namespace lanecast
