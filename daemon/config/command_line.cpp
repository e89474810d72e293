// lanecastd's options: one table row each, read by both the parser and --help.
#include <string>
#include <string_view>

#include "daemon/config/config.h"

namespace lanecast::config {
namespace {

struct Option {
  std::string_view name;        // "--config"
  std::string_view short_name;  // "-h", or ""
  std::string_view value_name;  // "FILE"; "" for a flag
  std::string_view help;
  void (*apply)(CommandLine& line, std::string value);
};

constexpr Option kOptions[] = {
    {"--config", "", "FILE", "also read FILE, after the config directory (repeatable)",
     [](CommandLine& l, std::string v) { l.load.files.push_back(std::move(v)); }},
    {"--config-dir", "", "DIR", "read DIR/lanecast.conf{,.d/*.conf} (default /etc/lanecast)",
     [](CommandLine& l, std::string v) { l.load.config_dir = std::move(v); }},
    {"--set", "", "SECTION.KEY=VALUE", "set one key, over every file (repeatable)",
     [](CommandLine& l, std::string v) { l.load.overrides.push_back(std::move(v)); }},
    {"--check-config", "", "", "check the configuration and token files, then exit",
     [](CommandLine& l, std::string) { l.check_config = true; }},
    {"--print-config", "", "", "print the configuration in effect (never tokens), then exit",
     [](CommandLine& l, std::string) { l.print_config = true; }},
    {"--print-sample-config", "", "", "print every key with its default and help, then exit",
     [](CommandLine& l, std::string) { l.print_sample = true; }},
    {"--version", "", "", "print the version, then exit",
     [](CommandLine& l, std::string) { l.version = true; }},
    {"--help", "-h", "", "print this help, then exit",
     [](CommandLine& l, std::string) { l.help = true; }},
};

const Option* find_option(std::string_view name) {
  for (const Option& option : kOptions) {
    if (option.name == name || (!option.short_name.empty() && option.short_name == name)) {
      return &option;
    }
  }
  return nullptr;
}

// Applies argv[index] (and the value after it when needed); advances index past them.
Status apply_argument(CommandLine& line, int argc, char** argv, int& index) {
  std::string_view argument = argv[index++];
  if (!argument.starts_with("-")) {
    return Status::invalid_input("unexpected argument \"" + std::string(argument) + "\"");
  }
  std::size_t equals = argument.starts_with("--") ? argument.find('=') : std::string_view::npos;
  std::string name(argument.substr(0, equals));
  const Option* option = find_option(name);
  if (option == nullptr) return Status::invalid_input("unknown option " + name);
  if (option->value_name.empty()) {
    if (equals != std::string_view::npos) {
      return Status::invalid_input("option " + name + " takes no value");
    }
    option->apply(line, {});
    return Status::ok();
  }
  std::string value;
  if (equals != std::string_view::npos) {
    value = argument.substr(equals + 1);
  } else if (index < argc) {
    value = argv[index++];
  }
  if (value.empty()) {
    return Status::invalid_input("option " + name + " needs " +
                                 std::string(option->value_name));
  }
  option->apply(line, std::move(value));
  return Status::ok();
}

}  // namespace

Result<CommandLine> parse_command_line(int argc, char** argv) {
  CommandLine line;
  int index = 1;
  while (index < argc) {
    Status status = apply_argument(line, argc, argv, index);
    if (!status.is_ok()) return status;
  }
  return line;
}

std::string usage_text() {
  std::string text =
      "Usage: lanecastd [OPTION]...\n"
      "Receives AiFi OASIS webhooks, stores each one in SQLite, prices carts and drives\n"
      "the in-store displays.\n\nOptions:\n";
  for (const Option& option : kOptions) {
    std::string left = "  ";
    if (!option.short_name.empty()) left += std::string(option.short_name) + ", ";
    left += option.name;
    if (!option.value_name.empty()) left += " " + std::string(option.value_name);
    left.resize(std::max<std::size_t>(left.size() + 2, 30), ' ');
    text += left + std::string(option.help) + "\n";
  }
  return text;
}

}  // namespace lanecast::config
