#include "storage/completion_thread.h"

#include "daemon/core/log.h"

namespace lanecast::storage {

CompletionThread::CompletionThread() : thread_([this] { run(); }) {}

CompletionThread::~CompletionThread() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void CompletionThread::hand(Status outcome, std::vector<PendingWrite>& writes,
                            std::vector<Result<StoredAnswer>>& answers) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(Batch{std::move(outcome), std::move(writes), std::move(answers)});
  }
  writes.clear();  // a moved-from vector is valid but unspecified: make it empty
  answers.clear();
  wake_.notify_one();
}

void CompletionThread::run() {
  std::deque<Batch> taken;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything handed over has been answered
    taken.swap(queue_);
    lock.unlock();
    {
      // Each completion logs a line per webhook: written together, in one system call per
      // 4 KiB, for every batch taken at once.
      log::LineBatch lines;
      for (Batch& batch : taken) complete(batch);
    }
    taken.clear();
    lock.lock();
  }
}

void CompletionThread::complete(Batch& batch) {
  if (!batch.outcome.is_ok()) {
    for (auto& pending : batch.writes) pending.done(batch.outcome);
    return;
  }
  for (std::size_t i = 0; i < batch.writes.size(); ++i) {
    auto& answer = batch.answers[i];
    if (answer.is_ok() && !answer->duplicate) {
      answer->answer = std::move(batch.writes[i].record.answer);
    }
    batch.writes[i].done(std::move(answer));
  }
}

}  // namespace lanecast::storage
