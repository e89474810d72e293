#include "storage/checkpointer.h"

#include <chrono>

#include "storage/database.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

constexpr auto kRetryPause = std::chrono::milliseconds(100);

}  // namespace

Checkpointer::Checkpointer(std::string path, int busy_timeout_ms, int threshold_pages)
    : path_(std::move(path)),
      busy_timeout_ms_(busy_timeout_ms),
      threshold_pages_(threshold_pages),
      thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::note_commit(int wal_pages) noexcept {
  // A shorter WAL than after the last commit: it restarted, and none of it is copied yet.
  if (wal_pages_.exchange(wal_pages, std::memory_order_relaxed) > wal_pages)
    backfilled_.store(0, std::memory_order_relaxed);
  {
    std::lock_guard lock(mu_);
    if (pending_) return;
    pending_ = true;
  }
  wake_.notify_one();
}

bool Checkpointer::tail_due() noexcept {
  const int wal_pages = wal_pages_.load(std::memory_order_relaxed);
  if (wal_pages < threshold_pages_ || !tail_allowed_.load(std::memory_order_relaxed)) return false;
  const int done = backfilled_.load(std::memory_order_relaxed);
  if (done < 0 || done >= wal_pages) return false;
  return wal_pages - done <= kTailFrames || wal_pages >= kHardLimitFactor * threshold_pages_;
}

void Checkpointer::finish_tail(sqlite3* db) noexcept {
  tail_allowed_.store(false, std::memory_order_relaxed);
  int wal_frames = 0;
  int copied_frames = 0;
  if (sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &wal_frames,
                                &copied_frames) == SQLITE_OK) {
    copied(wal_frames, copied_frames, true);
  }
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t Checkpointer::completed() const {
  std::lock_guard lock(mu_);
  return completed_;
}

std::uint64_t Checkpointer::finished_by_writer() const {
  std::lock_guard lock(mu_);
  return finished_by_writer_;
}

void Checkpointer::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    // Let the commits of the next few milliseconds join this checkpoint; this pause also
    // keeps checkpoints apart however fast the WAL grows.
    wake_.wait_for(lock, kQuietInterval, [this] { return stopping_; });
    const bool last = stopping_;
    pending_ = false;
    lock.unlock();
    bool complete = checkpoint(last ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE);
    for (int pass = 1; !last && !complete && pass < kCatchUpPasses && worth_catching_up(); ++pass) {
      const int before = backfilled_.load(std::memory_order_relaxed);
      complete = checkpoint(SQLITE_CHECKPOINT_PASSIVE);
      if (backfilled_.load(std::memory_order_relaxed) <= before) break;  // a reader holds the rest
    }
    if (last) {
      db_.reset();
      return;
    }
    lock.lock();
    if (complete) continue;
    // A reader still needs part of the WAL: try again after a pause rather than spin on the
    // second core, whether or not another commit comes.
    pending_ = true;
    wake_.wait_for(lock, kRetryPause, [this] { return stopping_; });
  }
}

// A failed or partial checkpoint is harmless (the pages stay in the WAL and a later request
// retries), so it only shows as a completed() count that stops growing.
bool Checkpointer::checkpoint(int mode) {
  if (!db_) {
    auto db = open_connection(path_, false, busy_timeout_ms_);
    if (!db.is_ok()) return false;
    // A connection learns that the file is in WAL mode only when it first reads it; until
    // then a checkpoint request is a silent no-op.
    if (!sql::query_int(db->get(), "SELECT count(*) FROM sqlite_schema").is_ok()) return false;
    db_ = std::move(db).value();
  }
  int wal_frames = 0;
  int copied_frames = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(db_.get(), "main", mode, &wal_frames, &copied_frames);
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) db_.reset();
  if (rc == SQLITE_OK) copied(wal_frames, copied_frames, false);
  tail_allowed_.store(true, std::memory_order_relaxed);
  return rc == SQLITE_OK && copied_frames >= wal_frames;
}

bool Checkpointer::worth_catching_up() const noexcept {
  const int wal_pages = wal_pages_.load(std::memory_order_relaxed);
  const int done = backfilled_.load(std::memory_order_relaxed);
  return wal_pages >= threshold_pages_ && done >= 0 && wal_pages - done > kTailFrames;
}

void Checkpointer::copied(int wal_frames, int copied_frames, bool by_writer) {
  backfilled_.store(copied_frames, std::memory_order_relaxed);
  if (copied_frames < wal_frames) return;
  std::lock_guard lock(mu_);
  ++completed_;
  if (by_writer) ++finished_by_writer_;
}

}  // namespace lanecast::storage
