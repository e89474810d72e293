// A verified copy of the database, taken before a migration rewrites it.
//
// Internal to storage/. Thread: the caller of open_database().
#pragma once

#include <sqlite3.h>

#include <string>

#include "daemon/core/status.h"

namespace lanecast::storage {

// "<db_path>.v<version>.bak": the copy of a version `version` database.
std::string backup_path(const std::string& db_path, int version);

// Copies the main database of `source` to `destination` with SQLite's online backup API.
// The copy is written beside it as "<destination>.tmp", fsynced, reopened read-only and
// checked with PRAGMA integrity_check (and its user_version compared with
// `expected_version`), and only then renamed into place and the directory fsynced: so
// `destination` is either untouched or a complete, verified copy.
// Fails with io_error / storage_full when the copy cannot be written, corrupt when it does
// not verify.
Status backup_database(sqlite3* source, const std::string& destination, int expected_version);

}  // namespace lanecast::storage
