// Retention: raw webhooks older than a configured age leave the database in small batches,
// so the disk does not fill and customer payloads are not kept longer than the store wants,
// while ingest goes on.
//
// What happens to an event received before `now - max_age`:
//  - The session row and the zone-presence rows whose latest event it is are deleted: they
//    describe a trip that ended before the cutoff (any later event of the trip would have
//    become their latest).
//  - If an order revision or a cart-mutator answer is built on it (order_revisions.seq and
//    mutations.seq refer to it; orders and their revisions are kept for good), the event row
//    stays but its raw body is dropped (zero bytes). Its answer, dedupe key, order id and
//    status stay: a late redelivery still gets the identical answer, and an order's history
//    keeps every sequence number. The answer is what lanecast told AiFi and stays as proof.
//  - Otherwise the event is deleted.
// Orders, order revisions and mutation outcomes are never touched.
// While the MQTT forwarder is configured (a forward_cursor row exists), nothing above its
// cursor is touched, however old: an event the broker has not acknowledged stays whole.
//
// Batches: each batch is one short IMMEDIATE transaction over at most batch_rows events, on a
// connection of the job's own (busy timeout applies), followed by a pause at least as long as
// the batch took, so the storage writer gets the lock at least half of the time. A cursor kept
// by the job means later runs do not walk rows already handled. Events are walked in sequence
// order, which is arrival order; the walk ends at the first event received kClockSlack after
// the cutoff, so an old event stored after a slightly newer one (the clock stepped back) is
// still found.
//
// Space: freed pages go to SQLite's freelist, and new events reuse them, so the file stops
// growing instead of shrinking. The schema does not enable auto_vacuum; when a file has
// auto_vacuum=INCREMENTAL, the job also gives freed pages back to the file system. Shrinking a
// file without it takes a VACUUM with the daemon stopped (docs/operations.md). After a run
// that changed anything, the WAL is checkpointed PASSIVE (never blocking the writer) and, when
// that copied everything, truncated if no one is reading.
//
// Thread: run_once() from one thread at a time (the daemon's main loop, say); it blocks for
// about `budget`, plus one batch and one checkpoint at most. Safe beside the daemon's writer,
// readers and checkpointer, in this process or another.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "daemon/core/status.h"

namespace lanecast::storage {

inline constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
// How far past the cutoff the walk looks for old events stored out of order.
inline constexpr std::int64_t kClockSlackUs = 3'600'000'000;

struct RetentionOptions {
  std::string path;                            // the database file (already created)
  std::int64_t max_age_us = 90 * kMicrosPerDay;  // > 0
  int batch_rows = 500;                        // 1..100000 events per transaction
  int busy_timeout_ms = 5000;                  // >= 0
  std::chrono::milliseconds budget{200};       // per run_once(); 0 = one batch
  std::chrono::milliseconds min_pause{5};      // between batches, at least
};

struct RetentionReport {
  std::int64_t cutoff_us = 0;           // events received before this were due
  std::int64_t events_deleted = 0;
  std::int64_t bodies_dropped = 0;      // events kept for an order, without their body now
  std::int64_t sessions_deleted = 0;
  std::int64_t zone_rows_deleted = 0;   // zone_presence rows
  int batches = 0;                      // write transactions committed
  bool finished = false;                // false: the budget ran out; call again soon
  bool wal_checkpointed = false;        // the whole WAL is in the database file
  std::int64_t free_pages = 0;          // on SQLite's freelist after the run, for reuse
  std::int64_t pages_vacuumed = 0;      // given back to the file system (incremental only)

  bool changed_anything() const {
    return events_deleted + bodies_dropped + sessions_deleted + zone_rows_deleted > 0;
  }
};

class RetentionJob {
 public:
  explicit RetentionJob(RetentionOptions options);

  // Prunes what is due at `now_us` (microseconds since the Unix epoch), within the budget.
  // Failures: invalid_input for bad options; io_error when the file cannot be opened (it is
  // never created); unsupported for a file that is not a lanecast database of this schema; busy
  // when the writer held the lock past the busy timeout; storage_full / io_error from SQLite.
  // A failed batch is rolled back whole; the batches before it in the same call stay
  // committed (uncounted, as the call returns only the failure) and the next call carries on.
  Result<RetentionReport> run_once(std::int64_t now_us);

 private:
  RetentionOptions options_;
  // Every event up to this seq is handled for good (deleted, or kept without its body).
  // The cursor belongs to one file: a restored file needs a new job.
  std::int64_t done_through_seq_ = 0;
};

// Bytes available to unprivileged users on the file system that holds `db_path`, from
// statvfs(2) of its directory: for a free-disk watermark alert. io_error when it fails.
Result<std::int64_t> free_disk_bytes(const std::string& db_path);

}  // namespace lanecast::storage
