// A location in a JSON document, for error messages: "cart[2].quantity".
//
// Built on the stack while a tree is walked, one level per named variable, and rendered only
// when a message needs it, so the happy path allocates nothing. A JsonPath refers to its
// parent: keep each level alive while its children are in use (never chain temporaries).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lanecast::webhooks {

class JsonPath {
 public:
  JsonPath() = default;  // the root (the top-level object)

  JsonPath member(std::string_view key) const { return JsonPath(this, key, 0, false); }
  JsonPath element(std::size_t index) const { return JsonPath(this, {}, index, true); }

  // "cart[2].quantity"; "" for the root. Keys are cut to 64 bytes and control characters
  // shown as '?', so a hostile key cannot flood or forge log lines.
  std::string to_string() const;
  // "$.cart[2].quantity"; "$" for the root.
  std::string to_jsonpath() const;

 private:
  JsonPath(const JsonPath* parent, std::string_view key, std::size_t index, bool is_element)
      : parent_(parent), key_(key), index_(index), is_element_(is_element) {}
  void append_to(std::string& out) const;

  const JsonPath* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  bool is_element_ = false;
};

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence, control characters
// replaced by '?', for quoting input in messages.
std::string printable_excerpt(std::string_view text, std::size_t max_bytes);

}  // namespace lanecast::webhooks
