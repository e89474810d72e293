// lanecastctl backup FILE: a verified online copy of the database while the daemon runs.
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "daemon/ctl/commands.h"
#include "daemon/ctl/progress.h"
#include "daemon/ctl/records_json.h"
#include "daemon/core/timestamp.h"
#include "storage/backup.h"
#include "storage/database.h"

namespace lanecast::ctl {
namespace {

constexpr OptionSpec kOptions[] = {
    {"force", "", "replace FILE if it exists"},
};

std::int64_t file_bytes(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? static_cast<std::int64_t>(info.st_size) : 0;
}

// Shows the copy growing: the backup API writes "<FILE>.tmp" in one go, on this thread's
// caller, so a second thread watches its size.
class CopyWatch {
 public:
  CopyWatch(std::string temp_path, std::int64_t expected_bytes)
      : temp_path_(std::move(temp_path)), progress_("backup", expected_bytes), thread_([this] { watch(); }) {}
  ~CopyWatch() {
    done_ = true;
    thread_.join();
  }
  CopyWatch(const CopyWatch&) = delete;
  CopyWatch& operator=(const CopyWatch&) = delete;

 private:
  void watch() {
    while (!done_) {
      progress_.set(file_bytes(temp_path_));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    progress_.finish();
  }

  std::string temp_path_;
  Progress progress_;  // used on the watching thread only
  std::atomic<bool> done_{false};
  std::thread thread_;  // last: starts once the rest exists
};

int run_backup(const Context& context, const Args& args) {
  if (args.positionals.size() != 1) return usage_error("backup wants one FILE to write");
  const std::string& destination = args.positionals.front();
  struct stat existing {};
  if (::stat(destination.c_str(), &existing) == 0 && !args.has("force")) {
    return fail(destination + " exists; pass --force to replace it");
  }
  auto source = storage::open_database(storage::OpenOptions{context.db_path, 5000, true});
  if (!source.is_ok()) return fail("cannot read the database " + context.db_path + ": " + source.status().message());
  const std::int64_t started = now_micros();
  Status status;
  {
    CopyWatch watch(destination + ".tmp", file_bytes(context.db_path) + file_bytes(context.db_path + "-wal"));
    status = storage::backup_database(source->get(), destination, storage::current_schema_version());
  }
  if (!status.is_ok()) return fail("backup failed, " + destination + " left as it was: " + status.message());
  const std::int64_t elapsed_ms = (now_micros() - started) / 1000;
  const std::int64_t bytes = file_bytes(destination);
  if (context.json) {
    JsonPtr root(cJSON_CreateObject());
    cJSON_AddStringToObject(root.get(), "backup", destination.c_str());
    cJSON_AddStringToObject(root.get(), "source", context.db_path.c_str());
    add_integer(root.get(), "bytes", bytes);
    add_integer(root.get(), "schemaVersion", storage::current_schema_version());
    cJSON_AddStringToObject(root.get(), "integrityCheck", "ok");
    add_integer(root.get(), "elapsedMs", elapsed_ms);
    return write_json(root.get());
  }
  write_out("backup of " + context.db_path + " written to " + destination + ": " + std::to_string(bytes) +
            " bytes, synced to disk, integrity_check ok, schema version " +
            std::to_string(storage::current_schema_version()) + "\n");
  return kExitOk;
}

}  // namespace

const Command& backup_command() {
  static const Command command{
      "backup", "backup FILE [--force]", "an online, fsynced and verified copy of the database",
      "Copies the database (--db) with SQLite's online backup API while the daemon keeps writing:\n"
      "the copy is one consistent moment. It is written beside FILE as FILE.tmp, fsynced, checked\n"
      "with PRAGMA integrity_check, then renamed to FILE and the directory fsynced; only then is it\n"
      "reported done. On any failure FILE is left as it was. The copy is a self-contained file\n"
      "(rollback journal, no WAL) that lanecastd and lanecastctl --db open as they are.\n",
      kOptions, run_backup};
  return command;
}

}  // namespace lanecast::ctl
