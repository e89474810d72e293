#include "daemon/pricing/rules_json.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

namespace lanecast::pricing {
namespace {

bool is_identifier(const char* key) {
  if (*key == '\0' || (*key >= '0' && *key <= '9')) return false;
  for (const char* c = key; *c != '\0'; ++c) {
    const bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    (*c >= '0' && *c <= '9') || *c == '_' || *c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string child_path(const std::string& parent, const char* key) {
  if (is_identifier(key)) return parent + "." + key;
  std::string quoted = parent + "[\"";
  for (const char* c = key; *c != '\0'; ++c) {
    if (*c == '"' || *c == '\\') quoted += '\\';
    quoted += *c;
  }
  return quoted + "\"]";
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

Status path_error(const std::string& path, const std::string& reason) {
  return Status::invalid_input(path + ": " + reason);
}

Status check_unique_keys(const cJSON* object, const std::string& path) {
  std::set<std::string, std::less<>> seen;
  for (const cJSON* item = object->child; item != nullptr; item = item->next)
    if (!seen.insert(item->string).second)
      return path_error(path, std::string("duplicate key '") + item->string + "'");
  return Status::ok();
}

ObjectReader::ObjectReader(const cJSON* object, std::string path)
    : object_(object), path_(std::move(path)) {}

Status ObjectReader::check(std::initializer_list<const char*> allowed) const {
  if (!cJSON_IsObject(object_)) return path_error(path_, "expected an object");
  for (const cJSON* item = object_->child; item != nullptr; item = item->next) {
    const bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* key) {
      return std::strcmp(key, item->string) == 0;
    });
    if (!known) return path_error(path_of(item->string), "unknown key");
  }
  return check_unique_keys(object_, path_);
}

const cJSON* ObjectReader::find(const char* key) const {
  return cJSON_GetObjectItemCaseSensitive(object_, key);
}

Result<const cJSON*> ObjectReader::require(const char* key) const {
  const cJSON* node = find(key);
  if (node == nullptr) return path_error(path_of(key), "missing");
  return node;
}

Status ObjectReader::string(const char* key, bool required, std::string& out) const {
  const cJSON* node = find(key);
  if (node == nullptr) return required ? path_error(path_of(key), "missing") : Status::ok();
  if (!cJSON_IsString(node) || node->valuestring[0] == '\0')
    return path_error(path_of(key), "expected a non-empty string");
  out = node->valuestring;
  return Status::ok();
}

Status ObjectReader::boolean(const char* key, bool required, bool& out) const {
  const cJSON* node = find(key);
  if (node == nullptr) return required ? path_error(path_of(key), "missing") : Status::ok();
  if (!cJSON_IsBool(node)) return path_error(path_of(key), "expected true or false");
  out = cJSON_IsTrue(node) != 0;
  return Status::ok();
}

Status ObjectReader::integer(const char* key, bool required, long long min, long long max,
                             long long& out) const {
  const cJSON* node = find(key);
  if (node == nullptr) return required ? path_error(path_of(key), "missing") : Status::ok();
  const std::string range = " from " + std::to_string(min) + " to " + std::to_string(max);
  // Comparisons only: the double is checked to be a small whole number before conversion.
  if (!cJSON_IsNumber(node) || std::floor(node->valuedouble) != node->valuedouble ||
      node->valuedouble < static_cast<double>(min) || node->valuedouble > static_cast<double>(max))
    return path_error(path_of(key), "expected a whole number" + range);
  out = static_cast<long long>(node->valuedouble);
  return Status::ok();
}

Status ObjectReader::choice(const char* key, bool required,
                            std::initializer_list<const char*> choices, int& out) const {
  const cJSON* node = find(key);
  if (node == nullptr) return required ? path_error(path_of(key), "missing") : Status::ok();
  int index = 0;
  std::string listed;
  for (const char* choice : choices) {
    if (cJSON_IsString(node) && std::strcmp(node->valuestring, choice) == 0) {
      out = index;
      return Status::ok();
    }
    listed += (index++ == 0 ? "\"" : ", \"") + std::string(choice) + "\"";
  }
  return path_error(path_of(key), "expected one of " + listed);
}

Status read_string_list(const cJSON* node, const std::string& path, std::vector<std::string>& out) {
  const char* kExpected = "expected a non-empty string or a non-empty array of them";
  if (cJSON_IsString(node) && node->valuestring[0] != '\0') {
    out.emplace_back(node->valuestring);
    return Status::ok();
  }
  if (!cJSON_IsArray(node) || node->child == nullptr) return path_error(path, kExpected);
  std::size_t index = 0;
  for (const cJSON* item = node->child; item != nullptr; item = item->next, ++index) {
    if (!cJSON_IsString(item) || item->valuestring[0] == '\0')
      return path_error(index_path(path, index), "expected a non-empty string");
    out.emplace_back(item->valuestring);
  }
  return Status::ok();
}

}  // namespace lanecast::pricing
