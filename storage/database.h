// Opening the lanecast SQLite file: pragmas, schema checks and migrations.
//
// Thread: whoever constructs it; a Connection is then used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "daemon/core/status.h"

namespace lanecast::storage {

// 'LNCS' in ASCII: PRAGMA application_id, so a stranger's SQLite file is refused.
inline constexpr int kApplicationId = 0x4C4E4353;
// The schema version this binary writes (PRAGMA user_version).
int current_schema_version();

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// Maps an SQLite result code to a Status kind: SQLITE_FULL -> storage_full, SQLITE_IOERR* /
// SQLITE_CANTOPEN -> io_error, SQLITE_BUSY/LOCKED -> busy, SQLITE_CORRUPT/NOTADB -> corrupt.
Status status_from_sqlite(int code, sqlite3* db, const char* what);

struct OpenOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  bool read_only = false;
};

// Opens the file read-write (creating it) with WAL, synchronous=FULL, foreign keys, the busy
// timeout and wal_autocheckpoint off (checkpoints run on their own thread). Then:
// application_id check (a non-empty file with another id is refused as corrupt),
// quick_check, and migration of user_version up to current_schema_version() in ONE
// transaction. A file whose user_version is newer than this binary is refused as unsupported.
// Before migrating an existing, non-empty database the old file is copied beside it with the
// SQLite backup API (<path>.v<old>.bak), fsynced and verified.
// read_only: opens an existing file for reads only; no migration, no checks beyond the
// application id and version.
Result<SqlitePtr> open_database(const OpenOptions& options);

}  // namespace lanecast::storage
