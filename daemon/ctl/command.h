// What every lanecastctl command gets, and how a command is declared.
//
// A command is one row: name, help texts, its option table and the function that runs it.
// The function writes its result to stdout (a table for people, or one JSON document with
// --json), errors to stderr, and returns the process exit code.
//
// Thread: the main thread.
#pragma once

#include <cjson/cJSON.h>

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "daemon/core/status.h"
#include "daemon/ctl/args.h"
#include "daemon/ctl/daemon_url.h"
#include "storage/reader.h"

namespace lanecast::ctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the work failed, or found a problem (status: degraded)
inline constexpr int kExitUsage = 2;    // the command line is wrong

inline constexpr std::string_view kDefaultUrl = "http://127.0.0.1:8080";
inline constexpr std::string_view kDefaultDb = "/var/lib/lanecast/lanecast.db";

// The global options, resolved.
struct Context {
  Url url;                    // --url, $LANECAST_URL
  std::string webhook_token;  // --token, $LANECAST_TOKEN: for simulate and replay
  std::string staff_token;    // --staff-token, $LANECAST_STAFF_TOKEN: read API off loopback
  std::string db_path;        // --db, $LANECAST_DB
  bool db_given = false;      // --db or $LANECAST_DB was set
  bool json = false;          // --json
  int decimals = 2;           // --decimals: the store's currency decimals, for display
  std::chrono::milliseconds timeout{10'000};  // --timeout, per HTTP request
};

using CommandRun = int (*)(const Context& context, const Args& args);

struct Command {
  std::string_view name;
  std::string_view synopsis;  // "events [options]"
  std::string_view summary;   // one line, for the command list
  std::string_view details;   // paragraphs for "COMMAND --help"
  std::span<const OptionSpec> options;
  CommandRun run;
};

// Output. Every command ends with one of these.
// Output for people goes through write_out and fail, which escape control characters other
// than line breaks and tabs (core/escape.h, EscapeMode::kText): whatever a webhook stored, no
// escape sequence reaches the terminal. Fields inside a line are escaped where the line is
// built (Table escapes every cell), so a line break in a field cannot start a forged line.
void write_out(std::string_view text);  // stdout
int write_json(const cJSON* json);      // stdout, pretty, one document, exact; returns kExitOk
int fail(std::string_view message, int exit_code = kExitFailure);  // "lanecastctl: message" on stderr
int usage_error(std::string_view message);  // the same, plus a hint to --help; kExitUsage

// The database for the commands that read it: opened read-only, never created. Fails with
// a message naming the file and suggesting --db when it is missing or unreadable.
Result<std::unique_ptr<storage::ReadQueries>> open_database_for_reading(const Context& context);

}  // namespace lanecast::ctl
