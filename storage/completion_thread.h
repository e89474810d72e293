// The thread that answers: runs the completions of committed batches, in commit order, while
// the writer thread already applies the next batch. Each completion wakes its connection and
// logs a line; on the writer thread that was a quarter of its time, and every webhook waiting
// for the next COMMIT waited for it too.
//
// Internal to storage/. Thread: hand() from the writer thread; completions run on this one.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "daemon/core/status.h"
#include "storage/records.h"
#include "storage/writer.h"

namespace lanecast::storage {

// A record waiting for its COMMIT, and whom to tell.
struct PendingWrite {
  WebhookRecord record;
  WriteCompletion done;
};

class CompletionThread {
 public:
  CompletionThread();
  ~CompletionThread();  // runs every completion handed over, then joins
  CompletionThread(const CompletionThread&) = delete;
  CompletionThread& operator=(const CompletionThread&) = delete;

  // Takes a finished batch (leaving `writes` and `answers` empty): when `outcome` is ok,
  // `answers` holds one answer per write, in order, and each write's completion gets its
  // own; otherwise every completion gets `outcome`.
  void hand(Status outcome, std::vector<PendingWrite>& writes,
            std::vector<Result<StoredAnswer>>& answers);

 private:
  struct Batch {
    Status outcome;
    std::vector<PendingWrite> writes;
    std::vector<Result<StoredAnswer>> answers;
  };

  void run();
  static void complete(Batch& batch);

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Batch> queue_;  // guarded by mu_
  bool stopping_ = false;    // guarded by mu_
  std::thread thread_;       // last: starts once everything above exists
};

}  // namespace lanecast::storage
