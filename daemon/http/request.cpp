#include "daemon/http/request.h"

#include <strings.h>

namespace lanecast::http {

bool is_json_content_type(const char* value) {
  if (value == nullptr) return false;
  constexpr std::string_view kJson = "application/json";
  std::string_view text(value);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (text.size() < kJson.size() || strncasecmp(text.data(), kJson.data(), kJson.size()) != 0)
    return false;
  text.remove_prefix(kJson.size());
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text.empty() || text.front() == ';';
}

}  // namespace lanecast::http
