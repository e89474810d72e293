#include "daemon/ctl/command.h"

#include <cstdio>

#include "daemon/core/escape.h"

#include "daemon/ctl/records_json.h"

namespace lanecast::ctl {

namespace {

void write_exactly(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

void write_out(std::string_view text) { write_exactly(escape_control_characters(text, EscapeMode::kText)); }

// JSON escapes control characters itself, and scripts need the values exactly as stored.
int write_json(const cJSON* json) {
  write_exactly(pretty_json(json));
  return kExitOk;
}

int fail(std::string_view message, int exit_code) {
  const std::string line =
      "lanecastctl: " + escape_control_characters(message, EscapeMode::kText) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  return exit_code;
}

int usage_error(std::string_view message) {
  return fail(std::string(message) + " (see lanecastctl --help)", kExitUsage);
}

Result<std::unique_ptr<storage::ReadQueries>> open_database_for_reading(const Context& context) {
  auto queries = std::make_unique<storage::ReadQueries>(context.db_path);
  Status status = queries->ping();
  if (!status.is_ok()) {
    std::string hint = context.db_given ? "" : " (pass --db FILE, or set $LANECAST_DB)";
    return Status(Status::io_error("cannot read the database " + context.db_path + ": " +
                                   status.message() + hint));
  }
  return queries;
}

}  // namespace lanecast::ctl
