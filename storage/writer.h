// The storage writer: one thread, one connection, group commit.
//
// Thread: submit() is called from any thread (in practice the libmicrohttpd thread). The
// writer thread takes every record waiting at that moment (up to max_batch) into ONE
// transaction; a record-level failure does not sink its neighbours (the batch is then applied
// again with each record in its own SAVEPOINT, see BatchCommitter); an I/O or disk-full
// failure fails the whole batch. Only after COMMIT returns are the completions called, on the
// writer thread, in submission order. A completion must not block or throw: it copies the
// answer and wakes whoever waits (MHD_resume_connection).
//
// A failed batch (disk full, I/O error) fails every completion in it with that status and
// counts one failure; the writer keeps running and the next batch tries again, so service
// resumes by itself once the disk has room again. Nothing is retried behind the caller's
// back: the sender (AiFi) retries, and the dedupe key makes that harmless.
//
// Per record, inside the transaction:
//  - if an event with the same dedupe key exists (storage/dedupe_key.h): bump its redelivery count and answer with
//    the stored answer (duplicate = true); projections are not touched again;
//  - else insert the event (kind, path, keys, body and answer compressed) and update projections:
//    orders (latest state only when the new status rank >= the stored rank; every checkout is
//    kept as a revision, applied or not), sessions (first/last seen, last zone, last order),
//    zone presence (entered/left per zone and session), mutations (cart-mutator answers).
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/core/status.h"
#include "storage/database.h"
#include "storage/records.h"

namespace lanecast::storage {

using WriteCompletion = std::function<void(Result<StoredAnswer>)>;

struct WriterOptions {
  std::size_t max_batch = 256;    // records per transaction (0 counts as 1)
  std::size_t max_queue = 10000;  // submit() beyond this fails fast with busy
  // PASSIVE checkpoints run on a separate connection/thread, Checkpointer::kQuietInterval
  // after commits; from a WAL of this many pages on, the writer finishes one between two
  // transactions so the WAL restarts under sustained load (storage/checkpointer.h); TRUNCATE
  // on shutdown.
  int checkpoint_pages = 4000;
};

class Writer {
 public:
  // Takes an open connection (from open_database) for the writer thread; `path` is used to
  // open the checkpointer's own connection. Installs a WAL hook on `db` to learn the WAL
  // size. If the writer's statements cannot be prepared (or `db` is null), every record
  // fails with that status.
  Writer(SqlitePtr db, std::string path, WriterOptions options);
  ~Writer();  // drains the queue (every waiting record is committed or failed), then joins
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Compresses the record's body and answer (storage/compression.h) on the calling thread and
  // queues it; `done` is called exactly once, on the writer thread (or, when the queue
  // is full or the writer stopped, immediately on the caller's thread with busy).
  void submit(WebhookRecord record, WriteCompletion done);

  WriterStats stats() const;  // any thread

  // Test seam: runs `job` on the writer thread with the writer's connection, between two
  // batches, and returns once it has run (at once, without running it, if the writer is
  // stopping). Tests use it to make the database fail (PRAGMA max_page_count) and recover,
  // or to hold the writer while they queue records. Not for production code.
  void run_on_connection_for_test(std::function<void(sqlite3*)> job);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lanecast::storage
