#include "storage/writer.h"

#include <algorithm>
#include <chrono>
#include <future>

#include "daemon/core/log.h"
#include "storage/batch_committer.h"
#include "storage/checkpointer.h"
#include "storage/compression.h"

namespace lanecast::storage {
namespace {

constexpr auto kHeartbeatPeriod = std::chrono::milliseconds(500);
constexpr int kCheckpointBusyTimeoutMs = 5000;

struct PendingWrite {
  WebhookRecord record;
  WriteCompletion done;
};

}  // namespace

struct Writer::Impl {
  Impl(SqlitePtr db, std::string path, WriterOptions options);
  ~Impl();

  void run();
  void run_test_jobs(std::unique_lock<std::mutex>& lock);
  void take_batch();
  Status commit_batch();
  void account(const Status& outcome);
  void finish_batch(const Status& outcome);
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int pages);

  const WriterOptions options_;
  SqlitePtr db_;
  std::unique_ptr<BatchCommitter> committer_;  // after db_: its statements finalize first
  Status setup_;                               // not ok: every batch fails with it
  Checkpointer checkpointer_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<PendingWrite> queue_;                 // guarded by mu_
  std::deque<std::function<void()>> test_jobs_;    // guarded by mu_
  bool stopping_ = false;                          // guarded by mu_
  WriterStats stats_;                              // guarded by mu_ (but checkpoints)

  // Writer thread only; kept between batches so their capacity is reused.
  std::vector<PendingWrite> batch_;
  std::vector<const WebhookRecord*> records_;
  std::vector<Result<StoredAnswer>> answers_;

  std::thread thread_;  // last: starts once everything above exists
};

Writer::Impl::Impl(SqlitePtr db, std::string path, WriterOptions options)
    : options_(options),
      db_(std::move(db)),
      checkpointer_(path, kCheckpointBusyTimeoutMs, options.checkpoint_pages) {
  if (!db_) {
    setup_ = Status::internal("storage writer has no database connection");
  } else {
    auto committer = BatchCommitter::create(db_.get());
    if (committer.is_ok()) {
      committer_ = std::move(committer).value();
    } else {
      setup_ = committer.status();
    }
    sqlite3_wal_hook(db_.get(), &Impl::on_wal_commit, this);
  }
  thread_ = std::thread([this] { run(); });
}

Writer::Impl::~Impl() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  checkpointer_.stop();  // after the last commit, so the WAL ends empty
  if (db_) sqlite3_wal_hook(db_.get(), nullptr, nullptr);
}

// Runs inside COMMIT on the writer thread; must not throw or block.
int Writer::Impl::on_wal_commit(void* self, sqlite3*, const char*, int pages) {
  auto* impl = static_cast<Impl*>(self);
  impl->checkpointer_.note_commit(pages);
  return SQLITE_OK;
}

void Writer::Impl::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++stats_.heartbeats;
    run_test_jobs(lock);
    if (queue_.empty()) {
      if (stopping_) return;
      wake_.wait_for(lock, kHeartbeatPeriod);
      continue;
    }
    take_batch();
    lock.unlock();
    const Status outcome = commit_batch();
    lock.lock();
    account(outcome);
    lock.unlock();
    finish_batch(outcome);
    // After the answers have gone: a WAL past the threshold is finished here, where no
    // commit can come between the last copy and the restart (storage/checkpointer.h).
    if (checkpointer_.tail_due()) checkpointer_.finish_tail(db_.get());
    lock.lock();
  }
}

void Writer::Impl::run_test_jobs(std::unique_lock<std::mutex>& lock) {
  while (!test_jobs_.empty()) {
    auto job = std::move(test_jobs_.front());
    test_jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

// Takes everything waiting now, up to max_batch: the longer the last COMMIT took, the more
// records share the next one.
void Writer::Impl::take_batch() {
  const std::size_t limit = std::max<std::size_t>(options_.max_batch, 1);
  const std::size_t count = std::min(limit, queue_.size());
  for (std::size_t i = 0; i < count; ++i) {
    batch_.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
}

Status Writer::Impl::commit_batch() {
  if (!setup_.is_ok()) return setup_;
  records_.clear();
  for (const auto& pending : batch_) records_.push_back(&pending.record);
  return committer_->commit(records_, answers_);
}

// Before the completions run, so whoever a completion wakes already sees this batch counted.
void Writer::Impl::account(const Status& outcome) {
  if (outcome.is_ok()) {
    ++stats_.batches;
    for (const auto& answer : answers_) stats_.records += answer.is_ok() ? 1 : 0;
    stats_.last_error.clear();
  } else {
    ++stats_.failures;
    stats_.last_error = outcome.to_string();
  }
}

void Writer::Impl::finish_batch(const Status& outcome) {
  // The completions log a line per webhook: written together, in one system call per 4 KiB.
  log::LineBatch lines;
  if (!outcome.is_ok()) {
    for (auto& pending : batch_) pending.done(outcome);
    batch_.clear();
    return;
  }
  for (std::size_t i = 0; i < batch_.size(); ++i) {
    auto& answer = answers_[i];
    if (answer.is_ok() && !answer->duplicate) answer->answer = std::move(batch_[i].record.answer);
    batch_[i].done(std::move(answer));
  }
  answers_.clear();
  batch_.clear();
}

Writer::Writer(SqlitePtr db, std::string path, WriterOptions options)
    : impl_(std::make_unique<Impl>(std::move(db), std::move(path), options)) {}

Writer::~Writer() = default;

void Writer::submit(WebhookRecord record, WriteCompletion done) {
  // Here, on the caller's thread: the writer thread is what every webhook waits for.
  record.compressed = compress_payload(record.body, record.answer);
  // Only the compressed body is stored: the queue need not hold the plain one too (a full
  // queue of 50-line carts would hold 190 MB of them).
  record.body = std::string();
  Status refused;
  {
    std::lock_guard lock(impl_->mu_);
    if (impl_->stopping_) {
      refused = Status::busy("storage writer is stopping");
    } else if (impl_->queue_.size() >= impl_->options_.max_queue) {
      refused = Status::busy("storage queue is full (" +
                             std::to_string(impl_->queue_.size()) + " records waiting)");
    } else {
      impl_->queue_.push_back(PendingWrite{std::move(record), std::move(done)});
    }
  }
  if (refused.is_ok()) {
    impl_->wake_.notify_one();
  } else {
    done(std::move(refused));
  }
}

WriterStats Writer::stats() const {
  WriterStats stats;
  {
    std::lock_guard lock(impl_->mu_);
    stats = impl_->stats_;
    stats.queue_depth = impl_->queue_.size();
  }
  stats.checkpoints = impl_->checkpointer_.completed();
  stats.checkpoints_by_writer = impl_->checkpointer_.finished_by_writer();
  stats.wal_pages = impl_->checkpointer_.wal_pages();
  return stats;
}

void Writer::run_on_connection_for_test(std::function<void(sqlite3*)> job) {
  std::promise<void> ran;
  auto finished = ran.get_future();
  {
    std::lock_guard lock(impl_->mu_);
    if (impl_->stopping_) return;
    impl_->test_jobs_.push_back([&] {
      job(impl_->db_.get());
      ran.set_value();
    });
  }
  impl_->wake_.notify_one();
  finished.wait();
}

}  // namespace lanecast::storage
