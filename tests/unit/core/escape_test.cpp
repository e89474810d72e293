#include "daemon/core/escape.h"

#include <CppUTest/TestHarness.h>

#include <string>

using lanecast::escape_control_characters;
using lanecast::EscapeMode;

namespace {
struct Escaped {
  const char* label;
  std::string text;
  const char* field;     // as EscapeMode::kField writes it
  const char* in_text;   // as EscapeMode::kText writes it
};
const Escaped kCases[] = {
    {"plain ASCII", "lane-2 sess_01", "lane-2 sess_01", "lane-2 sess_01"},
    {"UTF-8 letters", "Br\xC3\xB6tchen \xE2\x82\xAC \xF0\x9F\x8D\xBA", "Br\xC3\xB6tchen \xE2\x82\xAC \xF0\x9F\x8D\xBA",
     "Br\xC3\xB6tchen \xE2\x82\xAC \xF0\x9F\x8D\xBA"},
    {"a forged journal line", "x\n<0>FAKE", "x\\n<0>FAKE", "x\n<0>FAKE"},
    {"tab and carriage return", "a\tb\rc", "a\\tb\\rc", "a\tb\\rc"},
    {"a NUL byte", std::string("a\0b", 3), "a\\x00b", "a\\x00b"},
    {"an ANSI colour", "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m", "\\x1b[31mred\\x1b[0m"},
    {"a terminal title write", "\x1b]0;owned\x07", "\\x1b]0;owned\\x07", "\\x1b]0;owned\\x07"},
    {"DEL", "a\x7f", "a\\x7f", "a\\x7f"},
    {"a C1 CSI in UTF-8", "\xC2\x9B" "31m", "\\xc2\\x9b31m", "\\xc2\\x9b31m"},
    {"a lone CSI byte", "\x9B" "31m", "\\x9b31m", "\\x9b31m"},
    {"a cut UTF-8 sequence", "ab\xE2\x82", "ab\\xe2\\x82", "ab\\xe2\\x82"},
    {"an overlong slash", "\xC0\xAF", "\\xc0\\xaf", "\\xc0\\xaf"},
    {"an encoded surrogate", "\xED\xA0\x80", "\\xed\\xa0\\x80", "\\xed\\xa0\\x80"},
    {"a backslash", "C:\\n", "C:\\\\n", "C:\\n"},
    {"no-break space (not C1)", "1\xC2\xA0" "000", "1\xC2\xA0" "000", "1\xC2\xA0" "000"},
};
}  // namespace

TEST_GROUP(ControlCharacters){};

TEST(ControlCharacters, AreEscapedInAFieldAndInLaidOutText) {
  for (const auto& c : kCases) {
    STRCMP_EQUAL_TEXT(c.field, escape_control_characters(c.text).c_str(), c.label);
    STRCMP_EQUAL_TEXT(c.in_text, escape_control_characters(c.text, EscapeMode::kText).c_str(), c.label);
  }
}
