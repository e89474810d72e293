#include "daemon/config/token_file.h"

#include <string_view>

#include "daemon/config/config_file.h"
#include "daemon/config/config_values.h"

namespace lanecast::config {

Result<std::vector<std::string>> read_token_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text.is_ok()) return text.status();
  std::vector<std::string> tokens;
  std::string_view rest = *text;
  for (int line_number = 1; !rest.empty(); ++line_number) {
    std::size_t end = rest.find('\n');
    std::string_view line = trim(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (line.empty() || line.front() == '#') continue;
    Status valid = check_token(line);
    if (!valid.is_ok()) {
      return Status::invalid_input(path + ":" + std::to_string(line_number) + ": " +
                                   valid.message());
    }
    tokens.emplace_back(line);
  }
  if (tokens.empty()) return Status::invalid_input(path + ": no tokens");
  return tokens;
}

}  // namespace lanecast::config
