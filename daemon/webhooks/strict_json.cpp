// parse_json_strict: one pass over the body's bytes that checks and builds the tree together.
//
// Why a reader of our own rather than cJSON_Parse: cJSON 1.7.15 is lax where a webhook must be
// strict (it copies invalid UTF-8 through, decodes \u0000 into a NUL that truncates the string,
// takes any byte below 0x20 as whitespace, reads "01", "1." and "-01" as numbers, keeps
// duplicate keys and recurses to 1000 levels), so it needed a byte scan before it and a tree
// walk after it. And every cJSON_Parse* call writes the library's one process-wide error
// variable (global_error in cJSON.c), so parses had to be serialised under a mutex. This
// reader does the checks of RFC 8259 and RFC 3629 in the same pass that decodes, bounds depth,
// string sizes and duplicate keys as it goes, and keeps all its state on the stack. The tree
// it builds is made of ordinary cJSON nodes held in a JsonTree's blocks (json_tree.h), so the
// typed readers and the mutator's echo keep using cJSON's accessors and our printer.
//
// Numbers are converted as cJSON converts them (strtod on at most 63 bytes, beyond which
// cJSON gives up; whole numbers of up to 15 digits are summed directly, which gives the same
// double), so the echo of an unknown numeric field prints exactly as before.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/core/utf8.h"
#include "daemon/webhooks/json_path.h"
#include "daemon/webhooks/json_tree.h"
#include "daemon/webhooks/parser.h"

namespace lanecast::webhooks {
namespace {

// Objects up to this many members are checked for duplicate keys pairwise (no allocation);
// larger ones through a sorted list of keys, so a hostile 100k-member object stays
// O(n log n) instead of O(n^2).
constexpr std::size_t kPairwiseMembers = 16;
// cJSON reads a number through a 64-byte buffer: a longer one was never accepted.
constexpr std::size_t kMaxNumberBytes = 63;

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Printable ASCII other than '"' and backslash: copied through a string as it is.
struct ByteClasses {
  bool plain_in_string[256] = {};
  constexpr ByteClasses() {
    for (int c = 0x20; c < 0x80; ++c) plain_in_string[c] = c != '"' && c != '\\';
  }
};
constexpr ByteClasses kBytes;

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// FNV-1a: duplicate keys are looked for among hashes; only equal hashes compare the text.
std::uint32_t key_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

const char* type_name(const cJSON* node) {
  if (cJSON_IsArray(node)) return "an array";
  if (cJSON_IsString(node)) return "a string";
  if (cJSON_IsNumber(node)) return "a number";
  if (cJSON_IsBool(node)) return "a boolean";
  if (cJSON_IsNull(node)) return "null";
  return "a value";
}

class Reader {
 public:
  Reader(std::string_view body, const JsonLimits& limits, JsonTree& tree)
      : body_(body), limits_(limits), tree_(tree) {}

  Status run() {
    skip_whitespace();
    cJSON* root = value(JsonPath(), 0);
    if (root == nullptr) return std::move(error_);
    skip_whitespace();
    if (pos_ < body_.size()) {
      unexpected("trailing data after the JSON value");
      return std::move(error_);
    }
    tree_.set_root(root);
    return Status::ok();
  }

 private:
  unsigned char at(std::size_t i) const { return static_cast<unsigned char>(body_[i]); }
  bool has(std::size_t count) const { return body_.size() - pos_ >= count; }

  std::nullptr_t fail(const std::string& what, std::size_t offset) {
    if (error_.is_ok()) error_ = Status::invalid_input(what + " at byte " + std::to_string(offset));
    return nullptr;
  }
  std::nullptr_t fail_at(const std::string& what, const JsonPath& path) {
    if (error_.is_ok()) error_ = Status::invalid_input(what + " at " + path.to_jsonpath());
    return nullptr;
  }
  // A byte where the grammar wants another: named by its class when it can never appear
  // outside a string, else `what` (a grammar error).
  std::nullptr_t unexpected(const char* what) {
    if (pos_ < body_.size()) {
      const unsigned char c = at(pos_);
      if (c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return fail("control character outside a string", pos_);
      if (c >= 0x80) return fail("non-ASCII byte outside a string", pos_);
    }
    return fail(what, pos_);
  }
  std::nullptr_t invalid() { return unexpected("invalid JSON"); }
  std::nullptr_t out_of_memory() {
    if (error_.is_ok()) error_ = Status::internal("out of memory reading a JSON body");
    return nullptr;
  }

  void skip_whitespace() {
    while (pos_ < body_.size() && is_json_whitespace(body_[pos_])) ++pos_;
  }

  // The value at pos_, which sits at `path` inside `depth` containers.
  cJSON* value(const JsonPath& path, std::size_t depth) {
    if (pos_ >= body_.size()) return invalid();
    const unsigned char c = at(pos_);
    if (c == '{' || c == '[') {
      if (depth + 1 > limits_.max_depth) {
        if (error_.is_ok())
          error_ = Status::invalid_input("nesting deeper than " +
                                         std::to_string(limits_.max_depth) + " levels at " +
                                         path.to_jsonpath() + " (byte " + std::to_string(pos_) + ")");
        return nullptr;
      }
      return c == '{' ? object(path, depth + 1) : array(path, depth + 1);
    }
    if (c == '"') {
      std::string_view text;
      if (!string(text)) return nullptr;
      if (text.size() > limits_.max_string_bytes) return too_long("string", path);
      cJSON* node = created(cJSON_String);
      if (node == nullptr) return nullptr;
      node->valuestring = tree_.text(text);
      return node->valuestring != nullptr ? node : out_of_memory();
    }
    if (c == '-' || is_digit(c)) return number();
    if (literal("true")) return created(cJSON_True);
    if (literal("false")) return created(cJSON_False);
    if (literal("null")) return created(cJSON_NULL);
    return invalid();
  }

  cJSON* created(int type) {
    cJSON* node = tree_.node(type);
    return node != nullptr ? node : out_of_memory();
  }

  bool literal(std::string_view word) {
    if (body_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }

  std::nullptr_t too_long(const char* what, const JsonPath& path) {
    return fail_at(std::string(what) + " longer than " + std::to_string(limits_.max_string_bytes) +
                       " bytes",
                   path);
  }

  cJSON* object(const JsonPath& path, std::size_t depth) {
    cJSON* node = created(cJSON_Object);
    if (node == nullptr) return nullptr;
    ++pos_;
    skip_whitespace();
    if (pos_ < body_.size() && body_[pos_] == '}') {
      ++pos_;
      return node;
    }
    std::size_t members = 0;
    std::uint32_t hashes[kPairwiseMembers];
    const char* duplicate = nullptr;
    for (;;) {
      if (pos_ >= body_.size() || body_[pos_] != '"') return invalid();
      std::string_view text;
      if (!string(text)) return nullptr;
      if (text.size() > limits_.max_string_bytes) return too_long("key", path);
      char* key = tree_.text(text);
      if (key == nullptr) return out_of_memory();
      if (members < kPairwiseMembers) {
        hashes[members] = key_hash(text);
        if (duplicate == nullptr) duplicate = earlier_same_key(node, hashes, members, key);
      }
      skip_whitespace();
      if (pos_ >= body_.size() || body_[pos_] != ':') return invalid();
      ++pos_;
      skip_whitespace();
      cJSON* member = value(path.member(std::string_view(key, text.size())), depth);
      if (member == nullptr) return nullptr;
      member->string = key;
      cJSON_AddItemToArray(node, member);  // appends in O(1); keeps the key set above
      ++members;
      skip_whitespace();
      if (pos_ < body_.size() && body_[pos_] == ',') {
        ++pos_;
        skip_whitespace();
        continue;
      }
      if (pos_ < body_.size() && body_[pos_] == '}') break;
      return invalid();
    }
    ++pos_;
    if (members > kPairwiseMembers) duplicate = duplicate_sorted(node);
    if (duplicate != nullptr)
      return fail_at("duplicate key '" + printable_excerpt(duplicate, 64) + "'", path);
    return node;
  }

  cJSON* array(const JsonPath& path, std::size_t depth) {
    cJSON* node = created(cJSON_Array);
    if (node == nullptr) return nullptr;
    ++pos_;
    skip_whitespace();
    if (pos_ < body_.size() && body_[pos_] == ']') {
      ++pos_;
      return node;
    }
    for (std::size_t index = 0;; ++index) {
      cJSON* element = value(path.element(index), depth);
      if (element == nullptr) return nullptr;
      cJSON_AddItemToArray(node, element);
      skip_whitespace();
      if (pos_ < body_.size() && body_[pos_] == ',') {
        ++pos_;
        skip_whitespace();
        continue;
      }
      if (pos_ < body_.size() && body_[pos_] == ']') break;
      return invalid();
    }
    ++pos_;
    return node;
  }

  // The first earlier member (of the `count` before) named `key`, whose hash is hashes[count].
  static const char* earlier_same_key(const cJSON* object, const std::uint32_t* hashes,
                                      std::size_t count, const char* key) {
    const cJSON* member = object->child;
    for (std::size_t i = 0; i < count; ++i, member = member->next)
      if (hashes[i] == hashes[count] && std::strcmp(member->string, key) == 0) return member->string;
    return nullptr;
  }

  const char* duplicate_sorted(const cJSON* object) {
    keys_.clear();
    for (const cJSON* child = object->child; child != nullptr; child = child->next)
      keys_.emplace_back(child->string);
    std::sort(keys_.begin(), keys_.end());
    const auto same = std::adjacent_find(keys_.begin(), keys_.end());
    return same == keys_.end() ? nullptr : same->data();
  }

  // The string at pos_ (an opening quote), decoded: a view of the body's own bytes when they
  // are printable ASCII without escapes (most keys and values), else of text_.
  bool string(std::string_view& out) {
    const std::size_t open = pos_++;
    std::size_t plain = pos_;
    while (plain < body_.size() && kBytes.plain_in_string[at(plain)]) ++plain;
    if (plain < body_.size() && at(plain) == '"') {
      out = body_.substr(pos_, plain - pos_);
      pos_ = plain + 1;
      return true;
    }
    text_.clear();
    while (pos_ < body_.size()) {
      std::size_t run = pos_;
      while (run < body_.size() && kBytes.plain_in_string[at(run)]) ++run;
      text_.append(body_.data() + pos_, run - pos_);
      pos_ = run;
      if (pos_ >= body_.size()) break;
      const unsigned char c = at(pos_);
      if (c == '"') {
        ++pos_;
        out = text_;
        return true;
      }
      if (c == '\\') {
        if (!escape()) return false;
      } else if (c < 0x20) {
        fail("control character in a string", pos_);
        return false;
      } else {
        const Utf8Char decoded = decode_utf8(body_, pos_);
        if (decoded.error != nullptr) {
          fail(decoded.error, pos_);
          return false;
        }
        text_.append(body_.data() + pos_, decoded.length);
        pos_ += decoded.length;
      }
    }
    fail("unterminated string", open);
    return false;
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
    if (!has(2)) {
      fail("unterminated string", pos_);
      return false;
    }
    const char kind = body_[pos_ + 1];
    const char* simple = nullptr;
    switch (kind) {
      case '"': simple = "\""; break;
      case '\\': simple = "\\"; break;
      case '/': simple = "/"; break;
      case 'b': simple = "\b"; break;
      case 'f': simple = "\f"; break;
      case 'n': simple = "\n"; break;
      case 'r': simple = "\r"; break;
      case 't': simple = "\t"; break;
      case 'u': return unicode_escape();
      default:
        fail("invalid escape in a string", pos_);
        return false;
    }
    text_ += *simple;
    pos_ += 2;
    return true;
  }

  bool unicode_escape() {
    const long unit = hex4(pos_ + 2);
    const char* problem = nullptr;
    if (unit < 0) problem = "\\u escape without four hex digits";
    else if (unit == 0) problem = "\\u0000 in a string";
    else if (unit >= 0xDC00 && unit <= 0xDFFF) problem = "unpaired low surrogate escape";
    if (problem != nullptr) {
      fail(problem, pos_);
      return false;
    }
    if (unit < 0xD800 || unit > 0xDBFF) {
      append_utf8(text_, static_cast<unsigned long>(unit));
      pos_ += 6;
      return true;
    }
    const bool escaped_next = has(12) && at(pos_ + 6) == '\\' && at(pos_ + 7) == 'u';
    const long low = escaped_next ? hex4(pos_ + 8) : -1;
    if (low < 0xDC00 || low > 0xDFFF) {
      fail("unpaired high surrogate escape", pos_);
      return false;
    }
    append_utf8(text_, 0x10000 + ((static_cast<unsigned long>(unit) - 0xD800) << 10) +
                           (static_cast<unsigned long>(low) - 0xDC00));
    pos_ += 12;
    return true;
  }

  // RFC 8259 section 6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  cJSON* number() {
    const std::size_t start = pos_;
    const bool negative = at(pos_) == '-';
    if (negative) ++pos_;
    const bool zero = pos_ < body_.size() && at(pos_) == '0';
    if (zero) ++pos_;
    if (!zero && !skip_digits()) return fail("invalid number", start);
    const std::size_t integer_digits = pos_ - start - (negative ? 1 : 0);
    bool whole = true;
    if (pos_ < body_.size() && at(pos_) == '.') {
      whole = false;
      ++pos_;
      if (!skip_digits()) return fail("invalid number", start);
    }
    if (pos_ < body_.size() && (at(pos_) == 'e' || at(pos_) == 'E')) {
      whole = false;
      ++pos_;
      if (pos_ < body_.size() && (at(pos_) == '+' || at(pos_) == '-')) ++pos_;
      if (!skip_digits()) return fail("invalid number", start);
    }
    // "01", "1.2.3", "1e5e5": a prefix is a number, the whole is not.
    if (pos_ < body_.size()) {
      const unsigned char next = at(pos_);
      if (is_digit(next) || next == '.' || next == 'e' || next == 'E' || next == '+' || next == '-')
        return fail("invalid number", start);
    }
    const std::size_t length = pos_ - start;
    if (whole && integer_digits <= 15) {
      // Ids, quantities, whole prices: below 10^15 every integer is a double exactly, so the
      // digits summed give what strtod gives ("-0" included), without its general machinery.
      std::int64_t magnitude = 0;
      for (std::size_t i = pos_ - integer_digits; i < pos_; ++i)
        magnitude = magnitude * 10 + (at(i) - '0');
      cJSON* node = created(cJSON_Number);
      if (node != nullptr) {
        const auto value = static_cast<double>(magnitude);
        set_number(node, negative ? -value : value);
      }
      return node;
    }
    if (length > kMaxNumberBytes) return fail("invalid JSON", start + kMaxNumberBytes);
    char digits[kMaxNumberBytes + 1];
    std::memcpy(digits, body_.data() + start, length);
    digits[length] = '\0';
    cJSON* node = created(cJSON_Number);
    if (node != nullptr) set_number(node, std::strtod(digits, nullptr));
    return node;
  }

  // As cJSON_CreateNumber sets them: valueint is the value saturated to int's range.
  static void set_number(cJSON* node, double value) {
    node->valuedouble = value;
    if (value >= INT_MAX) node->valueint = INT_MAX;
    else if (value <= static_cast<double>(INT_MIN)) node->valueint = INT_MIN;
    else node->valueint = static_cast<int>(value);
  }

  // At least one digit.
  bool skip_digits() {
    const std::size_t start = pos_;
    while (pos_ < body_.size() && is_digit(at(pos_))) ++pos_;
    return pos_ > start;
  }

  std::string_view body_;
  const JsonLimits& limits_;
  JsonTree& tree_;
  std::size_t pos_ = 0;
  Status error_;
  std::string text_;                    // the string being decoded
  std::vector<std::string_view> keys_;  // scratch for large objects' duplicate checks
};

}  // namespace

Result<JsonTree> parse_json_strict(std::string_view body, const JsonLimits& limits) {
  if (std::all_of(body.begin(), body.end(), is_json_whitespace))
    return Status::invalid_input("empty body");
  // Typical bodies need about four bytes of nodes and strings per byte of JSON.
  JsonTree tree(body.size() * 4);
  if (Status read = Reader(body, limits, tree).run(); !read.is_ok()) return read;
  if (!cJSON_IsObject(tree.get()))
    return Status::invalid_input(std::string("top level must be an object, not ") +
                                 type_name(tree.get()));
  return tree;
}

}  // namespace lanecast::webhooks
