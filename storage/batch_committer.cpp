#include "storage/batch_committer.h"

#include <utility>

#include "storage/sql.h"

namespace lanecast::storage {
namespace {

// Failures that say the disk or the database is unwell, not that one record is wrong.
bool fails_the_batch(const Status& status) {
  switch (status.kind()) {
    case Status::Kind::kStorageFull:
    case Status::Kind::kIoError:
    case Status::Kind::kCorrupt:
    case Status::Kind::kBusy: return true;
    default: return false;
  }
}

}  // namespace

Result<std::unique_ptr<BatchCommitter>> BatchCommitter::create(sqlite3* db) {
  std::unique_ptr<BatchCommitter> committer(new BatchCommitter(db));
  auto applier = RecordApplier::create(db);
  if (!applier.is_ok()) return applier.status();
  committer->applier_ = std::move(applier).value();
  const std::pair<StatementPtr*, const char*> statements[] = {
      {&committer->begin_, "BEGIN IMMEDIATE"},
      {&committer->commit_, "COMMIT"},
      {&committer->rollback_, "ROLLBACK"},
      {&committer->savepoint_, "SAVEPOINT record"},
      {&committer->release_, "RELEASE record"},
      {&committer->rollback_to_, "ROLLBACK TO record"},
  };
  for (const auto& [slot, text] : statements) {
    auto prepared = sql::prepare(db, text, true);
    if (!prepared.is_ok()) return prepared.status();
    *slot = std::move(prepared).value();
  }
  return committer;
}

// The happy path applies every record straight into the transaction: no SAVEPOINT per record
// (each one cost a statement journal and two more statements per record). When a record fails
// on its own, the whole transaction is rolled back and the batch is applied again with each
// record in its own savepoint, so that record alone is refused and its neighbours still commit.
Status BatchCommitter::commit(std::span<const WebhookRecord* const> records,
                              std::vector<Result<StoredAnswer>>& answers) {
  answers.clear();
  Status status = sql::run(begin_.get(), "begin batch");
  if (!status.is_ok()) return status;
  bool a_record_failed = false;
  for (const WebhookRecord* record : records) {
    auto applied = applier_->apply(*record);
    if (applied.is_ok()) {
      answers.push_back(std::move(applied));
      continue;
    }
    if (fails_the_batch(applied.status()) || sqlite3_get_autocommit(db_) != 0) {
      status = applied.status();
    } else {
      a_record_failed = true;
    }
    break;
  }
  if (status.is_ok() && !a_record_failed) status = sql::run(commit_.get(), "commit batch");
  if (!status.is_ok() || a_record_failed) {
    roll_back();
    answers.clear();
  }
  if (!status.is_ok()) return status;
  return a_record_failed ? commit_isolated(records, answers) : status;
}

Status BatchCommitter::commit_isolated(std::span<const WebhookRecord* const> records,
                                       std::vector<Result<StoredAnswer>>& answers) {
  Status status = sql::run(begin_.get(), "begin batch");
  if (!status.is_ok()) return status;
  for (const WebhookRecord* record : records) {
    status = apply_one(*record, answers);
    if (!status.is_ok()) break;
  }
  if (status.is_ok()) status = sql::run(commit_.get(), "commit batch");
  if (!status.is_ok()) {
    roll_back();
    answers.clear();
  }
  return status;
}

// Returns not-ok only for a failure that sinks the batch; a record's own failure lands in
// `answers`.
Status BatchCommitter::apply_one(const WebhookRecord& record,
                                 std::vector<Result<StoredAnswer>>& answers) {
  Status status = sql::run(savepoint_.get(), "begin record");
  if (!status.is_ok()) return status;
  auto applied = applier_->apply(record);
  if (applied.is_ok()) {
    answers.push_back(std::move(applied));
    return sql::run(release_.get(), "end record");
  }
  // After some I/O and out-of-space errors SQLite has already rolled the whole transaction
  // back; the batch cannot go on then, whatever the error says.
  if (fails_the_batch(applied.status()) || sqlite3_get_autocommit(db_) != 0) {
    return applied.status();
  }
  status = sql::run(rollback_to_.get(), "undo record");
  if (status.is_ok()) status = sql::run(release_.get(), "end record");
  answers.push_back(std::move(applied));
  return status;
}

void BatchCommitter::roll_back() {
  if (sqlite3_get_autocommit(db_) == 0) sql::run(rollback_.get(), "roll back batch");
}

}  // namespace lanecast::storage
