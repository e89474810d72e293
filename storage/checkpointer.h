// Moves WAL pages into the database file on a thread of its own, so commits never wait for a
// checkpoint.
//
// Internal to storage/. Thread: owns one thread and its read-write connection, opened at the
// first checkpoint and kept (a few times a second under load; opening a
// connection each time parsed the schema each time); a connection whose checkpoint failed is
// closed and the next request opens a new one. Between checkpoints it holds no transaction,
// so it keeps nothing of the WAL alive. request() is called from the writer thread, inside
// SQLite's WAL hook; stop() and the destructor from the writer's owner.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "storage/database.h"

namespace lanecast::storage {

class Checkpointer {
 public:
  Checkpointer(std::string path, int busy_timeout_ms);
  ~Checkpointer();  // stop()
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Asks for a PASSIVE checkpoint soon; never blocks on the disk. Requests that arrive while
  // one is pending merge into it.
  void request() noexcept;

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
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;      // guarded by mu_
  bool stopping_ = false;       // guarded by mu_
  std::uint64_t completed_ = 0;  // guarded by mu_
  SqlitePtr db_;                // the checkpoint thread only
  std::thread thread_;          // last: starts once the members above exist
};

}  // namespace lanecast::storage
