#include "storage/database.h"

#include <cstdio>

#include "storage/backup.h"
#include "storage/dedupe_key.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

// What the file says about itself before lanecast changes anything in it.
struct Identity {
  std::int64_t application_id = 0;
  std::int64_t user_version = 0;
  std::int64_t schema_objects = 0;
};

// Same kind, with context in front of the message.
Status prefixed(const Status& status, const std::string& prefix) {
  std::string message = prefix + status.message();
  switch (status.kind()) {
    case Status::Kind::kOk: return status;
    case Status::Kind::kInvalidInput: return Status::invalid_input(std::move(message));
    case Status::Kind::kNotFound: return Status::not_found(std::move(message));
    case Status::Kind::kConflict: return Status::conflict(std::move(message));
    case Status::Kind::kBusy: return Status::busy(std::move(message));
    case Status::Kind::kStorageFull: return Status::storage_full(std::move(message));
    case Status::Kind::kIoError: return Status::io_error(std::move(message));
    case Status::Kind::kCorrupt: return Status::corrupt(std::move(message));
    case Status::Kind::kUnsupported: return Status::unsupported(std::move(message));
    case Status::Kind::kInternal: return Status::internal(std::move(message));
  }
  return Status::internal(std::move(message));
}

Result<Identity> read_identity(sqlite3* db) {
  Identity identity;
  auto application_id = sql::query_int(db, "PRAGMA application_id");
  if (!application_id.is_ok()) return application_id.status();
  auto user_version = sql::query_int(db, "PRAGMA user_version");
  if (!user_version.is_ok()) return user_version.status();
  auto objects = sql::query_int(db, "SELECT count(*) FROM sqlite_schema");
  if (!objects.is_ok()) return objects.status();
  identity.application_id = *application_id;
  identity.user_version = *user_version;
  identity.schema_objects = *objects;
  return identity;
}

bool is_blank(const Identity& identity) {
  return identity.user_version == 0 && identity.schema_objects == 0;
}

// Refuses what is not a lanecast database this binary can use, before anything is written.
Status check_identity(const Identity& identity, int target_version, bool read_only,
                      const std::string& path) {
  const bool ours = identity.application_id == kApplicationId;
  if (!ours && !(identity.application_id == 0 && is_blank(identity))) {
    char id[16];
    std::snprintf(id, sizeof id, "0x%08llx",
                  static_cast<unsigned long long>(identity.application_id) & 0xffffffffULL);
    return Status::corrupt(path + " is an SQLite file of another application (application_id " +
                           id + ", " + std::to_string(identity.schema_objects) +
                           " schema objects), not a lanecast database");
  }
  if (identity.user_version == 0 && identity.schema_objects > 0) {
    return Status::corrupt(path + " has tables but no lanecast schema version");
  }
  const std::string found = std::to_string(identity.user_version);
  const std::string supported = std::to_string(target_version);
  if (identity.user_version > target_version) {
    return Status::unsupported(path + " has schema version " + found +
                               ", newer than this lanecast supports (version " + supported +
                               "); run a newer lanecast or restore a backup");
  }
  if (read_only && identity.user_version != target_version) {
    return Status::unsupported(path + " has schema version " + found + ", expected " +
                               supported + "; start lanecastd once to migrate it");
  }
  return Status::ok();
}

Status apply_pragmas(sqlite3* db) {
  auto mode = sql::prepare(db, "PRAGMA journal_mode=WAL", false);
  if (!mode.is_ok()) return mode.status();
  const int rc = sqlite3_step(mode->get());
  if (rc != SQLITE_ROW) return status_from_sqlite(rc, db, "set journal_mode=WAL");
  const std::string got = sql::column_text(mode->get(), 0);
  if (got != "wal") return Status::io_error("the file system refused WAL mode (got " + got + ")");
  // The checkpointer thread checkpoints, so commits never pay for one. A WAL that a long
  // reader (a backup, an export) let grow past its usual 16 MB is cut back to 64 MB when it
  // restarts, instead of keeping its largest size on disk for good.
  return sql::exec(db,
                   "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                   "PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;",
                   "set pragmas");
}

Status quick_check(sqlite3* db) {
  auto check = sql::prepare(db, "PRAGMA quick_check", false);
  if (!check.is_ok()) return check.status();
  const int rc = sqlite3_step(check->get());
  if (rc != SQLITE_ROW) return status_from_sqlite(rc, db, "quick_check");
  const std::string verdict = sql::column_text(check->get(), 0);
  if (verdict != "ok") return Status::corrupt("fails quick_check: " + verdict);
  return Status::ok();
}

Status check_steps(std::span<const Migration> migrations) {
  int expected = 1;
  for (const auto& step : migrations) {
    if (step.version != expected) return Status::internal("migration steps must count up from 1");
    ++expected;
  }
  return Status::ok();
}

Status apply_steps(sqlite3* db, int from, std::span<const Migration> migrations) {
  for (const auto& step : migrations) {
    if (step.version <= from) continue;
    Status status = sql::exec(db, step.sql, "run migration");
    if (!status.is_ok()) {
      return prefixed(status, "migration to v" + std::to_string(step.version) + " (" +
                                  step.description + ") failed: ");
    }
  }
  const std::string stamp = "PRAGMA user_version=" + std::to_string(migrations.back().version) +
                            "; PRAGMA application_id=" + std::to_string(kApplicationId) + ";";
  return sql::exec(db, stamp.c_str(), "stamp schema version");
}

// Rows PRAGMA foreign_key_check reports: references to rows that do not exist.
Result<std::int64_t> foreign_key_violations(sqlite3* db) {
  auto check = sql::prepare(db, "PRAGMA foreign_key_check", false);
  if (!check.is_ok()) return check.status();
  std::int64_t rows = 0;
  int rc;
  while ((rc = sqlite3_step(check->get())) == SQLITE_ROW) ++rows;
  if (rc != SQLITE_DONE) return status_from_sqlite(rc, db, "foreign_key_check");
  return rows;
}

// All steps and the version stamp in ONE transaction: a failure leaves the old version whole.
// Foreign keys are off while the steps run, so a step can rebuild a table others refer to
// (SQLite's way to change a table's constraints: create, copy, drop, rename); before COMMIT
// the references are checked, and a step that left any dangling beyond those already there
// fails the migration.
Status migrate(sqlite3* db, const std::string& path, int from,
               std::span<const Migration> migrations) {
  if (migrations.empty() || from >= migrations.back().version) return Status::ok();
  if (from > 0) {
    Status saved = backup_database(db, backup_path(path, from), from);
    if (!saved.is_ok()) return prefixed(saved, "backup before migration failed: ");
  }
  Status status = sql::exec(db, "PRAGMA foreign_keys=OFF", "turn foreign keys off");
  if (!status.is_ok()) return status;
  status = sql::exec(db, "BEGIN IMMEDIATE", "begin migration");
  if (!status.is_ok()) return status;
  auto dangling_before = foreign_key_violations(db);
  status = dangling_before.status();
  if (status.is_ok()) status = apply_steps(db, from, migrations);
  if (status.is_ok()) {
    auto dangling_after = foreign_key_violations(db);
    status = dangling_after.status();
    if (status.is_ok() && *dangling_after > *dangling_before) {
      status = Status::corrupt("migration left " +
                               std::to_string(*dangling_after - *dangling_before) +
                               " references to missing rows");
    }
  }
  if (status.is_ok()) status = sql::exec(db, "COMMIT", "commit migration");
  if (!status.is_ok() && sqlite3_get_autocommit(db) == 0) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  const Status restored = sql::exec(db, "PRAGMA foreign_keys=ON", "turn foreign keys on");
  return status.is_ok() ? restored : status;
}

const char* describe_flags(bool read_only) { return read_only ? "open read-only" : "open"; }

}  // namespace

int current_schema_version() { return schema_migrations().back().version; }

Status status_from_sqlite(int code, sqlite3* db, const char* what) {
  const int primary = code & 0xff;
  const bool db_holds_it = db != nullptr && (sqlite3_errcode(db) & 0xff) == primary;
  std::string message = std::string(what) + ": " +
                        (db_holds_it ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (primary) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return Status::ok();
    case SQLITE_FULL: return Status::storage_full(std::move(message));
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM: return Status::io_error(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::busy(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::corrupt(std::move(message));
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::conflict(std::move(message));
      }
      return Status::invalid_input(std::move(message));
    case SQLITE_TOOBIG: return Status::invalid_input(std::move(message));
    default: return Status::internal(std::move(message));
  }
}

Result<SqlitePtr> open_connection(const std::string& path, bool read_only, int busy_timeout_ms) {
  const int flags = (read_only ? SQLITE_OPEN_READONLY
                               : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqlitePtr db(raw);  // owned even when opening failed: the handle still needs closing
  if (rc != SQLITE_OK) {
    return prefixed(status_from_sqlite(rc, db.get(), describe_flags(read_only)), path + ": ");
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), busy_timeout_ms);
  return db;
}

Result<SqlitePtr> open_database(const OpenOptions& options) {
  return open_database(options, schema_migrations());
}

Result<SqlitePtr> open_database(const OpenOptions& options,
                                std::span<const Migration> migrations) {
  Status status = check_steps(migrations);
  if (!status.is_ok()) return status;
  auto db = open_connection(options.path, options.read_only, options.busy_timeout_ms);
  if (!db.is_ok()) return db.status();
  auto identity = read_identity(db->get());
  if (!identity.is_ok()) return prefixed(identity.status(), options.path + ": ");
  const int target = migrations.empty() ? 0 : migrations.back().version;
  status = check_identity(*identity, target, options.read_only, options.path);
  if (!status.is_ok()) return status;
  if (options.read_only) return db;

  status = apply_pragmas(db->get());
  if (status.is_ok()) status = register_dedupe_functions(db->get());
  if (status.is_ok()) status = quick_check(db->get());
  if (status.is_ok()) {
    status = migrate(db->get(), options.path, static_cast<int>(identity->user_version),
                     migrations);
  }
  if (!status.is_ok()) return prefixed(status, options.path + ": ");
  return db;
}

}  // namespace lanecast::storage
