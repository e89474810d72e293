#include "daemon/webhooks/field_reader.h"

#include <cmath>
#include <cstring>

namespace lanecast::webhooks {

void ReadErrors::fail(const JsonPath& path, std::string_view what) {
  if (failed()) return;
  std::string message = path.to_string();
  message += ": ";
  message += what;
  first_ = Status::invalid_input(std::move(message));
}

bool integer_value(const cJSON* value, std::int64_t& out) {
  if (!cJSON_IsNumber(value)) return false;
  const double number = value->valuedouble;
  // The range test comes first so that the conversion below is always defined.
  if (!(std::fabs(number) <= static_cast<double>(kMaxExactInteger))) return false;
  if (std::trunc(number) != number) return false;
  out = static_cast<std::int64_t>(number);
  return true;
}

namespace {

bool named(const cJSON* member, const char* key) {
  return member->string[0] == key[0] && std::strcmp(member->string, key) == 0;
}

}  // namespace

const cJSON* FieldReader::find(const char* key) const {
  // cJSON_GetObjectItemCaseSensitive, starting after the member found last and wrapping
  // round; the first byte is compared before the call to strcmp.
  const cJSON* start = next_ != nullptr ? next_ : object_->child;
  const cJSON* found = nullptr;
  for (const cJSON* member = start; member != nullptr && found == nullptr; member = member->next)
    if (named(member, key)) found = member;
  for (const cJSON* member = object_->child; member != start && found == nullptr;
       member = member->next)
    if (named(member, key)) found = member;
  if (found != nullptr) next_ = found->next;
  return cJSON_IsNull(found) ? nullptr : found;
}

void FieldReader::fail(const char* key, std::string_view what) const {
  errors_.fail(path_.member(key), what);
}

void FieldReader::text(const char* key, std::string& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  if (!cJSON_IsString(value)) return fail(key, "expected a string");
  out = value->valuestring;
}

void FieldReader::required_text(const char* key, std::string& out) const {
  text(key, out);
  if (out.empty()) fail(key, find(key) == nullptr ? "required" : "must not be empty");
}

void FieldReader::text_or_number(const char* key, std::string& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  if (cJSON_IsString(value)) out = value->valuestring;
  else if (cJSON_IsNumber(value)) out = shortest_double_text(value->valuedouble);
  else fail(key, "expected a string or a number");
}

void FieldReader::text_or_integer(const char* key, std::string& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  std::int64_t number = 0;
  if (cJSON_IsString(value)) out = value->valuestring;
  else if (integer_value(value, number)) out = std::to_string(number);
  else fail(key, "expected a string or an integer");
}

void FieldReader::read_text_list(const cJSON* array, const char* key,
                                 std::vector<std::string>& out) const {
  const JsonPath list_path = path_.member(key);
  std::size_t index = 0;
  for (const cJSON* entry = array->child; entry != nullptr; entry = entry->next, ++index) {
    if (!cJSON_IsString(entry)) return errors_.fail(list_path.element(index), "expected a string");
    out.emplace_back(entry->valuestring);
  }
}

void FieldReader::text_list(const char* key, std::vector<std::string>& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  if (!cJSON_IsArray(value)) return fail(key, "expected an array of strings");
  read_text_list(value, key, out);
}

void FieldReader::text_or_text_list(const char* key, std::vector<std::string>& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  if (cJSON_IsString(value)) out.emplace_back(value->valuestring);
  else if (cJSON_IsArray(value)) read_text_list(value, key, out);
  else fail(key, "expected a string or an array of strings");
}

void FieldReader::integer(const char* key, std::optional<std::int64_t>& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  std::int64_t number = 0;
  if (!integer_value(value, number)) return fail(key, "expected an integer");
  out = number;
}

void FieldReader::required_integer(const char* key, std::int64_t& out) const {
  std::optional<std::int64_t> number;
  integer(key, number);
  if (number) out = *number;
  else if (find(key) == nullptr) fail(key, "required");
}

void FieldReader::boolean(const char* key, bool& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  if (!cJSON_IsBool(value)) return fail(key, "expected true or false");
  out = cJSON_IsTrue(value);
}

void FieldReader::money(const char* key, std::optional<MinorUnits>& out) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  Result<MinorUnits> amount = Status::invalid_input("expected a decimal string or a number");
  if (cJSON_IsString(value)) amount = parse_money(value->valuestring, decimals_);
  else if (cJSON_IsNumber(value)) amount = money_from_json_number(value->valuedouble, decimals_);
  if (!amount.is_ok()) return fail(key, amount.status().message());
  out = *amount;
}

void FieldReader::timestamp(const char* key, std::optional<UnixMicros>& out, std::string* text) const {
  const cJSON* value = find(key);
  if (value == nullptr) return;
  if (!cJSON_IsString(value)) return fail(key, "expected an ISO-8601 string");
  Result<UnixMicros> parsed = parse_timestamp(value->valuestring);
  if (!parsed.is_ok()) return fail(key, parsed.status().message());
  out = *parsed;
  if (text != nullptr) *text = value->valuestring;
}

const cJSON* FieldReader::object(const char* key) const {
  const cJSON* value = find(key);
  if (value == nullptr || cJSON_IsObject(value)) return value;
  fail(key, "expected an object");
  return nullptr;
}

const cJSON* FieldReader::array(const char* key) const {
  const cJSON* value = find(key);
  if (value == nullptr || cJSON_IsArray(value)) return value;
  fail(key, "expected an array");
  return nullptr;
}

std::optional<FieldReader> FieldReader::nested(const char* key) const {
  const cJSON* value = object(key);
  if (value == nullptr) return std::nullopt;
  return FieldReader(errors_, value, path_.member(key), decimals_);
}

}  // namespace lanecast::webhooks
