#include "daemon/webhooks/json_path.h"

namespace lanecast::webhooks {
namespace {
constexpr std::size_t kMaxKeyBytes = 64;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

std::string printable_excerpt(std::string_view text, std::size_t max_bytes) {
  std::size_t size = text.size();
  if (size > max_bytes) {
    size = max_bytes;
    while (size > 0 && is_continuation_byte(text[size])) --size;
  }
  std::string out(text.substr(0, size));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  if (size < text.size()) out += "...";
  return out;
}

void JsonPath::append_to(std::string& out) const {
  if (parent_ == nullptr) return;
  parent_->append_to(out);
  if (is_element_) {
    out += '[';
    out += std::to_string(index_);
    out += ']';
    return;
  }
  if (!out.empty()) out += '.';
  out += printable_excerpt(key_, kMaxKeyBytes);
}

std::string JsonPath::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

std::string JsonPath::to_jsonpath() const {
  std::string out = "$";
  append_to(out);
  return out;
}

}  // namespace lanecast::webhooks
