#include "daemon/webhooks/field_reader.h"

#include <optional>
#include <string>

#include "daemon/webhooks/parser.h"

#include <CppUTest/TestHarness.h>

using lanecast::webhooks::FieldReader;
using lanecast::webhooks::JsonLimits;
using lanecast::webhooks::JsonPath;
using lanecast::webhooks::ReadErrors;
using lanecast::webhooks::parse_json_strict;

TEST_GROUP(AFieldReader){};

// find() starts after the member it found last: reads in any order, repeated reads and
// absent keys must still see every member exactly as a walk from the start would.
TEST(AFieldReader, FindsEveryMemberWhateverTheOrderOfReads) {
  auto tree = parse_json_strict(
      R"({"alpha":1,"beta":"two","gamma":3,"delta":null,"epsilon":5,"echo":6})", JsonLimits{});
  CHECK_TRUE(tree.is_ok());
  ReadErrors errors;
  const FieldReader reader(errors, tree->get(), JsonPath(), 2);
  const char* const reads[] = {"epsilon", "alpha", "gamma", "gamma", "zeta", "beta",
                               "echo",    "alpha", "delta", "epsilon", "echo", "beta"};
  for (const char* key : reads) {
    const cJSON* found = reader.find(key);
    const cJSON* expected = cJSON_GetObjectItemCaseSensitive(tree->get(), key);
    if (cJSON_IsNull(expected)) expected = nullptr;
    POINTERS_EQUAL_TEXT(expected, found, key);
  }
  std::optional<std::int64_t> gamma;
  reader.integer("gamma", gamma);
  std::string beta;
  reader.text("beta", beta);
  CHECK_FALSE(errors.failed());
  LONGS_EQUAL(3, *gamma);
  STRCMP_EQUAL("two", beta.c_str());
}

TEST(AFieldReader, FindsNothingInAnEmptyObject) {
  auto tree = parse_json_strict("{}", JsonLimits{});
  CHECK_TRUE(tree.is_ok());
  ReadErrors errors;
  const FieldReader reader(errors, tree->get(), JsonPath(), 2);
  POINTERS_EQUAL(nullptr, reader.find("alpha"));
  POINTERS_EQUAL(nullptr, reader.find("alpha"));
}
