#include "storage/checkpointer.h"

#include <sqlite3.h>

#include <chrono>

#include "storage/database.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

constexpr auto kRetryPause = std::chrono::milliseconds(100);

}  // namespace

Checkpointer::Checkpointer(std::string path, int busy_timeout_ms, int urgent_pages)
    : path_(std::move(path)),
      busy_timeout_ms_(busy_timeout_ms),
      urgent_pages_(urgent_pages),
      thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::note_commit(int wal_pages) noexcept {
  const bool urgent = wal_pages >= urgent_pages_;
  {
    std::lock_guard lock(mu_);
    if (requested_ || (pending_ && !urgent)) return;
    pending_ = true;
    requested_ = urgent;
  }
  wake_.notify_one();
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

void Checkpointer::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    // Let the commits of the next few milliseconds join this checkpoint.
    wake_.wait_for(lock, kQuietInterval, [this] { return requested_ || stopping_; });
    const bool last = stopping_;
    requested_ = false;
    pending_ = false;
    lock.unlock();
    const bool complete = checkpoint(last ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE);
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
  if (rc != SQLITE_OK || copied_frames < wal_frames) return false;
  std::lock_guard lock(mu_);
  ++completed_;
  return true;
}

}  // namespace lanecast::storage
