// RAII ownership of cJSON trees and small typed accessors.
#pragma once

#include <cjson/cJSON.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace lanecast {

struct CjsonDeleter {
  void operator()(cJSON* json) const { cJSON_Delete(json); }
};
using JsonPtr = std::unique_ptr<cJSON, CjsonDeleter>;

// RFC 8259's four whitespace characters.
constexpr bool is_json_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Every parse goes through these two: cJSON records where each parse failed in one
// process-wide variable, written by every call, so parses on different threads (HTTP, screen
// feed, storage) are serialised here rather than racing on it.

// The tree, or null when `text` is not one JSON value (whitespace around it allowed).
JsonPtr json_parse(std::string_view text);

// The same, saying why not: a value that does not parse (offset: where cJSON gave up) or one
// followed by more than whitespace (offset: the first such byte).
struct JsonDocument {
  enum class Problem { kNone, kInvalid, kTrailingData };
  JsonPtr root;  // null unless problem is kNone
  Problem problem = Problem::kNone;
  std::size_t offset = 0;
};
JsonDocument json_parse_document(std::string_view text);

// Serialises without whitespace; returns "" only if cJSON runs out of memory.
std::string json_print(const cJSON* json);

}  // namespace lanecast
