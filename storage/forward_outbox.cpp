#include "storage/forward_outbox.h"

#include <unistd.h>

#include "storage/event_rows.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

constexpr const char kReadCursor[] = "SELECT acked_seq FROM forward_cursor WHERE id = 1";
constexpr const char kCreateCursor[] =
    "INSERT OR IGNORE INTO forward_cursor (id, acked_seq, updated_at_us) VALUES (1, 0, ?1)";
constexpr const char kMoveCursor[] =
    "UPDATE forward_cursor SET acked_seq = max(acked_seq, ?1), updated_at_us = ?2 WHERE id = 1";
constexpr const char kDeadLetter[] = R"sql(
INSERT OR REPLACE INTO forward_dead_letters (seq, kind, topic, reason_code, reason, rejected_at_us)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
)sql";
constexpr const char kGap[] =
    "INSERT OR REPLACE INTO forward_gaps (first_seq, last_seq, noted_at_us) VALUES (?1, ?2, ?3)";
// length() of a blob or text reads its size from the record header.
constexpr const char kBacklog[] = R"sql(
SELECT count(*),
       coalesce(sum(length(body) + length(answer) + coalesce(length(compressed_answer), 0)), 0),
       coalesce((SELECT received_at_us FROM events WHERE seq > ?1 ORDER BY seq LIMIT 1), 0),
       coalesce((SELECT max(seq) FROM events), 0),
       (SELECT count(*) FROM forward_dead_letters),
       (SELECT count(*) FROM forward_gaps)
FROM events WHERE seq > ?1
)sql";

// Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status begin() {
    Status status = sql::exec(db_, "BEGIN IMMEDIATE", "begin forwarding transaction");
    open_ = status.is_ok();
    return status;
  }
  Status commit() {
    Status status = sql::exec(db_, "COMMIT", "commit forwarding transaction");
    if (status.is_ok()) open_ = false;
    return status;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

}  // namespace

struct ForwardOutbox::Impl {
  static int on_busy(void* self, int tries) {
    constexpr std::int64_t kSleepUs = 200;
    if (tries * kSleepUs >= static_cast<Impl*>(self)->busy_budget_us) return 0;
    ::usleep(kSleepUs);
    return 1;
  }

  std::int64_t busy_budget_us = 0;
  SqlitePtr db;
  StatementPtr read_cursor, create_cursor, move_cursor, read_after, dead_letter, gap, backlog;
};

ForwardOutbox::ForwardOutbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ForwardOutbox::~ForwardOutbox() = default;

Result<std::unique_ptr<ForwardOutbox>> ForwardOutbox::open(const std::string& path,
                                                           int busy_timeout_ms) {
  auto db = open_connection(path, false, busy_timeout_ms);
  if (!db.is_ok()) return db.status();
  // The cursor commits hold the write lock for an instant only: no fsync of their own
  // (synchronous=NORMAL in WAL mode). A kill -9 loses nothing of them (the WAL is in the
  // file system already); a power cut may step the cursor back to the storage writer's last
  // commit, which fsyncs the WAL and with it every cursor commit before it, normally
  // milliseconds earlier. Nothing is lost either way: the cursor only decides what is sent
  // again.
  Status status = sql::exec(db->get(), "PRAGMA synchronous=NORMAL", "forwarding pragmas");
  if (!status.is_ok()) return status;
  auto impl = std::make_unique<Impl>();
  impl->busy_budget_us = std::int64_t{busy_timeout_ms} * 1000;
  // The storage writer holds the lock almost all the time under full ingest and lets go
  // between two group commits for well under a millisecond. SQLite's own busy handler sleeps
  // 1, 2, 5, 10 ... ms between tries and would miss those moments; short, even sleeps catch
  // them.
  sqlite3_busy_handler(db->get(), &Impl::on_busy, impl.get());
  impl->db = std::move(*db);
  const std::pair<StatementPtr*, const char*> statements[] = {
      {&impl->read_cursor, kReadCursor}, {&impl->create_cursor, kCreateCursor},
      {&impl->move_cursor, kMoveCursor}, {&impl->read_after, kSelectEventsAfter},
      {&impl->dead_letter, kDeadLetter}, {&impl->gap, kGap},
      {&impl->backlog, kBacklog},
  };
  for (const auto& [slot, text] : statements) {
    auto prepared = sql::prepare(impl->db.get(), text, true);
    if (!prepared.is_ok()) return prepared.status();
    *slot = std::move(prepared).value();
  }
  return std::unique_ptr<ForwardOutbox>(new ForwardOutbox(std::move(impl)));
}

Result<std::int64_t> ForwardOutbox::start(std::int64_t now_us) {
  sqlite3_bind_int64(impl_->create_cursor.get(), 1, now_us);
  Status status = sql::run(impl_->create_cursor.get(), "create forwarding cursor");
  if (!status.is_ok()) return status;
  sqlite3_stmt* s = impl_->read_cursor.get();
  sql::ResetOnExit reset(s);
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return sql::column_int(s, 0);
  if (rc == SQLITE_DONE) return Status::internal("forwarding cursor missing after creation");
  return status_from_sqlite(rc, impl_->db.get(), "read forwarding cursor");
}

Result<std::vector<StoredEvent>> ForwardOutbox::read_after(std::int64_t after_seq, int limit) {
  if (limit < 1 || limit > 10000) return Status::invalid_input("outbox: limit must be 1..10000");
  sqlite3_stmt* s = impl_->read_after.get();
  sql::ResetOnExit reset(s);
  sqlite3_bind_int64(s, 1, after_seq);
  sqlite3_bind_int(s, 2, limit);
  std::vector<StoredEvent> events;
  Status status = read_events(s, "read outbox events", events);
  if (!status.is_ok()) return status;
  return events;
}

Status ForwardOutbox::commit(const OutboxProgress& progress, std::int64_t now_us) {
  sqlite3* db = impl_->db.get();
  Transaction transaction(db);
  Status status = transaction.begin();
  for (std::size_t i = 0; status.is_ok() && i < progress.dead_letters.size(); ++i) {
    const DeadLetter& d = progress.dead_letters[i];
    sql::Binder bind(impl_->dead_letter.get());
    bind.integer(1, d.seq).text(2, d.kind).text(3, d.topic).integer(4, d.reason_code)
        .text(5, d.reason).integer(6, now_us);
    if (bind.result() != SQLITE_OK) return status_from_sqlite(bind.result(), db, "bind dead letter");
    status = sql::run(impl_->dead_letter.get(), "record dead letter");
  }
  for (std::size_t i = 0; status.is_ok() && i < progress.gaps.size(); ++i) {
    sql::Binder bind(impl_->gap.get());
    bind.integer(1, progress.gaps[i].first_seq).integer(2, progress.gaps[i].last_seq)
        .integer(3, now_us);
    if (bind.result() != SQLITE_OK) return status_from_sqlite(bind.result(), db, "bind gap");
    status = sql::run(impl_->gap.get(), "record gap");
  }
  if (status.is_ok()) {
    sql::Binder bind(impl_->move_cursor.get());
    bind.integer(1, progress.acked_seq).integer(2, now_us);
    status = sql::run(impl_->move_cursor.get(), "move forwarding cursor");
  }
  if (status.is_ok()) status = transaction.commit();
  return status;
}

Result<Backlog> ForwardOutbox::backlog(std::int64_t acked_seq) {
  sqlite3_stmt* s = impl_->backlog.get();
  sql::ResetOnExit reset(s);
  sqlite3_bind_int64(s, 1, acked_seq);
  const int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW) return status_from_sqlite(rc, impl_->db.get(), "measure forwarding backlog");
  Backlog b;
  b.acked_seq = acked_seq;
  b.events = sql::column_int(s, 0);
  b.bytes = sql::column_int(s, 1);
  b.oldest_received_at_us = sql::column_int(s, 2);
  b.last_seq = sql::column_int(s, 3);
  b.dead_letters = sql::column_int(s, 4);
  b.gaps = sql::column_int(s, 5);
  return b;
}

Status release_forward_hold(const std::string& path, int busy_timeout_ms) {
  auto db = open_connection(path, false, busy_timeout_ms);
  if (!db.is_ok()) return db.status();
  return sql::exec(db->get(), "DELETE FROM forward_cursor", "release forwarding hold");
}

}  // namespace lanecast::storage
