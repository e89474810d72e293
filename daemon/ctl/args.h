// lanecastctl's command line: global options anywhere, a command, then that command's
// options and arguments.
//
//   lanecastctl [global options] COMMAND [options] [ARGUMENTS]
//
// Options are "--name VALUE", "--name=VALUE" or, for flags, "--name"; "-h" is "--help".
// "--" ends the options. Each command declares its options in a table (OptionSpec), which
// also makes its --help text.
//
// Thread: any; no state.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::ctl {

struct OptionSpec {
  std::string_view name;        // "limit" for --limit
  std::string_view value_name;  // "N"; empty for a flag
  std::string_view help;
};

class Args {
 public:
  std::string command;                   // "" when none was given
  std::vector<std::string> positionals;  // after the command, in order

  bool has(std::string_view name) const;
  // The last value given for an option, or nullptr.
  const std::string* value(std::string_view name) const;
  // Every value given for a repeatable option, in order.
  std::vector<std::string> values(std::string_view name) const;
  std::string text(std::string_view name, std::string_view fallback) const;
  // The option as an integer in [min, max], or `fallback` when absent; invalid_input names
  // the option when it is not one.
  Result<std::int64_t> integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) const;

  void add(std::string name, std::string value) { given_.emplace_back(std::move(name), std::move(value)); }

 private:
  std::vector<std::pair<std::string, std::string>> given_;  // in command-line order
};

// `text` as an integer in [min, max]; invalid_input naming `what` otherwise.
Result<std::int64_t> parse_integer_value(std::string_view what, std::string_view text, std::int64_t min,
                                         std::int64_t max);

// Which options a command takes; an empty span for an unknown command.
using OptionsOf = std::span<const OptionSpec> (*)(std::string_view command);

// Parses argv[1..]. An unknown option, a flag given a value, or an option missing its value
// is invalid_input naming it.
Result<Args> parse_args(int argc, const char* const* argv, std::span<const OptionSpec> global,
                        OptionsOf options_of);

// "  --name VALUE  help" lines, aligned.
std::string options_help(std::span<const OptionSpec> options);

// A point in time for --since: an ISO-8601 timestamp ("2026-11-28T10:15:00Z"), a date
// ("2026-11-28", midnight UTC), or an age back from `now_us` ("90s", "15m", "2h", "7d").
Result<std::int64_t> parse_since(std::string_view text, std::int64_t now_us);

}  // namespace lanecast::ctl
