#include "daemon/http/request_bytes.h"

#include <string>

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::http::unescape_url;

namespace {
struct Unescaped {
  const char* sent;
  std::string decoded;
};
const Unescaped kCases[] = {
    {"/api/lanes/lane-2/events", "/api/lanes/lane-2/events"},
    {"/api/lanes/lane%2D2", "/api/lanes/lane-2"},
    {"/assets/%2e%2e%2Fetc", "/assets/../etc"},
    {"caf%C3%A9", "caf\xC3\xA9"},
    // A decoded NUL becomes DEL: it cannot end the string early, and is refused as a control byte.
    {"/api/lanes/lane-2%00/events", "/api/lanes/lane-2\x7f/events"},
    {"token%00junk", "token\x7fjunk"},
    {"a%0Ab%1b", "a\nb\x1b"},
    // What is not an escape stays as it is.
    {"100%", "100%"},
    {"%zz%4", "%zz%4"},
    {"%%41", "%A"},
};
}  // namespace

TEST_GROUP(AnEscapedUrl){};

TEST(AnEscapedUrl, IsDecodedInPlaceWithoutANulEndingItEarly) {
  for (const auto& c : kCases) {
    std::string text = c.sent;
    const std::size_t length = unescape_url(nullptr, nullptr, text.data());
    STRCMP_EQUAL_TEXT(c.decoded.c_str(), text.c_str(), c.sent);
    LONGS_EQUAL_TEXT(c.decoded.size(), length, c.sent);
  }
}
