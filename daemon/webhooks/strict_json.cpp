// parse_json_strict: the byte pre-scan, then cJSON, then the checks that need the tree.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/webhooks/json_path.h"
#include "daemon/webhooks/json_prescan.h"
#include "daemon/webhooks/parser.h"

namespace lanecast::webhooks {
namespace {

// Objects up to this many members are checked for duplicate keys pairwise (no allocation);
// larger ones through a sorted list of keys, so a hostile 100k-member object stays
// O(n log n) instead of O(n^2).
constexpr std::size_t kPairwiseMembers = 16;

const char* type_name(const cJSON* node) {
  if (cJSON_IsArray(node)) return "an array";
  if (cJSON_IsString(node)) return "a string";
  if (cJSON_IsNumber(node)) return "a number";
  if (cJSON_IsBool(node)) return "a boolean";
  if (cJSON_IsNull(node)) return "null";
  return "a value";
}

// Checks a parsed tree: duplicate keys, nesting depth and string sizes. Keeps one scratch
// vector for all large objects of a document.
class TreeCheck {
 public:
  explicit TreeCheck(const JsonLimits& limits) : limits_(limits) {}

  Status walk(const cJSON* node, const JsonPath& path, std::size_t depth) {
    if (cJSON_IsString(node)) return check_size(node->valuestring, path, "string");
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node)) return Status::ok();
    if (depth > limits_.max_depth)
      return invalid("nesting deeper than " + std::to_string(limits_.max_depth) + " levels", path);
    if (cJSON_IsObject(node)) {
      Status keys = check_keys(node, path);
      if (!keys.is_ok()) return keys;
    }
    std::size_t index = 0;
    for (const cJSON* child = node->child; child != nullptr; child = child->next, ++index) {
      const JsonPath child_path =
          cJSON_IsObject(node) ? path.member(child->string) : path.element(index);
      Status status = walk(child, child_path, depth + 1);
      if (!status.is_ok()) return status;
    }
    return Status::ok();
  }

 private:
  static Status invalid(const std::string& what, const JsonPath& path) {
    return Status::invalid_input(what + " at " + path.to_jsonpath());
  }

  Status check_size(const char* text, const JsonPath& path, const char* what) const {
    const std::size_t size = std::strlen(text);
    if (size <= limits_.max_string_bytes) return Status::ok();
    return invalid(std::string(what) + " longer than " + std::to_string(limits_.max_string_bytes) +
                       " bytes",
                   path);
  }

  Status check_keys(const cJSON* object, const JsonPath& path) {
    std::size_t members = 0;
    for (const cJSON* child = object->child; child != nullptr; child = child->next, ++members) {
      Status size = check_size(child->string, path, "key");
      if (!size.is_ok()) return size;
    }
    const char* duplicate =
        members <= kPairwiseMembers ? duplicate_pairwise(object) : duplicate_sorted(object);
    if (duplicate == nullptr) return Status::ok();
    return invalid("duplicate key '" + printable_excerpt(duplicate, 64) + "'", path);
  }

  static const char* duplicate_pairwise(const cJSON* object) {
    for (const cJSON* a = object->child; a != nullptr; a = a->next)
      for (const cJSON* b = a->next; b != nullptr; b = b->next)
        if (std::strcmp(a->string, b->string) == 0) return a->string;
    return nullptr;
  }

  const char* duplicate_sorted(const cJSON* object) {
    keys_.clear();
    for (const cJSON* child = object->child; child != nullptr; child = child->next)
      keys_.emplace_back(child->string);
    std::sort(keys_.begin(), keys_.end());
    const auto same = std::adjacent_find(keys_.begin(), keys_.end());
    return same == keys_.end() ? nullptr : same->data();
  }

  const JsonLimits& limits_;
  std::vector<std::string_view> keys_;
};

Result<JsonPtr> parse_with_cjson(std::string_view body) {
  JsonDocument document = json_parse_document(body);
  switch (document.problem) {
    case JsonDocument::Problem::kNone:
      return std::move(document.root);
    case JsonDocument::Problem::kInvalid:
      return Status::invalid_input("invalid JSON at byte " + std::to_string(document.offset));
    case JsonDocument::Problem::kTrailingData:
      break;
  }
  return Status::invalid_input("trailing data after the JSON value at byte " +
                               std::to_string(document.offset));
}

}  // namespace

Result<JsonPtr> parse_json_strict(std::string_view body, const JsonLimits& limits) {
  if (std::all_of(body.begin(), body.end(), is_json_whitespace))
    return Status::invalid_input("empty body");
  Status scanned = prescan_json(body, limits.max_depth);
  if (!scanned.is_ok()) return scanned;
  Result<JsonPtr> root = parse_with_cjson(body);
  if (!root.is_ok()) return root;
  if (!cJSON_IsObject(root->get()))
    return Status::invalid_input(std::string("top level must be an object, not ") +
                                 type_name(root->get()));
  Status checked = TreeCheck(limits).walk(root->get(), JsonPath(), 1);
  if (!checked.is_ok()) return checked;
  return root;
}

}  // namespace lanecast::webhooks
