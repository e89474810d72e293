#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "daemon/ctl/commands.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {
namespace {

constexpr OptionSpec kGlobalOptions[] = {
    {"url", "URL", "the daemon to talk to, http:// or https:// (default http://127.0.0.1:8080, or $LANECAST_URL)"},
    {"cacert", "FILE", "for https: trust the CA certificates in FILE (PEM) instead of the system's"},
    {"token", "TOKEN", "webhook bearer token for simulate and replay ($LANECAST_TOKEN)"},
    {"staff-token", "TOKEN", "staff token for the read API off loopback ($LANECAST_STAFF_TOKEN)"},
    {"db", "FILE", "the database, for commands that read it (default /var/lib/lanecast/lanecast.db, or $LANECAST_DB)"},
    {"json", "", "print one JSON document instead of tables, for scripts"},
    {"decimals", "N", "decimal places of the store's currency, for amounts shown (default 2)"},
    {"timeout", "SECONDS", "deadline of each HTTP request (default 10)"},
    {"help", "", "show help (-h); \"lanecastctl COMMAND --help\" for one command"},
    {"version", "", "print lanecastctl's version"},
};

std::span<const OptionSpec> options_of(std::string_view name) {
  const Command* command = find_command(name);
  return command != nullptr ? command->options : std::span<const OptionSpec>();
}

std::string general_help() {
  std::string text =
      "lanecastctl: see what lanecastd received and answered, drive it with simulated shopping\n"
      "trips, and back up, export and replay its database.\n\n"
      "usage: lanecastctl [global options] COMMAND [options] [ARGUMENTS]\n\ncommands:\n";
  Table table({"", ""});
  for (const Command* command : all_commands()) table.add_row({"  " + std::string(command->name), std::string(command->summary)});
  const std::string rows = table.render();
  text += rows.substr(rows.find('\n') + 1);
  text += "\nglobal options (before or after the command):\n" + options_help(kGlobalOptions);
  text += "\nAmounts are shown with --decimals places; --json carries exact integer minor units too.\n"
          "Exit status: 0 done, 1 failed (or, for status, the daemon is degraded), 2 bad usage.\n"
          "\"lanecastctl COMMAND --help\" describes one command.\n";
  return text;
}

std::string command_help(const Command& command) {
  std::string text = "usage: lanecastctl " + std::string(command.synopsis) + "\n\n" +
                     std::string(command.summary) + ".\n\n" + std::string(command.details);
  if (!command.options.empty()) text += "\noptions:\n" + options_help(command.options);
  text += "\nglobal options:\n" + options_help(kGlobalOptions);
  return text;
}

std::string from_env(const char* name, std::string_view fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : std::string(fallback);
}

Result<Context> make_context(const Args& args) {
  Context context;
  auto url = parse_url(args.text("url", from_env("LANECAST_URL", kDefaultUrl)));
  if (!url.is_ok()) return url.status();
  context.url = *url;
  context.url.ca_file = args.text("cacert", "");
  // Said here, plainly, rather than as libcurl's "problem with the SSL CA cert" later.
  if (!context.url.ca_file.empty() && ::access(context.url.ca_file.c_str(), R_OK) != 0)
    return Status::invalid_input("cannot read --cacert " + context.url.ca_file + ": " +
                                 std::strerror(errno));
  context.webhook_token = args.text("token", from_env("LANECAST_TOKEN", ""));
  context.staff_token = args.text("staff-token", from_env("LANECAST_STAFF_TOKEN", ""));
  context.db_given = args.has("db") || !from_env("LANECAST_DB", "").empty();
  context.db_path = args.text("db", from_env("LANECAST_DB", kDefaultDb));
  context.json = args.has("json");
  auto decimals = args.integer("decimals", 2, 0, 4);
  if (!decimals.is_ok()) return decimals.status();
  context.decimals = static_cast<int>(*decimals);
  auto timeout = args.integer("timeout", 10, 1, 3600);
  if (!timeout.is_ok()) return timeout.status();
  context.timeout = std::chrono::seconds(*timeout);
  return context;
}

}  // namespace

const Command* find_command(std::string_view name) {
  for (const Command* command : all_commands()) {
    if (command->name == name) return command;
  }
  return nullptr;
}

std::span<const Command* const> all_commands() {
  static const Command* const kCommands[] = {
      &status_command(), &events_command(), &orders_command(),  &order_command(),
      &sessions_command(), &lanes_command(), &simulate_command(), &replay_command(),
      &backup_command(), &export_command(), &check_config_command(),
  };
  return kCommands;
}

int run_lanecastctl(int argc, const char* const* argv) {
  auto args = parse_args(argc, argv, kGlobalOptions, options_of);
  if (!args.is_ok()) return usage_error(args.status().message());
  if (args->has("version")) {
    write_out("lanecastctl " LANECAST_VERSION "\n");
    return kExitOk;
  }
  std::string name = args->command;
  if (name == "help") name = args->positionals.empty() ? "" : args->positionals.front();
  if (name.empty()) {
    if (!args->has("help") && args->command != "help") return usage_error("no command given");
    write_out(general_help());
    return kExitOk;
  }
  const Command* command = find_command(name);
  if (command == nullptr) return usage_error("unknown command '" + name + "'");
  if (args->has("help") || args->command == "help") {
    write_out(command_help(*command));
    return kExitOk;
  }
  auto context = make_context(*args);
  if (!context.is_ok()) return usage_error(context.status().message());
  return command->run(*context, *args);
}

}  // namespace lanecast::ctl
