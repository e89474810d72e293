#include "storage/sql.h"

namespace lanecast::storage::sql {

Result<StatementPtr> prepare(sqlite3* db, std::string_view text, bool persistent) {
  sqlite3_stmt* raw = nullptr;
  const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  const int rc = sqlite3_prepare_v3(db, text.data(), static_cast<int>(text.size()), flags, &raw,
                                    nullptr);
  StatementPtr statement(raw);
  if (rc != SQLITE_OK) return status_from_sqlite(rc, db, "prepare");
  if (!statement) return Status::internal("prepare: empty SQL text");
  return statement;
}

Status exec(sqlite3* db, const char* text, const char* what) {
  const int rc = sqlite3_exec(db, text, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return status_from_sqlite(rc, db, what);
  return Status::ok();
}

Status run(sqlite3_stmt* statement, const char* what) {
  ResetOnExit reset(statement);
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::ok();
  return status_from_sqlite(rc, sqlite3_db_handle(statement), what);
}

Result<std::int64_t> query_int(sqlite3* db, const char* text) {
  auto statement = prepare(db, text, false);
  if (!statement.is_ok()) return statement.status();
  const int rc = sqlite3_step(statement->get());
  if (rc == SQLITE_ROW) return column_int(statement->get(), 0);
  if (rc == SQLITE_DONE) return Status::internal(std::string("no row from: ") + text);
  return status_from_sqlite(rc, db, text);
}

Binder& Binder::keep(int rc) {
  if (rc_ == SQLITE_OK) rc_ = rc;
  return *this;
}

Binder& Binder::text(int index, std::string_view value) {
  // A non-null pointer even for "", so an empty string binds '' and not NULL.
  const char* data = value.data() != nullptr ? value.data() : "";
  return keep(sqlite3_bind_text64(statement_, index, data, value.size(), SQLITE_STATIC,
                                  SQLITE_UTF8));
}

Binder& Binder::text_or_null(int index, std::string_view value) {
  if (value.empty()) return keep(sqlite3_bind_null(statement_, index));
  return text(index, value);
}

Binder& Binder::blob(int index, std::string_view bytes) {
  if (bytes.empty()) return keep(sqlite3_bind_zeroblob(statement_, index, 0));
  return keep(sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_STATIC));
}

Binder& Binder::optional_blob(int index, const std::optional<std::string>& bytes) {
  if (!bytes) return keep(sqlite3_bind_null(statement_, index));
  return blob(index, *bytes);
}

Binder& Binder::integer(int index, std::int64_t value) {
  return keep(sqlite3_bind_int64(statement_, index, value));
}

Binder& Binder::optional_integer(int index, std::optional<std::int64_t> value) {
  if (!value) return keep(sqlite3_bind_null(statement_, index));
  return integer(index, *value);
}

std::string column_text(sqlite3_stmt* statement, int index) {
  const auto* data = sqlite3_column_blob(statement, index);
  const int size = sqlite3_column_bytes(statement, index);
  if (data == nullptr || size <= 0) return std::string();
  return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string_view column_bytes(sqlite3_stmt* statement, int index) {
  const auto* data = sqlite3_column_blob(statement, index);
  const int size = sqlite3_column_bytes(statement, index);
  if (data == nullptr || size <= 0) return {};
  return {static_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::optional<std::int64_t> column_optional_int(sqlite3_stmt* statement, int index) {
  if (sqlite3_column_type(statement, index) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(statement, index);
}

}  // namespace lanecast::storage::sql
