// UTF-8 as RFC 3629 defines it: the one decoder every layer uses, so that a webhook body, a
// certificate's name and a pole display text agree on what counts as a character (no overlong
// forms, no encoded surrogates, nothing beyond U+10FFFF).
//
// Thread: pure functions with no shared state; any thread may call them.
#pragma once

#include <cstddef>
#include <string_view>

namespace lanecast {

// One character read at a position: its code point and byte length, or, when the bytes there
// are not a character, `error` naming why ("truncated UTF-8 sequence", "overlong UTF-8
// sequence", "UTF-8 encoded surrogate", "UTF-8 sequence beyond U+10FFFF", ...) and length 0.
struct Utf8Char {
  char32_t code = 0;
  std::size_t length = 0;
  const char* error = nullptr;
};

// Decodes the character starting at text[pos]; pos must be inside text.
Utf8Char decode_utf8(std::string_view text, std::size_t pos);

}  // namespace lanecast
