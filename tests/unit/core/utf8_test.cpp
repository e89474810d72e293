#include "daemon/core/utf8.h"

#include <string>

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::decode_utf8;

TEST_GROUP(AUtf8Character){};

TEST(AUtf8Character, DecodesEveryLengthUpToTheLastCodePoint) {
  const struct {
    std::string text;
    char32_t code;
    std::size_t length;
  } kCases[] = {
      {"A", U'A', 1},           {"\xc2\x80", 0x80, 2},         {"\xc3\xb6", U'ö', 2},
      {"\xe2\x82\xac", U'€', 3}, {"\xef\xbf\xbf", 0xFFFF, 3},  {"\xf0\x90\x80\x80", 0x10000, 4},
      {"\xf4\x8f\xbf\xbf", 0x10FFFF, 4},
  };
  for (const auto& c : kCases) {
    const auto decoded = decode_utf8(c.text, 0);
    CHECK_TEXT(decoded.error == nullptr, c.text.c_str());
    LONGS_EQUAL_TEXT(c.code, decoded.code, c.text.c_str());
    LONGS_EQUAL_TEXT(c.length, decoded.length, c.text.c_str());
  }
}

TEST(AUtf8Character, NamesWhyBytesAreNotACharacter) {
  const struct {
    std::string text;
    const char* error;
  } kCases[] = {
      {"\x80", "UTF-8 continuation byte without a lead byte"},
      {"\xc0\xaf", "overlong UTF-8 sequence"},
      {"\xe0\x80\xaf", "overlong UTF-8 sequence"},
      {"\xf0\x80\x80\xaf", "overlong UTF-8 sequence"},
      {"\xed\xa0\x80", "UTF-8 encoded surrogate"},
      {"\xf4\x90\x80\x80", "UTF-8 sequence beyond U+10FFFF"},
      {"\xf5\x80\x80\x80", "UTF-8 byte beyond U+10FFFF"},
      {"\xe2\x82", "truncated UTF-8 sequence"},
      {"\xe2\x28\xa1", "truncated UTF-8 sequence"},
      {"\xf0\x90\x28\x80", "truncated UTF-8 sequence"},
  };
  for (const auto& c : kCases) {
    const auto decoded = decode_utf8(c.text, 0);
    CHECK_TEXT(decoded.error != nullptr, c.error);
    STRCMP_EQUAL(c.error, decoded.error);
    LONGS_EQUAL(0, decoded.length);
  }
}
