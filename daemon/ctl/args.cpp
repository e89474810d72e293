#include "daemon/ctl/args.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "daemon/core/timestamp.h"

namespace lanecast::ctl {
namespace {

const OptionSpec* find_spec(std::span<const OptionSpec> specs, std::string_view name) {
  for (const OptionSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

Result<std::int64_t> parse_plain_integer(std::string_view text) {
  if (text.empty() || text.size() > 19) return Status::invalid_input("not an integer");
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(copy.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE || copy.front() == '+' || copy.front() == ' ') {
    return Status::invalid_input("not an integer");
  }
  return static_cast<std::int64_t>(value);
}

// One "--name[=value]" at argv[*i]; takes the next argument as the value when needed.
Status take_option(int argc, const char* const* argv, int* i, const OptionSpec* spec,
                   std::string_view name, std::string_view inline_value, bool has_inline, Args& args) {
  if (spec == nullptr) return Status::invalid_input("unknown option --" + std::string(name));
  if (spec->value_name.empty()) {
    if (has_inline) return Status::invalid_input("--" + std::string(name) + " takes no value");
    args.add(std::string(name), "");
    return Status::ok();
  }
  if (has_inline) {
    args.add(std::string(name), std::string(inline_value));
    return Status::ok();
  }
  if (*i + 1 >= argc) return Status::invalid_input("--" + std::string(name) + " needs a value");
  args.add(std::string(name), argv[++*i]);
  return Status::ok();
}

}  // namespace

bool Args::has(std::string_view name) const { return value(name) != nullptr; }

const std::string* Args::value(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [key, value] : given_) {
    if (key == name) found = &value;
  }
  return found;
}

std::vector<std::string> Args::values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : given_) {
    if (key == name) out.push_back(value);
  }
  return out;
}

std::string Args::text(std::string_view name, std::string_view fallback) const {
  const std::string* given = value(name);
  return given != nullptr ? *given : std::string(fallback);
}

Result<std::int64_t> parse_integer_value(std::string_view what, std::string_view text, std::int64_t min,
                                         std::int64_t max) {
  auto parsed = parse_plain_integer(text);
  if (!parsed.is_ok() || *parsed < min || *parsed > max) {
    return Status::invalid_input(std::string(what) + " must be an integer from " + std::to_string(min) + " to " +
                                 std::to_string(max) + ", not '" + std::string(text) + "'");
  }
  return *parsed;
}

Result<std::int64_t> Args::integer(std::string_view name, std::int64_t fallback, std::int64_t min,
                                   std::int64_t max) const {
  const std::string* given = value(name);
  if (given == nullptr) return fallback;
  return parse_integer_value("--" + std::string(name), *given, min, max);
}

Result<Args> parse_args(int argc, const char* const* argv, std::span<const OptionSpec> global,
                        OptionsOf options_of) {
  Args args;
  bool options_ended = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool is_option = !options_ended && arg.size() > 1 && arg.front() == '-';
    if (!is_option) {
      if (args.command.empty()) {
        args.command = std::string(arg);
      } else {
        args.positionals.emplace_back(arg);
      }
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg == "-h") {
      args.add("help", "");
      continue;
    }
    if (arg.substr(0, 2) != "--") return Status::invalid_input("unknown option " + std::string(arg));
    const std::string_view body = arg.substr(2);
    const auto equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    const OptionSpec* spec = find_spec(global, name);
    if (spec == nullptr && !args.command.empty()) spec = find_spec(options_of(args.command), name);
    const std::string_view inline_value = equals == std::string_view::npos ? std::string_view() : body.substr(equals + 1);
    Status status = take_option(argc, argv, &i, spec, name, inline_value, equals != std::string_view::npos, args);
    if (!status.is_ok()) return status;
  }
  return args;
}

std::string options_help(std::span<const OptionSpec> options) {
  std::size_t width = 0;
  auto left = [](const OptionSpec& o) {
    return "--" + std::string(o.name) + (o.value_name.empty() ? "" : " " + std::string(o.value_name));
  };
  for (const OptionSpec& o : options) width = std::max(width, left(o).size());
  std::string text;
  for (const OptionSpec& o : options) {
    const std::string l = left(o);
    text += "  " + l + std::string(width - l.size() + 2, ' ') + std::string(o.help) + "\n";
  }
  return text;
}

Result<std::int64_t> parse_since(std::string_view text, std::int64_t now_us) {
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    return parse_timestamp(std::string(text) + "T00:00:00Z");
  }
  if (text.find('T') != std::string_view::npos || text.find('t') != std::string_view::npos) {
    return parse_timestamp(text);
  }
  struct Unit {
    char suffix;
    std::int64_t micros;
  };
  constexpr Unit kUnits[] = {{'s', 1'000'000}, {'m', 60'000'000}, {'h', 3'600'000'000}, {'d', 86'400'000'000}};
  const Status bad = Status::invalid_input("--since wants a timestamp (2026-11-28T10:15:00Z), a date (2026-11-28) or an age (90s, 15m, 2h, 7d), not '" + std::string(text) + "'");
  if (text.size() < 2) return bad;
  const auto* unit = std::find_if(std::begin(kUnits), std::end(kUnits),
                                  [&](const Unit& u) { return u.suffix == text.back(); });
  if (unit == std::end(kUnits)) return bad;
  auto amount = parse_plain_integer(text.substr(0, text.size() - 1));
  if (!amount.is_ok() || *amount < 0 || *amount > 100'000'000'000'000 / unit->micros) return bad;
  return now_us - *amount * unit->micros;
}

}  // namespace lanecast::ctl
