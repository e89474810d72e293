// Typed reads of the members of one JSON object, each naming its path when it fails.
//
// Internal to the webhooks layer. Every read follows the same rules: keys are case-sensitive;
// an absent member and `null` leave the output untouched; a member of the wrong type records
// "<path>: expected <type>". The first error of a body wins and is kept in ReadErrors, so a
// parser reads all fields in a row and checks once (and inside loops, to stop early).
//
// Thread: any; a reader and its ReadErrors belong to one parse.
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/status.h"
#include "daemon/core/timestamp.h"
#include "daemon/webhooks/json_path.h"

namespace lanecast::webhooks {

// JSON numbers arrive as doubles: from 2^53 on, the integer AiFi sent can no longer be told
// apart from its neighbours (2^53 + 1 reads as 2^53), so such ids are refused rather than
// silently changed.
inline constexpr std::int64_t kMaxExactInteger = 9'007'199'254'740'991;

class ReadErrors {
 public:
  bool failed() const { return !first_.is_ok(); }
  // Records "<path>: <what>" unless an earlier error is already recorded.
  void fail(const JsonPath& path, std::string_view what);
  Status take() { return std::move(first_); }

 private:
  Status first_;
};

// The integral value of a JSON number within +-kMaxExactInteger; false for anything else.
bool integer_value(const cJSON* value, std::int64_t& out);

class FieldReader {
 public:
  // `object` must be a cJSON object; `path` is where it sits in the body.
  FieldReader(ReadErrors& errors, const cJSON* object, const JsonPath& path, int decimals)
      : errors_(errors), object_(object), path_(path), decimals_(decimals) {}

  ReadErrors& errors() const { return errors_; }
  const JsonPath& path() const { return path_; }
  int decimals() const { return decimals_; }

  // The member, or nullptr when it is absent or null. The object's keys are unique (the
  // strict parser refuses duplicates), so where the search starts cannot change what it finds.
  const cJSON* find(const char* key) const;
  // Records "<path>.<key>: <what>".
  void fail(const char* key, std::string_view what) const;

  void text(const char* key, std::string& out) const;
  // Like text, and "" or absent records "<key>: required".
  void required_text(const char* key, std::string& out) const;
  // A string, or a JSON number kept as its shortest decimal text ("0.19").
  void text_or_number(const char* key, std::string& out) const;
  // A string, or an integer printed without a fraction (7 -> "7").
  void text_or_integer(const char* key, std::string& out) const;
  // An array of strings.
  void text_list(const char* key, std::vector<std::string>& out) const;
  // A single string (one entry) or an array of strings.
  void text_or_text_list(const char* key, std::vector<std::string>& out) const;
  void integer(const char* key, std::optional<std::int64_t>& out) const;
  // Like integer, and absent or null records "<key>: required".
  void required_integer(const char* key, std::int64_t& out) const;
  void boolean(const char* key, bool& out) const;
  // A decimal string ("10.99") or a JSON number (10.99), in minor units of `decimals`.
  void money(const char* key, std::optional<MinorUnits>& out) const;
  // An ISO-8601 string; `text`, when given, receives it exactly as sent.
  void timestamp(const char* key, std::optional<UnixMicros>& out, std::string* text = nullptr) const;

  // The object / array at key; nullptr when absent, null or of another type (recorded).
  const cJSON* object(const char* key) const;
  const cJSON* array(const char* key) const;
  // A reader for the object at key; nullopt as for object(). It refers to this reader's path:
  // use it while this reader is alive.
  std::optional<FieldReader> nested(const char* key) const;

 private:
  void read_text_list(const cJSON* array, const char* key, std::vector<std::string>& out) const;

  ReadErrors& errors_;
  const cJSON* object_;
  JsonPath path_;
  int decimals_;
  // Where find() starts looking: the member after the last one found. Parsers read a line's
  // fields in about the order AiFi sends them, so most lookups match at the first compare
  // instead of walking the object from its start each time.
  mutable const cJSON* next_ = nullptr;
};

}  // namespace lanecast::webhooks
