#include "daemon/core/json.h"

#include <cstdlib>

namespace lanecast {

std::string json_print(const cJSON* json) {
  char* text = cJSON_PrintUnformatted(json);
  if (text == nullptr) return std::string();
  std::string out(text);
  cJSON_free(text);
  return out;
}

}  // namespace lanecast
