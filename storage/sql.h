// Small helpers over the SQLite C API, shared by the writer, the reader and migrations.
//
// Internal to storage/. Thread: whichever thread owns the connection the statement belongs to.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "daemon/core/status.h"
#include "storage/database.h"

namespace lanecast::storage::sql {

// Compiles one statement. `persistent` hints SQLite that it will be reused many times (the
// writer's cached statements).
Result<StatementPtr> prepare(sqlite3* db, std::string_view text, bool persistent);

// Runs SQL text that returns no rows (one or more statements).
Status exec(sqlite3* db, const char* text, const char* what);

// Runs a statement that returns no rows to completion, then resets it.
Status run(sqlite3_stmt* statement, const char* what);

// Reads the single integer a statement like "PRAGMA user_version" returns.
Result<std::int64_t> query_int(sqlite3* db, const char* text);

// Resets the statement when it goes out of scope, so a read transaction or a bound text
// never outlives the work that needed it.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) : statement_(statement) {}
  ~ResetOnExit() { sqlite3_reset(statement_); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* statement_;
};

// Steps a statement to its end, handing each row to `take`, and resets it. When `take` returns
// a Status, the first that is not ok stops the steps and is returned.
template <typename Take>
Status each_row(sqlite3_stmt* statement, const char* what, Take take) {
  ResetOnExit reset(statement);
  for (;;) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) return Status::ok();
    if (rc != SQLITE_ROW) return status_from_sqlite(rc, sqlite3_db_handle(statement), what);
    if constexpr (std::is_same_v<decltype(take(statement)), Status>) {
      Status status = take(statement);
      if (!status.is_ok()) return status;
    } else {
      take(statement);
    }
  }
}

// Binds parameters in a chain and keeps the first failure, so a failed bind can never leave
// the previous record's value in place unnoticed. Text and blobs are bound without a copy
// (SQLITE_STATIC): the caller keeps the bytes alive until the statement is reset.
class Binder {
 public:
  explicit Binder(sqlite3_stmt* statement) : statement_(statement) {}
  Binder& text(int index, std::string_view value);
  Binder& text_or_null(int index, std::string_view value);  // "" binds NULL
  Binder& blob(int index, std::string_view bytes);
  Binder& integer(int index, std::int64_t value);
  Binder& optional_integer(int index, std::optional<std::int64_t> value);
  Binder& optional_blob(int index, const std::optional<std::string>& bytes);  // none binds NULL
  int result() const { return rc_; }  // SQLITE_OK or the first failing code

 private:
  Binder& keep(int rc);
  sqlite3_stmt* statement_;
  int rc_ = SQLITE_OK;
};

// Column readers: NULL reads as "" / std::nullopt.
std::string column_text(sqlite3_stmt* statement, int index);
// The column's bytes in place: valid until the statement steps, resets or is finalized.
std::string_view column_bytes(sqlite3_stmt* statement, int index);
std::optional<std::int64_t> column_optional_int(sqlite3_stmt* statement, int index);
inline std::int64_t column_int(sqlite3_stmt* statement, int index) {
  return sqlite3_column_int64(statement, index);
}

}  // namespace lanecast::storage::sql
