#include "daemon/core/json.h"

#include <CppUTest/TestHarness.h>

#include <string>
#include <string_view>

using lanecast::json_parse;
using lanecast::json_parse_document;
using lanecast::JsonDocument;
using Problem = lanecast::JsonDocument::Problem;

TEST_GROUP(JsonParsing){};

TEST(JsonParsing, TakesOneValueWithWhitespaceAroundIt) {
  JsonDocument document = json_parse_document(" \r\n\t{\"orderId\": 7}\n ");
  CHECK(document.problem == Problem::kNone);
  CHECK(document.root != nullptr);
  LONGS_EQUAL(7, cJSON_GetObjectItemCaseSensitive(document.root.get(), "orderId")->valueint);
}

TEST(JsonParsing, ReadsOnlyTheGivenBytesOfALongerBuffer) {
  const std::string text = "[1,2]garbage";
  CHECK(json_parse(std::string_view(text).substr(0, 5)) != nullptr);
  CHECK(json_parse(text) == nullptr);
}

TEST(JsonParsing, SaysWhereTrailingDataStarts) {
  JsonDocument document = json_parse_document("{\"a\": 1}  x");
  CHECK(document.problem == Problem::kTrailingData);
  CHECK(document.root == nullptr);
  UNSIGNED_LONGS_EQUAL(10, document.offset);
}

TEST(JsonParsing, SaysWhereAnInvalidValueStopsParsing) {
  JsonDocument document = json_parse_document("{\"a\": tru}");
  CHECK(document.problem == Problem::kInvalid);
  CHECK(document.root == nullptr);
  UNSIGNED_LONGS_EQUAL(6, document.offset);
  CHECK(json_parse_document("").problem == Problem::kInvalid);
  CHECK(json_parse_document("   ").problem == Problem::kInvalid);
}
