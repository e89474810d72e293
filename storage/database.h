// Opening the lanecast SQLite file: pragmas, schema checks and migrations.
//
// Thread: whoever constructs it; a Connection is then used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <span>
#include <string>

#include "daemon/core/status.h"
#include "storage/schema.h"

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

// Maps an SQLite result code (primary or extended) to a Status kind: SQLITE_FULL ->
// storage_full, SQLITE_IOERR* / SQLITE_CANTOPEN / SQLITE_READONLY / SQLITE_PERM -> io_error,
// SQLITE_BUSY/LOCKED -> busy, SQLITE_CORRUPT/NOTADB -> corrupt, a UNIQUE or PRIMARY KEY
// constraint -> conflict, any other constraint or SQLITE_TOOBIG -> invalid_input, the rest
// (SQL errors, misuse, out of memory) -> internal. SQLITE_OK/ROW/DONE -> ok.
// The message is "<what>: <SQLite's message>", taken from `db` when it holds this error.
Status status_from_sqlite(int code, sqlite3* db, const char* what);

struct OpenOptions {
  std::string path;
  int busy_timeout_ms = 5000;
  bool read_only = false;
};

// Opens the file read-write (creating it) with WAL, synchronous=FULL, foreign keys, the busy
// timeout and wal_autocheckpoint off (checkpoints run on their own thread). The
// application_id and version checks come first, before anything is written, so a refused file
// is left exactly as it was: a non-empty file without lanecast's id is refused as corrupt.
// Then quick_check, and migration of user_version up to current_schema_version() in ONE
// transaction. A file whose user_version is newer than this binary is refused as unsupported.
// Before migrating an existing, non-empty database the old file is copied beside it with the
// SQLite backup API (<path>.v<old>.bak), fsynced and verified.
// read_only: opens an existing file for reads only; no migration, no checks beyond the
// application id and version (which must then be exactly current_schema_version()).
// Failures: io_error (cannot open or write the file; a missing file when read_only),
// corrupt (not an SQLite file, another application's file, fails quick_check),
// unsupported (schema newer than this binary; or older, when read_only), and whatever a
// failed migration step or backup reports (the file is then left at its old version).
// Connections use extended result codes and SQLITE_OPEN_NOMUTEX: one thread at a time.
Result<SqlitePtr> open_database(const OpenOptions& options);

// The same with an explicit list of migration steps instead of schema_migrations(), so
// tests can exercise a step beyond version 1 (the list must start at 1, without gaps).
Result<SqlitePtr> open_database(const OpenOptions& options,
                                std::span<const Migration> migrations);

// A plain connection to a file that open_database() has already prepared: busy timeout and
// extended result codes, no checks, no migration. For the writer's checkpointer thread.
Result<SqlitePtr> open_connection(const std::string& path, bool read_only, int busy_timeout_ms);

}  // namespace lanecast::storage
