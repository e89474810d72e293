// One group-commit transaction: many records, one COMMIT, one fsync.
//
// Internal to storage/. Thread: the writer thread, which owns the connection.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <span>
#include <vector>

#include "daemon/core/status.h"
#include "storage/database.h"
#include "storage/record_applier.h"
#include "storage/records.h"

namespace lanecast::storage {

class BatchCommitter {
 public:
  static Result<std::unique_ptr<BatchCommitter>> create(sqlite3* db);

  // Applies every record inside one BEGIN IMMEDIATE ... COMMIT. A record that fails on its
  // own (invalid_input, conflict, internal) gets its status in `answers` and its neighbours
  // still commit: the batch is then rolled back and applied again with each record in its
  // own SAVEPOINT, the failing one rolled back to it (records are deterministic, so it fails
  // again, alone).
  // A failure of the storage itself (storage_full, io_error, corrupt, busy), of COMMIT, or
  // one after which SQLite has already abandoned the transaction, rolls the whole batch back
  // and is returned: nothing of the batch is stored and `answers` must be ignored.
  // On success `answers` holds one entry per record, in order (see RecordApplier::apply for
  // what a new record's answer holds).
  Status commit(std::span<const WebhookRecord* const> records,
                std::vector<Result<StoredAnswer>>& answers);

 private:
  explicit BatchCommitter(sqlite3* db) : db_(db) {}
  // The batch again, each record in its own savepoint.
  Status commit_isolated(std::span<const WebhookRecord* const> records,
                         std::vector<Result<StoredAnswer>>& answers);
  Status apply_one(const WebhookRecord& record, std::vector<Result<StoredAnswer>>& answers);
  void roll_back();

  sqlite3* db_;
  std::unique_ptr<RecordApplier> applier_;
  StatementPtr begin_;
  StatementPtr commit_;
  StatementPtr rollback_;
  StatementPtr savepoint_;
  StatementPtr release_;
  StatementPtr rollback_to_;
};

}  // namespace lanecast::storage
