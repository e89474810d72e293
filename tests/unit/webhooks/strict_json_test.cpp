#include <cstring>
#include <string>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/webhooks/parser.h"

#include <CppUTest/TestHarness.h>

using lanecast::JsonPtr;
using lanecast::webhooks::JsonLimits;
using lanecast::webhooks::parse_json_strict;

namespace {

std::string nested_objects(int levels) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += i == 0 ? "{" : "\"a\":{";
  text += std::string(static_cast<std::size_t>(levels), '}');
  return text;
}

std::string nested_arrays(int levels) {  // the object counts as one level
  return "{\"a\":" + std::string(static_cast<std::size_t>(levels - 1), '[') +
         std::string(static_cast<std::size_t>(levels - 1), ']') + "}";
}

std::string object_with_keys(int count, bool repeat_first_at_end) {
  std::string text = "{";
  for (int i = 0; i < count; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  text += repeat_first_at_end ? "\"k0\":0}" : "\"last\":0}";
  return text;
}

const std::vector<std::string> kAccepted = {
    "{}",
    " \t\r\n{} \n",
    "{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false}",
    "{\"s\":\"\\\\u0000\"}",         // an escaped backslash, then the letters u0000
    "{\"s\":\"\\\\\\\\\"}",          // two escaped backslashes
    "{\"s\":\"\\ud83d\\ude00\"}",    // a valid surrogate pair
    "{\"s\":\"\\u00e9\\u20AC\\uFFFF\"}",
    "{\"s\":\"\\\"\\/\\b\\f\\n\\r\\t\"}",
    "{\"s\":\"\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"}",  // e-acute, euro, emoji
    "{\"s\":\"\xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF\"}",  // U+D7FF, U+E000, U+FFFF
    "{\"s\":\"\xF4\x8F\xBF\xBF\"}",                        // U+10FFFF
    "{\"s\":\"\x7F\"}",                                    // DEL is not a control character in JSON
    "{\"n\":[0,-0,1.5,-1.5e-3,1E+5,10,123456789]}",
    "{\"a\":{\"x\":1},\"b\":{\"x\":1}}",  // the same key in two objects
    "{\"\":1}",
    nested_objects(32),
    nested_arrays(32),
    object_with_keys(100, false),
    "{\"s\":\"" + std::string(64, 'x') + "\"}",
    "{\"" + std::string(64, 'k') + "\":1}",
};

struct Rejection {
  std::string body;
  const char* message;  // a part of the message that says what and where
};

const std::vector<Rejection> kRejected = {
    {"", "empty body"},
    {" \n\t", "empty body"},
    {"{} x", "trailing data after the JSON value at byte 3"},
    {"{}{}", "trailing data after the JSON value at byte 2"},
    {"{\"a\":1}}", "trailing data"},
    {"[]", "top level must be an object, not an array"},
    {"\"text\"", "top level must be an object, not a string"},
    {"1", "top level must be an object, not a number"},
    {"null", "top level must be an object, not null"},
    {"true", "top level must be an object, not a boolean"},
    {"{\"a\":1,\"a\":2}", "duplicate key 'a' at $"},
    {"{\"x\":{\"y\":[{\"k\":1,\"k\":1}]}}", "duplicate key 'k' at $.x.y[0]"},
    {object_with_keys(200, true), "duplicate key 'k0' at $"},
    {nested_objects(33), "nesting deeper than 32 levels at $.a.a"},
    {nested_arrays(33), "nesting deeper than 32 levels at $.a[0][0]"},
    {"{\"s\":\"\x80\"}", "UTF-8 continuation byte without a lead byte at byte 6"},
    {"{\"s\":\"\xC0\xAF\"}", "overlong UTF-8 sequence at byte 6"},
    {"{\"s\":\"\xC1\xBF\"}", "overlong UTF-8 sequence"},
    {"{\"s\":\"\xE0\x80\xAF\"}", "overlong UTF-8 sequence"},
    {"{\"s\":\"\xF0\x80\x80\xAF\"}", "overlong UTF-8 sequence"},
    {"{\"s\":\"\xED\xA0\x80\"}", "UTF-8 encoded surrogate"},
    {"{\"s\":\"\xED\xBF\xBF\"}", "UTF-8 encoded surrogate"},
    {"{\"s\":\"\xF4\x90\x80\x80\"}", "beyond U+10FFFF"},
    {"{\"s\":\"\xF5\x80\x80\x80\"}", "beyond U+10FFFF"},
    {"{\"s\":\"\xFF\"}", "beyond U+10FFFF"},
    {"{\"s\":\"\xC3\"}", "truncated UTF-8 sequence"},
    {"{\"s\":\"\xE2\x82\"}", "truncated UTF-8 sequence"},
    {"{\"s\":\"\xF0\x9F\x98\"}", "truncated UTF-8 sequence"},
    {"{\"s\":\"\xC3", "truncated UTF-8 sequence"},
    {"\xEF\xBB\xBF{}", "non-ASCII byte outside a string at byte 0"},
    {"{\"a\":1}\xC3\xA9", "non-ASCII byte outside a string"},
    {"{\"s\":\"\\u0000\"}", "\\u0000 in a string at byte 6"},
    {"{\"s\":\"ab\\u0000cd\"}", "\\u0000 in a string"},
    {"{\"s\":\"\\ud800\"}", "unpaired high surrogate escape"},
    {"{\"s\":\"\\uD800\\u0041\"}", "unpaired high surrogate escape"},
    {"{\"s\":\"\\uD800\\uD800\"}", "unpaired high surrogate escape"},
    {"{\"s\":\"\\uDC00\"}", "unpaired low surrogate escape"},
    {"{\"s\":\"\\ude00\\ud83d\"}", "unpaired low surrogate escape"},
    {"{\"s\":\"\\uZZZZ\"}", "\\u escape without four hex digits"},
    {"{\"s\":\"\\u12\"}", "\\u escape without four hex digits"},
    {"{\"s\":\"\\x\"}", "invalid escape in a string"},
    {"{\"s\":\"\\'\"}", "invalid escape in a string"},
    {"{\"s\":\"\x01\"}", "control character in a string at byte 6"},
    {"{\"s\":\"\x1F\"}", "control character in a string"},
    {"{\"s\":\"a\tb\"}", "control character in a string"},
    {"{\"s\":\"a\nb\"}", "control character in a string"},
    {std::string("{\"s\":\"a\0b\"}", 11), "control character in a string"},
    {std::string("{}\0", 3), "control character outside a string"},
    {"{\"a\":\x0B" "1}", "control character outside a string"},
    {"{\"s\":\"abc", "unterminated string at byte 5"},
    {"{\"s\":\"abc\\", "unterminated string"},
    {"{\"n\":01}", "invalid number at byte 5"},
    {"{\"n\":-01}", "invalid number"},
    {"{\"n\":1.}", "invalid number"},
    {"{\"n\":.5}", "invalid JSON"},
    {"{\"n\":-}", "invalid number"},
    {"{\"n\":+1}", "invalid JSON"},
    {"{\"n\":1e}", "invalid number"},
    {"{\"n\":1.2.3}", "invalid number"},
    {"{\"n\":0x10}", "invalid JSON"},
    {"{\"n\":NaN}", "invalid JSON"},
    {"{\"n\":Infinity}", "invalid JSON"},
    {"{\"a\":}", "invalid JSON at byte 5"},
    {"{\"a\" 1}", "invalid JSON"},
    {"{\"a\":1,}", "invalid JSON"},
    {"{\"a\":[1,]}", "invalid JSON"},
    {"{\"a\":tru}", "invalid JSON"},
    {"{\"a\":1", "invalid JSON"},
    {"{'a':1}", "invalid JSON"},
    {"{\"s\":\"" + std::string(65, 'x') + "\"}", "string longer than 64 bytes at $.s"},
    {"{\"a\":[\"" + std::string(65, 'x') + "\"]}", "string longer than 64 bytes at $.a[0]"},
    {"{\"" + std::string(65, 'k') + "\":1}", "key longer than 64 bytes at $"},
};

JsonLimits small_strings() {
  JsonLimits limits;
  limits.max_string_bytes = 64;
  return limits;
}

}  // namespace

TEST_GROUP(AStrictJsonBody){};

TEST(AStrictJsonBody, AcceptsWellFormedObjects) {
  for (const std::string& body : kAccepted) {
    auto parsed = parse_json_strict(body, small_strings());
    CHECK_TRUE_TEXT(parsed.is_ok(), (body.substr(0, 80) + " -> " + parsed.status().message()).c_str());
  }
}

// The reader builds its own tree; what it accepts must be the tree cJSON builds of the same
// text, or the mutator's echo (printed from that tree) would change.
TEST(AStrictJsonBody, BuildsTheTreeCJsonBuildsOfWhatItAccepts) {
  std::vector<std::string> bodies = kAccepted;
  bodies.push_back("{\"n\":[1E+5,-0.0,0.1,1e300,1e-400,123456789012345678901234567890,4.35]}");
  bodies.push_back("{\"s\":\"\\u0001\\u001f \\\" \\\\ \\/\",\"e\":[],\"o\":{}}");
  for (const std::string& body : bodies) {
    auto parsed = parse_json_strict(body, JsonLimits{});
    CHECK_TRUE_TEXT(parsed.is_ok(), body.substr(0, 80).c_str());
    JsonPtr by_cjson(cJSON_ParseWithLength(body.data(), body.size()));
    CHECK_TRUE_TEXT(by_cjson != nullptr, body.substr(0, 80).c_str());
    STRCMP_EQUAL_TEXT(lanecast::json_print(by_cjson.get()).c_str(),
                      lanecast::json_print(parsed->get()).c_str(), body.substr(0, 80).c_str());
  }
}

// Whole numbers of up to 15 digits take a shortcut past strtod: each must be the very double
// (sign of zero included) and int cJSON makes of it, on both sides of the 15-digit edge.
TEST(AStrictJsonBody, ReadsWholeNumbersToTheDoublesCJsonReads) {
  const std::string body =
      "{\"n\":[0,-0,7,-7,10,2147483647,2147483648,-2147483648,-2147483649,999999999999999,"
      "-999999999999999,1000000000000000,9007199254740993,123456789012345678,0.0,-0.0,1e2]}";
  auto parsed = parse_json_strict(body, JsonLimits{});
  CHECK_TRUE(parsed.is_ok());
  JsonPtr by_cjson(cJSON_Parse(body.c_str()));
  const cJSON* mine = cJSON_GetObjectItemCaseSensitive(parsed->get(), "n")->child;
  const cJSON* theirs = cJSON_GetObjectItemCaseSensitive(by_cjson.get(), "n")->child;
  for (int index = 0; theirs != nullptr; ++index, mine = mine->next, theirs = theirs->next) {
    const std::string where = "element " + std::to_string(index);
    CHECK_TRUE_TEXT(mine != nullptr, where.c_str());
    CHECK_EQUAL_TEXT(0, std::memcmp(&mine->valuedouble, &theirs->valuedouble, sizeof(double)),
                     where.c_str());
    LONGS_EQUAL_TEXT(theirs->valueint, mine->valueint, where.c_str());
  }
  POINTERS_EQUAL(nullptr, mine);
}

TEST(AStrictJsonBody, RejectsANumberLongerThanCJsonReads) {
  auto parsed = parse_json_strict("{\"n\":" + std::string(64, '1') + "}", JsonLimits{});
  CHECK_FALSE(parsed.is_ok());
  STRCMP_CONTAINS("invalid JSON", parsed.status().message().c_str());
  CHECK_TRUE(parse_json_strict("{\"n\":" + std::string(63, '1') + "}", JsonLimits{}).is_ok());
}

TEST(AStrictJsonBody, RejectsWhatCJsonAloneWouldLetThroughOrMangle) {
  for (const Rejection& r : kRejected) {
    auto parsed = parse_json_strict(r.body, small_strings());
    const std::string label = r.body.substr(0, 80);
    CHECK_FALSE_TEXT(parsed.is_ok(), label.c_str());
    CHECK_TRUE_TEXT(parsed.status().kind() == lanecast::Status::Kind::kInvalidInput, label.c_str());
    STRCMP_CONTAINS_TEXT(r.message, parsed.status().message().c_str(), label.c_str());
  }
}

TEST(AStrictJsonBody, KeepsAnEscapedBackslashBeforeU0000AsText) {
  auto parsed = parse_json_strict("{\"s\":\"\\\\u0000\"}", JsonLimits{});
  CHECK_TRUE(parsed.is_ok());
  STRCMP_EQUAL("\\u0000", cJSON_GetObjectItemCaseSensitive(parsed->get(), "s")->valuestring);
}

TEST(AStrictJsonBody, DecodesASurrogatePairIntoOneCodePoint) {
  auto parsed = parse_json_strict("{\"s\":\"\\ud83d\\ude00\"}", JsonLimits{});
  CHECK_TRUE(parsed.is_ok());
  STRCMP_EQUAL("\xF0\x9F\x98\x80", cJSON_GetObjectItemCaseSensitive(parsed->get(), "s")->valuestring);
}

TEST(AStrictJsonBody, FollowsTheConfiguredDepth) {
  JsonLimits shallow;
  shallow.max_depth = 3;
  CHECK_TRUE(parse_json_strict(nested_objects(3), shallow).is_ok());
  auto deep = parse_json_strict(nested_objects(4), shallow);
  CHECK_FALSE(deep.is_ok());
  STRCMP_CONTAINS("nesting deeper than 3 levels at $.a.a", deep.status().message().c_str());
  shallow.max_depth = 4;
  auto indexed = parse_json_strict("{\"a\":1,\"b\":[{},{\"c\":{\"d\":[[]]}}]}", shallow);
  CHECK_FALSE(indexed.is_ok());
  STRCMP_CONTAINS("nesting deeper than 4 levels at $.b[1].c.d (byte 25)", indexed.status().message().c_str());
}

TEST(AStrictJsonBody, StopsAHugeNestingBeforeCJsonRecursesIntoIt) {
  const std::string body = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto parsed = parse_json_strict(body, JsonLimits{});
  CHECK_FALSE(parsed.is_ok());
  STRCMP_CONTAINS("nesting deeper than 32 levels at $.a[0][0]", parsed.status().message().c_str());
  STRCMP_CONTAINS("(byte 36)", parsed.status().message().c_str());
}

TEST(AStrictJsonBody, FindsADuplicateAmongThousandsOfKeys) {
  auto parsed = parse_json_strict(object_with_keys(5000, true), JsonLimits{});
  CHECK_FALSE(parsed.is_ok());
  STRCMP_CONTAINS("duplicate key 'k0' at $", parsed.status().message().c_str());
  CHECK_TRUE(parse_json_strict(object_with_keys(5000, false), JsonLimits{}).is_ok());
}

TEST(AStrictJsonBody, ShowsHostileKeysInMessagesWithoutControlCharacters) {
  auto parsed = parse_json_strict("{\"a\\nb\":1,\"a\\nb\":2}", JsonLimits{});
  CHECK_FALSE(parsed.is_ok());
  STRCMP_EQUAL("duplicate key 'a?b' at $", parsed.status().message().c_str());
}

// The tree's nodes and strings live in blocks it owns: a copy made with cJSON_Duplicate owns
// all of its own, so it outlives the tree and cJSON may edit and free it.
TEST(AStrictJsonBody, HandsOutCopiesThatOutliveItsTree) {
  JsonPtr copy;
  {
    auto parsed = parse_json_strict(
        "{\"price\":1,\"cart\":[{\"sku\":\"a\",\"unknownKey\":2}],\"metadata\":{}}", JsonLimits{});
    CHECK_TRUE(parsed.is_ok());
    copy.reset(cJSON_Duplicate(parsed->get(), 1));
  }
  cJSON_ReplaceItemInObjectCaseSensitive(copy.get(), "price", cJSON_CreateString("2.00"));
  cJSON_DeleteItemFromObjectCaseSensitive(copy.get(), "metadata");
  cJSON_AddItemToObject(copy.get(), "added", cJSON_CreateTrue());
  STRCMP_EQUAL("{\"price\":\"2.00\",\"cart\":[{\"sku\":\"a\",\"unknownKey\":2}],\"added\":true}",
               lanecast::json_print(copy.get()).c_str());
}

// Two bytes of "0," become a whole node: such a body outgrows the first block many times over.
TEST(AStrictJsonBody, HoldsBodiesDenserThanItsFirstGuess) {
  std::string body = "{\"zeros\":[";
  for (int i = 0; i < 100000; ++i) body += i == 0 ? "0" : ",0";
  body += "],\"last\":\"end\"}";
  auto parsed = parse_json_strict(body, JsonLimits{});
  CHECK_TRUE(parsed.is_ok());
  LONGS_EQUAL(100000, cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(parsed->get(), "zeros")));
  STRCMP_EQUAL("end", cJSON_GetObjectItemCaseSensitive(parsed->get(), "last")->valuestring);
  STRCMP_EQUAL(body.c_str(), lanecast::json_print(parsed->get()).c_str());
}
