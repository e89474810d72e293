// Moves WAL pages into the database file on a thread of its own, so commits never wait for a
// whole checkpoint. It copies often and little: a PASSIVE checkpoint at most every
// kQuietInterval while commits come. One large checkpoint writes megabytes to the database
// file and fsyncs them, and the webhooks' own WAL fsyncs queue behind that burst on the same
// disk (p99 of 140-190 ms at 16-64 senders once the file held 250 MB; 20-30 ms with small
// ones).
//
// Under sustained load a PASSIVE checkpoint never catches up on its own: the commits made
// while it copies and fsyncs are left for the next one, so the WAL is never wholly copied and
// never restarts. It grew by about 60 MB a second, and checkpoints that ran back to back once
// it passed the threshold spent two fsyncs each on a handful of pages (some 600 fsyncs a
// second beside the writer's own). So checkpoints stay spaced, and once the WAL is past the
// threshold the writer finishes one itself between two transactions (finish_tail): the
// checkpoint thread has already copied all but the last commits (past the threshold it runs
// further passes at once while each still has more than kTailFrames to copy, each shorter
// than the one before), the writer copies those few frames on its own connection, where no
// other commit can slip in, and its next commit starts the WAL over from the beginning,
// overwriting blocks the file already has instead of growing it. The price is one fsync of
// the database file on the writer thread per WAL of threshold_pages (SQLite syncs the file
// at the end of a checkpoint that copies the whole WAL, before the WAL may restart): 10-25 ms
// for a checkout run on this disk, 30-80 ms with 50-line carts, a few times a second under
// full load, and the WAL stays within a few megabytes of the threshold.
//
// Internal to storage/. Thread: owns one thread and its read-write connection, opened at the
// first checkpoint and kept (a few times a second under load; opening a connection each time
// parsed the schema each time); a connection whose checkpoint failed is closed and the next
// request opens a new one. Between checkpoints it holds no transaction, so it keeps nothing
// of the WAL alive. note_commit() is called from the writer thread, inside SQLite's WAL hook;
// tail_due() and finish_tail() from the writer thread between transactions; stop() and the
// destructor from the writer's owner.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "storage/database.h"

namespace lanecast::storage {

class Checkpointer {
 public:
  // threshold_pages: from a WAL this long on, the writer finishes checkpoints (tail_due).
  Checkpointer(std::string path, int busy_timeout_ms, int threshold_pages);
  ~Checkpointer();  // stop()
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // A commit left `wal_pages` frames in the WAL: a PASSIVE checkpoint follows kQuietInterval
  // later. Never blocks on the disk; commits that arrive while one is pending merge into it.
  void note_commit(int wal_pages) noexcept;

  // Frames in the WAL after the latest commit. Any thread.
  int wal_pages() const noexcept { return wal_pages_.load(std::memory_order_relaxed); }

  // True when the writer should finish a checkpoint now: the WAL holds at least the
  // threshold, and either what the checkpoint thread has not copied yet is at most
  // kTailFrames (a few commits: cheap to copy) or the WAL has reached kHardLimitFactor times
  // the threshold (the checkpoint thread is not keeping up at all). At most one attempt per
  // checkpoint-thread pass, so a reader that holds part of the WAL does not make every
  // transaction try again.
  bool tail_due() noexcept;

  // Runs a PASSIVE checkpoint on the writer's connection `db` (the writer thread, between
  // transactions). If it copies the whole WAL, the next commit restarts the WAL.
  void finish_tail(sqlite3* db) noexcept;

  // How long commits may gather in the WAL before they are copied, and so also the least
  // time between two checkpoints of the checkpoint thread.
  static constexpr std::chrono::milliseconds kQuietInterval{50};
  // The writer finishes a checkpoint when at most this many frames are left to copy...
  static constexpr int kTailFrames = 512;
  // ...or, whatever is left, once the WAL is this many times the threshold.
  static constexpr int kHardLimitFactor = 4;
  // Passes the checkpoint thread runs back to back past the threshold, at most.
  static constexpr int kCatchUpPasses = 6;

  // Runs a TRUNCATE checkpoint (the WAL ends empty) and joins the thread. Call it after the
  // last commit. Idempotent.
  void stop();

  // Checkpoints that copied the whole WAL into the database (PASSIVE or TRUNCATE), by either
  // thread.
  std::uint64_t completed() const;
  // Of those, the ones the writer finished.
  std::uint64_t finished_by_writer() const;

 private:
  void run();
  bool checkpoint(int mode);  // true: the whole WAL is in the database file
  // Past the threshold, with more than kTailFrames still to copy: another pass is worth its
  // fsync of the WAL.
  bool worth_catching_up() const noexcept;
  // After a checkpoint on either connection: how far it copied, and whether all of it.
  void copied(int wal_frames, int copied_frames, bool by_writer);

  const std::string path_;
  const int busy_timeout_ms_;
  const int threshold_pages_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool pending_ = false;         // guarded by mu_: commits not yet checkpointed
  bool stopping_ = false;        // guarded by mu_
  std::uint64_t completed_ = 0;  // guarded by mu_
  std::uint64_t finished_by_writer_ = 0;  // guarded by mu_
  // Frames of the current WAL already in the database file, as the last checkpoint on
  // either connection found (0 again when the WAL restarts); -1 until the first one. Both
  // threads read and write it.
  std::atomic<int> backfilled_{-1};
  // Frames in the WAL after the latest commit. Written by the writer thread.
  std::atomic<int> wal_pages_{0};
  // The writer may finish one checkpoint per pass of the checkpoint thread. Both threads.
  std::atomic<bool> tail_allowed_{false};
  SqlitePtr db_;                 // the checkpoint thread only
  std::thread thread_;           // last: starts once the members above exist
};

}  // namespace lanecast::storage
