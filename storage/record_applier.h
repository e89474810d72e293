// The SQL work for one webhook record: the journal row, then the projections.
//
// Internal to storage/. Thread: the writer thread, which owns the connection and these
// cached statements. Every call runs inside a transaction the caller opened; the caller
// rolls back (to its savepoint) when apply() fails.
#pragma once

#include <sqlite3.h>

#include <memory>

#include "daemon/core/status.h"
#include "storage/database.h"
#include "storage/records.h"

namespace lanecast::storage {

class RecordApplier {
 public:
  // Compiles the statements once; they are reused for every record.
  static Result<std::unique_ptr<RecordApplier>> create(sqlite3* db);

  // For a record whose dedupe_key is already stored: bumps that event's redelivery count and
  // returns its seq, HTTP status and answer with duplicate = true; nothing else changes.
  // Otherwise inserts the event, updates the projections its parts ask for (order, zone,
  // mutation; session when it has one) and returns the new seq with duplicate = false and an
  // EMPTY answer: the caller still owns record.answer and moves it into the reply itself.
  // Failures: the mapped SQLite status. A record that breaks a schema rule (an empty
  // dedupe_key, a status rank outside 0..2, a negative duration) gets invalid_input.
  Result<StoredAnswer> apply(const WebhookRecord& record);

 private:
  explicit RecordApplier(sqlite3* db) : db_(db) {}
  Status insert_event(const WebhookRecord& record);  // inserts nothing for a known key
  Result<StoredAnswer> redeliver(const WebhookRecord& record);
  Status project(const WebhookRecord& record, std::int64_t seq);
  Status upsert_order(const WebhookRecord& record, const OrderUpdate& order, std::int64_t seq);
  Status insert_revision(const WebhookRecord& record, const OrderUpdate& order,
                         std::int64_t seq, bool applied);
  Status upsert_session(const WebhookRecord& record, std::int64_t seq);
  Status upsert_zone(const WebhookRecord& record, const ZoneUpdate& zone, std::int64_t seq);
  Status insert_mutation(const WebhookRecord& record, const MutationInfo& mutation,
                         std::int64_t seq);
  Status run(sqlite3_stmt* statement, int bind_rc, const char* what);
  // The answer's total when `order` (a completed checkout) contradicts the last mutation.
  Result<std::optional<std::int64_t>> skipped_mutation(const OrderUpdate& order);

  sqlite3* db_;
  StatementPtr insert_event_;
  StatementPtr redeliver_;
  StatementPtr upsert_order_;
  StatementPtr insert_revision_;
  StatementPtr upsert_session_;
  StatementPtr upsert_zone_;
  StatementPtr insert_mutation_;
  StatementPtr last_mutation_;
};

}  // namespace lanecast::storage
