// Reading a rules file's JSON objects field by field, with JSON paths in every message.
//
// Used only by the rules loader, on whichever thread loads rules. Every failure is
// Status::invalid_input "$.path.to.field: reason"; the loader puts the file name in front.
#pragma once

#include <cjson/cJSON.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::pricing {

// "$.store" + "timeZone" -> "$.store.timeZone"; keys that are not plain identifiers are
// quoted: "$.taxCodes[\"7%\"]".
std::string child_path(const std::string& parent, const char* key);
std::string index_path(const std::string& parent, std::size_t index);
Status path_error(const std::string& path, const std::string& reason);

// One JSON object of the rules file, read field by field after check() has vetted its keys.
class ObjectReader {
 public:
  ObjectReader(const cJSON* object, std::string path);

  // invalid_input unless the node is an object whose keys are all in `allowed`, each once.
  // Unknown keys are reported first, so a misspelt key is named as such.
  Status check(std::initializer_list<const char*> allowed) const;
  const std::string& path() const { return path_; }
  std::string path_of(const char* key) const { return child_path(path_, key); }

  // The member, or nullptr when absent.
  const cJSON* find(const char* key) const;
  // Like find(), but absence is an error ("missing").
  Result<const cJSON*> require(const char* key) const;

  // A non-empty string. `required` false leaves `out` unchanged when the key is absent.
  Status string(const char* key, bool required, std::string& out) const;
  Status boolean(const char* key, bool required, bool& out) const;
  Status integer(const char* key, bool required, long long min, long long max,
                 long long& out) const;
  // One of `choices`; `out` becomes its index.
  Status choice(const char* key, bool required, std::initializer_list<const char*> choices,
                int& out) const;

 private:
  const cJSON* object_;
  std::string path_;
};

// A string, or a non-empty array of non-empty strings, as a list.
Status read_string_list(const cJSON* node, const std::string& path, std::vector<std::string>& out);
// Checks that a map-like object has no duplicate keys.
Status check_unique_keys(const cJSON* object, const std::string& path);

}  // namespace lanecast::pricing
