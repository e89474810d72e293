#include "daemon/webhooks/json_prescan.h"

#include <string>
#include <utility>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/core/utf8.h"
#include "daemon/webhooks/json_path.h"

namespace lanecast::webhooks {
namespace {

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Bytes the scan can step over without a decision: printable ASCII other than '"' and backslash
// inside strings; JSON whitespace, ',', ':' and the letters of true/false/null outside them.
struct ByteClasses {
  bool plain_in_string[256] = {};
  bool plain_outside[256] = {};
  constexpr ByteClasses() {
    for (int c = 0x20; c < 0x80; ++c) plain_in_string[c] = c != '"' && c != '\\';
    for (unsigned char c : {' ', '\t', '\n', '\r', ',', ':'}) plain_outside[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) plain_outside[c] = true;
  }
};
constexpr ByteClasses kBytes;

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Where an over-deep container opens, as a JSON path. Only called on that error, over a
// prefix that already passed the scan, so strings there are known to be terminated.
std::string path_at(std::string_view body, std::size_t offset) {
  struct Frame {
    bool array;
    std::size_t index;
    std::string_view key;
  };
  std::vector<Frame> frames;
  bool expect_key = false;
  for (std::size_t i = 0; i < offset; ++i) {
    const char c = body[i];
    if (c == '"') {
      const std::size_t start = ++i;
      while (body[i] != '"') i += body[i] == '\\' ? 2 : 1;
      if (expect_key && !frames.empty()) frames.back().key = body.substr(start, i - start);
      expect_key = false;
    } else if (c == '{' || c == '[') {
      frames.push_back({c == '[', 0, {}});
      expect_key = c == '{';
    } else if ((c == '}' || c == ']') && !frames.empty()) {
      frames.pop_back();
    } else if (c == ',' && !frames.empty()) {
      frames.back().index++;
      expect_key = !frames.back().array;
    }
  }
  std::string out = "$";
  for (const Frame& f : frames)
    out += f.array ? "[" + std::to_string(f.index) + "]" : "." + printable_excerpt(f.key, 64);
  return out;
}

class Prescan {
 public:
  Prescan(std::string_view body, std::size_t max_depth) : body_(body), max_depth_(max_depth) {}

  Status run() {
    while (pos_ < body_.size()) {
      if (kBytes.plain_outside[at(pos_)]) {
        ++pos_;
      } else if (!step()) {
        return std::move(error_);
      }
    }
    return Status::ok();
  }

 private:
  unsigned char at(std::size_t i) const { return static_cast<unsigned char>(body_[i]); }
  bool has(std::size_t count) const { return body_.size() - pos_ >= count; }

  bool fail(const std::string& what, std::size_t offset) {
    error_ = Status::invalid_input(what + " at byte " + std::to_string(offset));
    return false;
  }

  bool too_deep() {
    error_ = Status::invalid_input("nesting deeper than " + std::to_string(max_depth_) +
                                   " levels at " + path_at(body_, pos_) + " (byte " +
                                   std::to_string(pos_) + ")");
    return false;
  }

  // One token or structural byte outside strings.
  bool step() {
    const unsigned char c = at(pos_);
    if (c == '"') return string();
    if (c == '-' || is_digit(c)) return number();
    if (c == '{' || c == '[') {
      if (++depth_ > max_depth_) return too_deep();
    } else if (c == '}' || c == ']') {
      if (depth_ > 0) --depth_;  // an unbalanced close is cJSON's to report
    } else if (c < 0x20 && !is_json_whitespace(c)) {
      return fail("control character outside a string", pos_);
    } else if (c >= 0x80) {
      return fail("non-ASCII byte outside a string", pos_);
    }
    // Letters of true/false/null and stray punctuation are left to cJSON's grammar.
    ++pos_;
    return true;
  }

  bool string() {
    const std::size_t open = pos_++;
    while (pos_ < body_.size()) {
      const unsigned char c = at(pos_);
      if (kBytes.plain_in_string[c]) {
        ++pos_;
      } else if (c == '"') {
        ++pos_;
        return true;
      } else if (c == '\\') {
        if (!escape()) return false;
      } else if (c < 0x20) {
        return fail("control character in a string", pos_);
      } else if (!utf8_sequence()) {
        return false;
      }
    }
    return fail("unterminated string", open);
  }

  // Four hex digits at `offset`, or -1.
  long hex4(std::size_t offset) const {
    if (body_.size() < offset + 4) return -1;
    long value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int digit = hex_value(at(offset + i));
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  bool escape() {
    if (!has(2)) return fail("unterminated string", pos_);
    switch (at(pos_ + 1)) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        pos_ += 2;
        return true;
      case 'u':
        return unicode_escape();
      default:
        return fail("invalid escape in a string", pos_);
    }
  }

  bool unicode_escape() {
    const long unit = hex4(pos_ + 2);
    if (unit < 0) return fail("\\u escape without four hex digits", pos_);
    if (unit == 0) return fail("\\u0000 in a string", pos_);
    if (unit >= 0xDC00 && unit <= 0xDFFF) return fail("unpaired low surrogate escape", pos_);
    if (unit < 0xD800 || unit > 0xDBFF) {
      pos_ += 6;
      return true;
    }
    const bool escaped_next = has(12) && at(pos_ + 6) == '\\' && at(pos_ + 7) == 'u';
    const long low = escaped_next ? hex4(pos_ + 8) : -1;
    if (low < 0xDC00 || low > 0xDFFF) return fail("unpaired high surrogate escape", pos_);
    pos_ += 12;
    return true;
  }

  // One character, by the decoder every layer shares (daemon/core/utf8.h).
  bool utf8_sequence() {
    const Utf8Char c = decode_utf8(body_, pos_);
    if (c.error != nullptr) return fail(c.error, pos_);
    pos_ += c.length;
    return true;
  }

  // RFC 8259 section 6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number() {
    const std::size_t start = pos_;
    if (at(pos_) == '-') ++pos_;
    const bool zero = pos_ < body_.size() && at(pos_) == '0';
    if (zero) ++pos_;
    if (!zero && !skip_digits()) return fail("invalid number", start);
    if (pos_ < body_.size() && at(pos_) == '.') {
      ++pos_;
      if (!skip_digits()) return fail("invalid number", start);
    }
    if (pos_ < body_.size() && (at(pos_) == 'e' || at(pos_) == 'E')) {
      ++pos_;
      if (pos_ < body_.size() && (at(pos_) == '+' || at(pos_) == '-')) ++pos_;
      if (!skip_digits()) return fail("invalid number", start);
    }
    // "01", "1.2.3", "1e5e5": cJSON would read a prefix and carry on.
    if (pos_ < body_.size()) {
      const unsigned char next = at(pos_);
      if (is_digit(next) || next == '.' || next == 'e' || next == 'E' || next == '+' || next == '-')
        return fail("invalid number", start);
    }
    return true;
  }

  // At least one digit.
  bool skip_digits() {
    const std::size_t start = pos_;
    while (pos_ < body_.size() && is_digit(at(pos_))) ++pos_;
    return pos_ > start;
  }

  std::string_view body_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  Status error_;
};

}  // namespace

Status prescan_json(std::string_view body, std::size_t max_depth) {
  return Prescan(body, max_depth).run();
}

}  // namespace lanecast::webhooks
