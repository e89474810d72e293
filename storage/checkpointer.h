// Moves WAL pages into the database file on a thread of its own, so commits never wait for a
// checkpoint. It copies often and little: at most kQuietInterval after a commit, at once when
// the WAL reaches the urgent size. One large checkpoint writes megabytes to the database file
// and fsyncs them, and the webhooks' own WAL fsyncs queue behind that burst on the same disk
// (p99 of 140-190 ms at 16-64 senders once the file held 250 MB; 20-30 ms with small ones).
//
// Internal to storage/. Thread: owns one thread and its read-write connection, opened at the
// first checkpoint and kept (a few times a second under load; opening a
// connection each time parsed the schema each time); a connection whose checkpoint failed is
// closed and the next request opens a new one. Between checkpoints it holds no transaction,
// so it keeps nothing of the WAL alive. note_commit() is called from the writer thread,
// inside SQLite's WAL hook; stop() and the destructor from the writer's owner.
#pragma once

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
  // urgent_pages: a WAL this long is checkpointed at once rather than after the pause.
  Checkpointer(std::string path, int busy_timeout_ms, int urgent_pages);
  ~Checkpointer();  // stop()
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // A commit left `wal_pages` frames in the WAL: a PASSIVE checkpoint follows within
  // kQuietInterval (at once from urgent_pages on). Never blocks on the disk; commits that
  // arrive while one is pending merge into it.
  void note_commit(int wal_pages) noexcept;

  // How long commits may gather in the WAL before they are copied.
  static constexpr std::chrono::milliseconds kQuietInterval{50};

  // Runs a TRUNCATE checkpoint (the WAL ends empty) and joins the thread. Call it after the
  // last commit. Idempotent.
  void stop();

  // Checkpoints that copied the whole WAL into the database (PASSIVE or TRUNCATE).
  std::uint64_t completed() const;

 private:
  void run();
  bool checkpoint(int mode);  // true: the whole WAL is in the database file

  const std::string path_;
  const int busy_timeout_ms_;
  const int urgent_pages_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;      // guarded by mu_: checkpoint now
  bool pending_ = false;        // guarded by mu_: commits not yet checkpointed
  bool stopping_ = false;       // guarded by mu_
  std::uint64_t completed_ = 0;  // guarded by mu_
  SqlitePtr db_;                // the checkpoint thread only
  std::thread thread_;          // last: starts once the members above exist
};

}  // namespace lanecast::storage
