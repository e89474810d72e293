// The declarative key table: one row per configuration key.
//
// A row says the key's name, its type (and with it how its text is parsed and printed), its
// range or allowed values, its default as text, its help, and the Config member it lands in.
// The file reader, --set, --print-config and the sample file all work from these rows, so
// adding a key is adding a Config member and one row in config_table.cpp.
//
// Thread: any; the table is a compile-time constant.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "daemon/config/config.h"
#include "daemon/core/status.h"

namespace lanecast::config {

enum class KeyType {
  kString,     // free text, constrained by the row's check
  kInteger,    // decimal, min..max
  kByteSize,   // bytes with K/M/G suffixes, min..max
  kDuration,   // seconds with s/min/h units, min..max
  kTokenList,  // comma-separated secrets: never printed
  kEnum,       // one of the row's choices
  kPath,       // file system path; "" when unset
};

// The Config member a key lands in.
using Field = std::variant<std::string Config::*, int Config::*, std::int64_t Config::*,
                           std::vector<std::string> Config::*>;

// An extra rule for a kString value: ok, or invalid_input with the reason.
using StringCheck = Status (*)(std::string_view value);

struct Key {
  std::string_view name;          // "http.listen"
  KeyType type = KeyType::kString;
  Field field;
  std::string_view default_text;  // as it would be written in the file
  std::string_view help;          // one or two sentences, no trailing newline
  std::int64_t min = 0;           // kInteger, kByteSize, kDuration
  std::int64_t max = 0;
  std::span<const std::string_view> choices;  // kEnum
  StringCheck check = nullptr;            // kString

  constexpr std::string_view section() const { return name.substr(0, name.find('.')); }
  constexpr std::string_view local_name() const { return name.substr(name.find('.') + 1); }
  constexpr bool is_secret() const { return type == KeyType::kTokenList; }
};

// A key that was once read and is now ignored: a file that sets it still loads, with a
// notice (Config::notices) saying why the line does nothing.
struct RetiredKey {
  std::string_view name;  // "display.symbol_position"
  std::string_view why;   // "the symbol goes where display.locale puts it"
};
const RetiredKey* find_retired_key(std::string_view name);
// "display.symbol_position is no longer used and is ignored: <why> (remove the line)"
std::string retired_key_notice(const RetiredKey& key);

// Every key, grouped by section, sections in the order the sample file shows them. A
// constant table: no allocation, no initialisation order to worry about.
std::span<const Key> config_keys();
// nullptr when no key has that full name ("http.listen").
const Key* find_key(std::string_view name);
bool is_known_section(std::string_view section);

// Parses `text` by the key's type and rules and stores it in `config`. On failure `config`
// is unchanged and the status is invalid_input with the reason alone (no key, no source).
Status assign_value(Config& config, const Key& key, std::string_view text);

// The member's value as assign_value would read it back ("4M", "15", "a, b"). Token lists
// are joined too: callers that print must check is_secret() first.
std::string format_value(const Config& config, const Key& key);

// The type and range in words, for the sample file: "integer from 1 to 64".
std::string describe_type(const Key& key);

}  // namespace lanecast::config
