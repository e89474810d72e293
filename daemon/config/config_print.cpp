// --print-config and --print-sample-config: both walk the key table, section by section.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/config_table.h"

namespace lanecast::config {
namespace {

constexpr std::size_t kCommentWidth = 78;

// Quotes a value the reader would otherwise change: surrounding spaces are trimmed and one
// pair of surrounding quotes is removed.
std::string quoted_if_needed(const std::string& value) {
  bool padded = !value.empty() && (value.front() == ' ' || value.back() == ' ' ||
                                   value.front() == '\t' || value.back() == '\t');
  bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
  return padded || quoted ? "\"" + value + "\"" : value;
}

std::string assignment(std::string_view local_name, const std::string& value) {
  std::string line(local_name);
  line += " =";
  if (!value.empty()) line += " " + quoted_if_needed(value);
  return line + "\n";
}

// "# " + text, wrapped at word boundaries.
std::string comment(std::string_view text) {
  std::string out;
  std::string line = "#";
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    std::string_view word = text.substr(start, space - start);
    if (line.size() > 1 && line.size() + 1 + word.size() > kCommentWidth) {
      out += line + "\n";
      line = "#";
    }
    line += " ";
    line += word;
    start = space + 1;
  }
  return out + line + "\n";
}

std::string section_header(const Key& key, std::string_view& current) {
  if (key.section() == current) return "";
  current = key.section();
  return "\n[" + std::string(current) + "]\n";
}

std::string printed_key(const Config& config, const Key& key) {
  if (!key.is_secret()) return assignment(key.local_name(), format_value(config, key));
  std::size_t count = 0;
  if (auto member = std::get_if<std::vector<std::string> Config::*>(&key.field)) {
    count = (config.**member).size();
  }
  return "# " + std::string(key.local_name()) + ": " + std::to_string(count) +
         " token(s) configured, not shown\n";
}

constexpr std::size_t kLongDefault = 60;

std::string sample_key(const Key& key) {
  std::string out = "\n" + comment(key.help);
  if (key.type != KeyType::kString) out += comment("Type: " + describe_type(key) + ".");
  // A default too long for one comment line is shown by the commented assignment alone.
  if (key.default_text.size() <= kLongDefault)
    out += key.default_text.empty() ? "# Default: empty\n"
                                    : "# Default: " + std::string(key.default_text) + "\n";
  out += "#" + assignment(key.local_name(), std::string(key.default_text));
  return out;
}

constexpr std::string_view kSampleHeader =
    "# lanecast configuration: every key with its default, commented out.\n"
    "#\n"
    "# Read in this order, later sources overriding earlier ones: the built-in defaults,\n"
    "# /etc/lanecast/lanecast.conf, /etc/lanecast/lanecast.conf.d/*.conf (in lexical\n"
    "# order), each --config FILE, each --set section.key=value. Rather than editing this\n"
    "# file, put your changes in a drop-in such as lanecast.conf.d/50-local.conf.\n"
    "#\n"
    "# Format: \"[section]\" headers, \"key = value\" lines, '#' or ';' comment lines.\n"
    "# Quotes around a value are optional. A '#' after a value is part of the value.\n"
    "# Check a configuration with: lanecastd --check-config\n";

}  // namespace

std::string print_config(const Config& config) {
  std::string out = "# lanecast configuration in effect (lanecastd --print-config)\n";
  std::string_view section;
  for (const Key& key : config_keys()) {
    out += section_header(key, section);
    out += printed_key(config, key);
  }
  out += "\n# Tokens in effect, token files included: " +
         std::to_string(config.webhook_tokens().size()) + " webhook, " +
         std::to_string(config.staff_tokens().size()) + " staff.\n";
  return out;
}

std::string sample_config() {
  std::string out(kSampleHeader);
  std::string_view section;
  for (const Key& key : config_keys()) {
    out += section_header(key, section);
    out += sample_key(key);
  }
  return out;
}

}  // namespace lanecast::config
