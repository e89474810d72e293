// PEM armour and base64, read line by line with string_views into the caller's text: nothing
// is copied but the base64 of each body, and nothing is read past the text.
#include "daemon/http/pem.h"

#include <utility>

namespace lanecast::http::detail {
namespace {

constexpr std::size_t kMaxLabelLength = 64;

Status invalid(std::string message) { return Status::invalid_input(std::move(message)); }

// Hands out lines without "\n" or "\r\n" and without trailing blanks.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : rest_(text) {}

  bool next(std::string_view& line) {
    if (rest_.empty()) return false;
    const std::size_t end = rest_.find('\n');
    line = rest_.substr(0, end);
    rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view rest_;
  std::size_t number_ = 0;
};

// The label of "-----BEGIN LABEL-----" (kind "BEGIN") or "-----END LABEL-----". Labels are
// short and printable ASCII without '-' (RFC 7468), so they are safe to put in a message.
std::optional<std::string_view> armour_label(std::string_view line, std::string_view kind) {
  constexpr std::string_view kDashes = "-----";
  if (!line.starts_with(kDashes) || !line.ends_with(kDashes)) return std::nullopt;
  line.remove_prefix(kDashes.size());
  if (!line.starts_with(kind) || line.size() < kind.size() + 1 + kDashes.size())
    return std::nullopt;
  line.remove_prefix(kind.size());
  if (line.front() != ' ') return std::nullopt;
  const std::string_view label = line.substr(1, line.size() - 1 - kDashes.size());
  if (label.empty() || label.size() > kMaxLabelLength) return std::nullopt;
  for (const char c : label)
    if (c < ' ' || c > '~' || c == '-') return std::nullopt;
  return label;
}

// Reads from the line after BEGIN up to and including the matching END line.
Result<PemBlock> read_block(LineCursor& lines, std::string_view label) {
  PemBlock block;
  block.label = label;
  block.begin_line = lines.number();
  std::string_view line;
  while (lines.next(line)) {
    if (line.starts_with("-----")) {
      if (armour_label(line, "END") == label) return block;
      return invalid("PEM " + std::string(label) + " block starting" + on_line(block.begin_line) +
                     " is not closed by its END line but by line " +
                     std::to_string(lines.number()));
    }
    // Base64 has no ':', so such a line before any data is a header, and after it bad base64.
    if (block.base64.empty() && line.find(':') != std::string_view::npos) {
      block.headers.push_back(line);
    } else {
      block.base64.append(line);
    }
  }
  return invalid("PEM " + std::string(label) + " block starting" + on_line(block.begin_line) +
                 " has no END line");
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string on_line(std::size_t line) { return " on line " + std::to_string(line); }

Result<std::vector<PemBlock>> scan_pem(std::string_view text) {
  if (text.size() > kMaxPemBytes) return invalid("PEM text is larger than 1 MiB");
  std::vector<PemBlock> blocks;
  LineCursor lines(text);
  std::string_view line;
  while (lines.next(line)) {
    if (!line.starts_with("-----BEGIN")) continue;
    const auto label = armour_label(line, "BEGIN");
    if (!label) return invalid("malformed PEM BEGIN line" + on_line(lines.number()));
    auto block = read_block(lines, *label);
    if (!block.is_ok()) return block.status();
    blocks.push_back(std::move(block.value()));
  }
  return blocks;
}

std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    std::uint32_t quantum = 0;
    int padding = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const int value = base64_value(c);
      if (c == '=' && last && j >= 2) {
        ++padding;
      } else if (value < 0 || padding > 0) {
        return std::nullopt;
      }
      quantum = quantum << 6 | static_cast<std::uint32_t>(value < 0 ? 0 : value);
    }
    out.push_back(static_cast<std::uint8_t>(quantum >> 16));
    if (padding < 2) out.push_back(static_cast<std::uint8_t>(quantum >> 8));
    if (padding < 1) out.push_back(static_cast<std::uint8_t>(quantum));
  }
  return out;
}

}  // namespace lanecast::http::detail
