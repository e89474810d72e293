#include "storage/retention.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kVacuumPagesPerRun = 2000;

// length() of a blob reads its size from the record header, not the blob itself.
// ?3: the forwarder's hold (see kForwardHold); the walk never looks past it.
constexpr const char kScan[] = R"sql(
SELECT seq, received_at_us, length(body) FROM events WHERE seq > ?1 AND seq <= ?3
ORDER BY seq LIMIT ?2
)sql";

// While forwarding is configured, events the broker has not acknowledged stay whole, however
// old: the forwarding cursor is the highest seq retention may touch. Without a cursor row,
// no hold. The delete and drop statements check it again inside their own transaction.
constexpr const char kForwardHold[] = R"sql(
SELECT coalesce((SELECT acked_seq FROM forward_cursor WHERE id = 1), 9223372036854775807)
)sql";

// Every statement below names one event by seq and re-checks its age, so it acts only on a
// row that is due at the moment the transaction runs. References are looked up through the
// event's own columns, which the writer fills from the same record as the referring row, so
// each check is a primary-key lookup: orders.last_seq, sessions.last_seq and
// zone_presence.last_seq have no index, and the connection's foreign-key enforcement (off
// here) would scan those tables for every deleted event.
constexpr const char kDeleteZoneRow[] = R"sql(
DELETE FROM zone_presence
WHERE zone_id = (SELECT zone_id FROM events WHERE seq = ?1 AND received_at_us < ?2)
  AND session_id = (SELECT coalesce(session_id, '') FROM events WHERE seq = ?1)
  AND last_seq = ?1
)sql";

constexpr const char kDeleteSession[] = R"sql(
DELETE FROM sessions
WHERE session_id = (SELECT session_id FROM events WHERE seq = ?1 AND received_at_us < ?2)
  AND last_seq = ?1
)sql";

constexpr const char kDeleteEvent[] = R"sql(
DELETE FROM events
WHERE seq = ?1 AND received_at_us < ?2
  AND NOT EXISTS (SELECT 1 FROM forward_cursor c WHERE c.acked_seq < ?1)
  AND NOT EXISTS (SELECT 1 FROM order_revisions r WHERE r.seq = events.seq)
  AND NOT EXISTS (SELECT 1 FROM mutations m WHERE m.seq = events.seq)
  AND NOT EXISTS (SELECT 1 FROM orders o
                  WHERE o.order_id = events.order_id AND o.last_seq = events.seq)
  AND NOT EXISTS (SELECT 1 FROM sessions s
                  WHERE s.session_id = events.session_id AND s.last_seq = events.seq)
  AND NOT EXISTS (SELECT 1 FROM zone_presence z
                  WHERE z.zone_id = events.zone_id
                    AND z.session_id = coalesce(events.session_id, '')
                    AND z.last_seq = events.seq)
)sql";

constexpr const char kDropBody[] = R"sql(
UPDATE events SET body = x'' WHERE seq = ?1 AND received_at_us < ?2 AND length(body) > 0
  AND NOT EXISTS (SELECT 1 FROM forward_cursor c WHERE c.acked_seq < ?1)
)sql";

// Where a walk through the events table stands. Rows are read in seq order; the leading run
// of due rows ends at the first newer row, and only that run may move the job's cursor.
struct Walk {
  std::int64_t cutoff_us = 0;
  std::int64_t position = 0;      // last seq read
  std::int64_t hold = 0;          // highest seq the forwarder lets go of
  std::int64_t done_through = 0;  // end of the leading run of due rows
  bool leading = true;            // no newer row seen yet
  bool ended = false;             // end of the table, or past cutoff + slack
};

// Rolls back unless committed: a failed batch leaves nothing half done.
class WriteTransaction {
 public:
  explicit WriteTransaction(sqlite3* db) : db_(db) {}
  ~WriteTransaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  Status begin() {
    Status status = sql::exec(db_, "BEGIN IMMEDIATE", "begin retention batch");
    open_ = status.is_ok();
    return status;
  }
  Status commit() {
    Status status = sql::exec(db_, "COMMIT", "commit retention batch");
    if (status.is_ok()) open_ = false;
    return status;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

class Pruner {
 public:
  static Result<Pruner> create(sqlite3* db);

  Result<std::vector<std::int64_t>> next_batch(Walk& walk, int batch_rows);
  Status prune(const std::vector<std::int64_t>& due, std::int64_t cutoff_us,
               RetentionReport& report);

 private:
  explicit Pruner(sqlite3* db) : db_(db) {}
  Result<int> run_one(sqlite3_stmt* statement, std::int64_t seq, std::int64_t cutoff_us);
  Status prune_one(std::int64_t seq, std::int64_t cutoff_us, RetentionReport& report);

  sqlite3* db_;
  StatementPtr scan_, delete_zone_, delete_session_, delete_event_, drop_body_;
};

Result<Pruner> Pruner::create(sqlite3* db) {
  Pruner pruner(db);
  const std::pair<StatementPtr*, const char*> statements[] = {
      {&pruner.scan_, kScan},
      {&pruner.delete_zone_, kDeleteZoneRow},
      {&pruner.delete_session_, kDeleteSession},
      {&pruner.delete_event_, kDeleteEvent},
      {&pruner.drop_body_, kDropBody},
  };
  for (const auto& [slot, text] : statements) {
    auto prepared = sql::prepare(db, text, true);
    if (!prepared.is_ok()) return prepared.status();
    *slot = std::move(prepared).value();
  }
  return pruner;
}

// Reads the next batch_rows rows and returns the due ones that still hold a body: the rest
// were handled by an earlier run.
Result<std::vector<std::int64_t>> Pruner::next_batch(Walk& walk, int batch_rows) {
  sqlite3_stmt* s = scan_.get();
  sql::ResetOnExit reset(s);
  sqlite3_bind_int64(s, 1, walk.position);
  sqlite3_bind_int(s, 2, batch_rows);
  sqlite3_bind_int64(s, 3, walk.hold);
  std::vector<std::int64_t> due;
  int rows = 0;
  for (;;) {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return status_from_sqlite(rc, db_, "scan events for retention");
    ++rows;
    const std::int64_t seq = sql::column_int(s, 0);
    const std::int64_t received_at_us = sql::column_int(s, 1);
    walk.position = seq;
    if (received_at_us < walk.cutoff_us) {
      if (sql::column_int(s, 2) > 0) due.push_back(seq);
      if (walk.leading) walk.done_through = seq;
      continue;
    }
    walk.leading = false;
    if (received_at_us >= walk.cutoff_us + kClockSlackUs) {
      walk.ended = true;
      break;
    }
  }
  if (rows < batch_rows) walk.ended = true;
  return due;
}

Result<int> Pruner::run_one(sqlite3_stmt* statement, std::int64_t seq, std::int64_t cutoff_us) {
  sqlite3_bind_int64(statement, 1, seq);
  sqlite3_bind_int64(statement, 2, cutoff_us);
  Status status = sql::run(statement, "prune event");
  if (!status.is_ok()) return status;
  return sqlite3_changes(db_);
}

// Projections first: an event stops being referenced once the trip rows that name it go.
Status Pruner::prune_one(std::int64_t seq, std::int64_t cutoff_us, RetentionReport& report) {
  auto zone_rows = run_one(delete_zone_.get(), seq, cutoff_us);
  if (!zone_rows.is_ok()) return zone_rows.status();
  auto sessions = run_one(delete_session_.get(), seq, cutoff_us);
  if (!sessions.is_ok()) return sessions.status();
  auto deleted = run_one(delete_event_.get(), seq, cutoff_us);
  if (!deleted.is_ok()) return deleted.status();
  report.zone_rows_deleted += *zone_rows;
  report.sessions_deleted += *sessions;
  report.events_deleted += *deleted;
  if (*deleted > 0) return Status::ok();
  auto dropped = run_one(drop_body_.get(), seq, cutoff_us);
  if (!dropped.is_ok()) return dropped.status();
  report.bodies_dropped += *dropped;
  return Status::ok();
}

// The report's counts change only when the batch commits.
Status Pruner::prune(const std::vector<std::int64_t>& due, std::int64_t cutoff_us,
                     RetentionReport& report) {
  RetentionReport batch;
  WriteTransaction transaction(db_);
  Status status = transaction.begin();
  for (std::size_t i = 0; status.is_ok() && i < due.size(); ++i) {
    status = prune_one(due[i], cutoff_us, batch);
  }
  if (status.is_ok()) status = transaction.commit();
  if (!status.is_ok()) return status;
  report.events_deleted += batch.events_deleted;
  report.bodies_dropped += batch.bodies_dropped;
  report.sessions_deleted += batch.sessions_deleted;
  report.zone_rows_deleted += batch.zone_rows_deleted;
  ++report.batches;
  return Status::ok();
}

// PASSIVE never makes the writer wait. When it has copied everything, TRUNCATE has nothing
// left to copy and holds the writer lock only for an instant; without a busy handler it gives
// up at once, rather than waiting, when a reader still uses the WAL.
void checkpoint(sqlite3* db, int busy_timeout_ms, RetentionReport& report) {
  int wal_frames = 0;
  int copied_frames = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied_frames);
  if (rc != SQLITE_OK || copied_frames < wal_frames) return;
  report.wal_checkpointed = true;
  sqlite3_busy_timeout(db, 0);
  sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(db, busy_timeout_ms);
}

Status reclaim(sqlite3* db, bool changed, RetentionReport& report) {
  auto free_pages = sql::query_int(db, "PRAGMA freelist_count");
  if (!free_pages.is_ok()) return free_pages.status();
  report.free_pages = *free_pages;
  auto auto_vacuum = sql::query_int(db, "PRAGMA auto_vacuum");
  if (!auto_vacuum.is_ok()) return auto_vacuum.status();
  constexpr std::int64_t kIncremental = 2;
  if (!changed || *auto_vacuum != kIncremental || *free_pages == 0) return Status::ok();
  const std::string vacuum = "PRAGMA incremental_vacuum(" + std::to_string(kVacuumPagesPerRun) + ")";
  Status status = sql::exec(db, vacuum.c_str(), "incremental vacuum");
  if (!status.is_ok()) return status;
  auto left = sql::query_int(db, "PRAGMA freelist_count");
  if (!left.is_ok()) return left.status();
  report.pages_vacuumed = *free_pages - *left;
  report.free_pages = *left;
  return Status::ok();
}

Status check_options(const RetentionOptions& options) {
  if (options.path.empty()) return Status::invalid_input("retention: no database path");
  if (options.max_age_us <= 0) return Status::invalid_input("retention: max age must be positive");
  if (options.batch_rows < 1 || options.batch_rows > 100'000) {
    return Status::invalid_input("retention: batch rows must be from 1 to 100000");
  }
  if (options.busy_timeout_ms < 0 || options.budget.count() < 0 || options.min_pause.count() < 0) {
    return Status::invalid_input("retention: timeouts must not be negative");
  }
  return Status::ok();
}

// Read-write without SQLITE_OPEN_CREATE: retention works on the daemon's file and never
// leaves an empty one where the daemon has not made one yet.
Result<SqlitePtr> open_existing(const std::string& path, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  SqlitePtr db(raw);
  if (rc != SQLITE_OK) return status_from_sqlite(rc, db.get(), ("open " + path).c_str());
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  auto id = sql::query_int(db.get(), "PRAGMA application_id");
  if (!id.is_ok()) return id.status();
  auto version = sql::query_int(db.get(), "PRAGMA user_version");
  if (!version.is_ok()) return version.status();
  if (*id != kApplicationId || *version != current_schema_version()) {
    return Status::unsupported(path + " is not a lanecast database of schema version " +
                               std::to_string(current_schema_version()));
  }
  Status status = sql::exec(db.get(), "PRAGMA foreign_keys=OFF", "retention pragmas");
  if (!status.is_ok()) return status;
  return db;
}

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

RetentionJob::RetentionJob(RetentionOptions options) : options_(std::move(options)) {}

Result<RetentionReport> RetentionJob::run_once(std::int64_t now_us) {
  Status status = check_options(options_);
  if (!status.is_ok()) return status;
  auto db = open_existing(options_.path, options_.busy_timeout_ms);
  if (!db.is_ok()) return db.status();
  auto pruner = Pruner::create(db->get());
  if (!pruner.is_ok()) return pruner.status();

  RetentionReport report;
  report.cutoff_us = now_us - options_.max_age_us;
  auto hold = sql::query_int(db->get(), kForwardHold);
  if (!hold.is_ok()) return hold.status();
  Walk walk{report.cutoff_us, done_through_seq_, *hold, done_through_seq_};
  const auto deadline = Clock::now() + options_.budget;
  while (!walk.ended) {
    auto due = pruner->next_batch(walk, options_.batch_rows);
    if (!due.is_ok()) return due.status();
    if (!due->empty()) {
      const auto started = Clock::now();
      status = pruner->prune(*due, report.cutoff_us, report);
      if (!status.is_ok()) return status;
      // The writer waits on the lock while a batch runs: give it at least as long.
      const auto took = Clock::now() - started;
      if (!walk.ended) std::this_thread::sleep_for(std::max<Clock::duration>(took, options_.min_pause));
    }
    done_through_seq_ = walk.done_through;
    if (!walk.ended && Clock::now() >= deadline) break;
  }
  report.finished = walk.ended;
  if (report.changed_anything()) checkpoint(db->get(), options_.busy_timeout_ms, report);
  status = reclaim(db->get(), report.changed_anything(), report);
  if (!status.is_ok()) return status;
  return report;
}

Result<std::int64_t> free_disk_bytes(const std::string& db_path) {
  const std::string directory = directory_of(db_path);
  struct statvfs info {};
  if (::statvfs(directory.c_str(), &info) != 0) {
    return Status::io_error("statvfs " + directory + ": " + std::strerror(errno));
  }
  return static_cast<std::int64_t>(info.f_bavail) * static_cast<std::int64_t>(info.f_frsize);
}

}  // namespace lanecast::storage
