// RAII ownership of cJSON trees and small typed accessors.
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <string>

namespace lanecast {

struct CjsonDeleter {
  void operator()(cJSON* json) const { cJSON_Delete(json); }
};
using JsonPtr = std::unique_ptr<cJSON, CjsonDeleter>;

// Serialises without whitespace; returns "" only if cJSON runs out of memory.
std::string json_print(const cJSON* json);

}  // namespace lanecast
