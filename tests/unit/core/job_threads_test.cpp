#include "daemon/core/job_threads.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include <CppUTest/TestHarness.h>

using lanecast::JobThreads;

TEST_GROUP(JobThreads){};

TEST(JobThreads, RunsOneThreadsJobsInTheOrderPosted) {
  std::vector<int> order;  // touched by the pool's one thread only, read after it joined
  {
    JobThreads jobs(1);
    for (int i = 0; i < 100; ++i) jobs.post([&order, i] { order.push_back(i); });
  }
  LONGS_EQUAL(100, order.size());
  for (int i = 0; i < 100; ++i) LONGS_EQUAL(i, order[static_cast<std::size_t>(i)]);
}

// The destructor runs what is still queued: the first job holds the thread while the others
// are posted and the pool is destroyed.
TEST(JobThreads, RunsEveryQueuedJobBeforeItIsGone) {
  std::atomic<int> ran{0};
  std::mutex mutex;
  std::condition_variable posted;
  bool all_posted = false;
  {
    JobThreads jobs(1);
    jobs.post([&] {
      std::unique_lock lock(mutex);
      posted.wait(lock, [&] { return all_posted; });
      ++ran;
    });
    for (int i = 0; i < 10; ++i) jobs.post([&ran] { ++ran; });
    {
      std::lock_guard lock(mutex);
      all_posted = true;
    }
    posted.notify_all();
  }
  LONGS_EQUAL(11, ran.load());
}

// With two threads a job runs while another is still running: the first waits for the
// second (with a time limit, so a single thread fails instead of hanging).
TEST(JobThreads, RunsJobsSideBySideOnSeveralThreads) {
  std::mutex mutex;
  std::condition_variable changed;
  bool second_ran = false;
  bool first_saw_it = false;
  {
    JobThreads jobs(2);
    jobs.post([&] {
      std::unique_lock lock(mutex);
      first_saw_it = changed.wait_for(lock, std::chrono::seconds(10), [&] { return second_ran; });
    });
    jobs.post([&] {
      std::lock_guard lock(mutex);
      second_ran = true;
      changed.notify_all();
    });
  }
  CHECK_TRUE(first_saw_it);
}
