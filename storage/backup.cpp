#include "storage/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "daemon/core/unique_fd.h"
#include "storage/database.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {


Status errno_status(const std::string& what) {
  const int error = errno;
  std::string message = what + ": " + std::strerror(error);
  if (error == ENOSPC || error == EDQUOT) return Status::storage_full(message);
  return Status::io_error(message);
}

// Flushes a file (or, opened as a directory, the names in it) to stable storage.
Status fsync_path(const std::string& path, bool directory) {
  const int flags = O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0);
  UniqueFd fd(::open(path.c_str(), flags));
  if (fd.get() < 0) return errno_status("open " + path);
  if (::fsync(fd.get()) != 0) return errno_status("fsync " + path);
  return Status::ok();
}

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status copy_pages(sqlite3* source, const std::string& target) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(target.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           nullptr);
  SqlitePtr copy(raw);
  if (rc != SQLITE_OK) return status_from_sqlite(rc, copy.get(), "open backup copy");
  sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source, "main");
  if (backup == nullptr) {
    return status_from_sqlite(sqlite3_errcode(copy.get()), copy.get(), "start backup");
  }
  rc = sqlite3_backup_step(backup, -1);
  const int finish_rc = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return status_from_sqlite(rc, nullptr, "copy pages to backup");
  if (finish_rc != SQLITE_OK) return status_from_sqlite(finish_rc, copy.get(), "finish backup");
  // The pages carry the source's WAL flag; a rollback-journal copy is one self-contained
  // file, which is what a backup should be.
  return sql::exec(copy.get(), "PRAGMA journal_mode=DELETE", "backup journal mode");
}

Status verify_copy(const std::string& target, int expected_version) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(target.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  SqlitePtr copy(raw);
  if (rc != SQLITE_OK) return status_from_sqlite(rc, copy.get(), "open backup to verify");
  auto check = sql::prepare(copy.get(), "PRAGMA integrity_check", false);
  if (!check.is_ok()) return check.status();
  const int step = sqlite3_step(check->get());
  if (step != SQLITE_ROW) return status_from_sqlite(step, copy.get(), "verify backup");
  const std::string verdict = sql::column_text(check->get(), 0);
  if (verdict != "ok") return Status::corrupt("backup " + target + " fails its check: " + verdict);
  auto version = sql::query_int(copy.get(), "PRAGMA user_version");
  if (!version.is_ok()) return version.status();
  if (*version != expected_version) {
    return Status::corrupt("backup " + target + " has schema version " +
                           std::to_string(*version) + ", expected " +
                           std::to_string(expected_version));
  }
  return Status::ok();
}

}  // namespace

std::string backup_path(const std::string& db_path, int version) {
  return db_path + ".v" + std::to_string(version) + ".bak";
}

Status backup_database(sqlite3* source, const std::string& destination, int expected_version) {
  const std::string target = destination + ".tmp";
  // A copy left over by an interrupted attempt is incomplete by definition.
  ::unlink(target.c_str());
  ::unlink((target + "-journal").c_str());
  Status status = copy_pages(source, target);
  if (status.is_ok()) status = fsync_path(target, false);
  if (status.is_ok()) status = verify_copy(target, expected_version);
  if (status.is_ok() && std::rename(target.c_str(), destination.c_str()) != 0) {
    status = errno_status("rename " + target);
  }
  if (!status.is_ok()) {
    ::unlink(target.c_str());
    return status;
  }
  return fsync_path(directory_of(destination), true);
}

}  // namespace lanecast::storage
