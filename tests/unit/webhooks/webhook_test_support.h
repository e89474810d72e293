// Helpers for the webhook tests: fixture bodies, and copies of them with one member changed.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/webhooks/parser.h"

// CppUTest last: its leak-detecting operator new macros must not reach the standard headers.
#include <CppUTest/TestHarness.h>

namespace lanecast::webhooks::testing {

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(LANECAST_FIXTURES_DIR) + "/" + name, std::ios::binary);
  if (!in) FAIL(("cannot read fixture " + name).c_str());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline JsonTree parse_text(const std::string& body) {
  auto parsed = parse_json_strict(body, JsonLimits{});
  if (!parsed.is_ok()) FAIL(parsed.status().to_string().c_str());
  return std::move(parsed).value();
}

inline JsonTree parse_fixture(const std::string& name) { return parse_text(read_fixture(name)); }

// A parsed tree is read-only (its nodes live in the tree's blocks): a test that edits one in
// place edits a copy of its own.
inline JsonPtr editable_fixture(const std::string& name) {
  return JsonPtr(cJSON_Duplicate(parse_fixture(name).get(), 1));
}

// One step of a path such as "cart[0].quantity": a member name or an array index.
struct Step {
  std::string key;
  int index = -1;
};

inline std::vector<Step> split_path(const std::string& path) {
  std::vector<Step> steps;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '.') ++pos;
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      steps.push_back({"", std::atoi(path.substr(pos + 1, close - pos - 1).c_str())});
      pos = close + 1;
    } else {
      const std::size_t end = std::min(path.find_first_of(".[", pos), path.size());
      steps.push_back({path.substr(pos, end - pos), -1});
      pos = end;
    }
  }
  return steps;
}

inline cJSON* step_into(cJSON* node, const Step& step) {
  cJSON* next = step.index >= 0 ? cJSON_GetArrayItem(node, step.index)
                                : cJSON_GetObjectItemCaseSensitive(node, step.key.c_str());
  if (next == nullptr) FAIL(("test path has no member " + step.key).c_str());
  return next;
}

// A copy of `root` with the member at `path` set to the JSON text `value` (added when absent),
// or removed when `value` is nullptr.
inline JsonPtr with_member(const cJSON* root, const std::string& path, const char* value) {
  JsonPtr copy(cJSON_Duplicate(root, 1));
  const std::vector<Step> steps = split_path(path);
  cJSON* parent = copy.get();
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) parent = step_into(parent, steps[i]);
  const Step& last = steps.back();
  if (value == nullptr) {
    if (last.index >= 0) cJSON_DeleteItemFromArray(parent, last.index);
    else cJSON_DeleteItemFromObjectCaseSensitive(parent, last.key.c_str());
    return copy;
  }
  cJSON* replacement = cJSON_Parse(value);
  if (replacement == nullptr) FAIL((std::string("bad test JSON ") + value).c_str());
  if (last.index >= 0) cJSON_ReplaceItemInArray(parent, last.index, replacement);
  else if (cJSON_GetObjectItemCaseSensitive(parent, last.key.c_str()) != nullptr)
    cJSON_ReplaceItemInObjectCaseSensitive(parent, last.key.c_str(), replacement);
  else cJSON_AddItemToObject(parent, last.key.c_str(), replacement);
  return copy;
}

}  // namespace lanecast::webhooks::testing
