#include "daemon/core/json.h"

#include <cstdlib>
#include <mutex>

namespace lanecast {
namespace {

std::mutex cjson_parse_mutex;

}  // namespace

JsonDocument json_parse_document(std::string_view text) {
  JsonDocument document;
  const char* end = nullptr;
  {
    std::lock_guard lock(cjson_parse_mutex);
    document.root.reset(cJSON_ParseWithLengthOpts(text.data(), text.size(), &end, false));
  }
  const std::size_t parsed = end == nullptr ? 0 : static_cast<std::size_t>(end - text.data());
  if (!document.root) {
    document.problem = JsonDocument::Problem::kInvalid;
    document.offset = parsed;
    return document;
  }
  for (std::size_t i = parsed; i < text.size(); ++i) {
    if (is_json_whitespace(text[i])) continue;
    document.root.reset();
    document.problem = JsonDocument::Problem::kTrailingData;
    document.offset = i;
    break;
  }
  return document;
}

JsonPtr json_parse(std::string_view text) { return std::move(json_parse_document(text).root); }

std::string json_print(const cJSON* json) {
  char* text = cJSON_PrintUnformatted(json);
  if (text == nullptr) return std::string();
  std::string out(text);
  cJSON_free(text);
  return out;
}

}  // namespace lanecast
