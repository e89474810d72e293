#include "daemon/app/mutator_setup.h"

#include <string>

#include "daemon/core/json.h"
#include "daemon/pricing/mutator.h"
#include "daemon/webhooks/parser.h"
#include "../pricing/pricing_test_support.h"

#include <CppUTest/TestHarness.h>

using lanecast::JsonPtr;
using lanecast::app::pricing_function;

TEST_GROUP(APricingFunction) {
  std::shared_ptr<const lanecast::pricing::RuleSet> rules;
  JsonPtr request;
  lanecast::webhooks::CartMutatorRequest typed;
  void setup() override {
    rules = pricing_test::example_rules("pricing-de.json", 2);
    request = pricing_test::parse(pricing_test::read_text(std::string(LANECAST_FIXTURES_DIR) +
                                                          "/cart-mutator-reference-shape.json"));
    cJSON_ReplaceItemInObject(request.get(), "status", cJSON_CreateString("draft"));
    // The reference shape's placeholders ("string", 0) made into a real line: two colas.
    cJSON* item = cJSON_GetArrayItem(cJSON_GetObjectItem(request.get(), "cart"), 0);
    cJSON_ReplaceItemInObject(item, "quantity", cJSON_CreateNumber(2));
    cJSON_ReplaceItemInObject(item, "category", cJSON_CreateString("Getränke"));
    cJSON_ReplaceItemInObject(item, "taxLines", cJSON_CreateArray());
    cJSON* snapshot = cJSON_GetObjectItem(item, "productSnapshot");
    cJSON_ReplaceItemInObject(snapshot, "price", cJSON_CreateString("1.49"));
    cJSON_ReplaceItemInObject(snapshot, "taxCode", cJSON_CreateString("A"));
    cJSON_ReplaceItemInObject(snapshot, "category", cJSON_CreateString("Getränke"));
    // As the daemon hands it over: the typed request read from the same tree.
    auto parsed = lanecast::webhooks::parse_cart_mutator(request.get(), 2);
    CHECK_TRUE_TEXT(parsed.is_ok(), parsed.status().to_string().c_str());
    typed = *parsed;
  }
};

TEST(APricingFunction, AnswersWithTheRulesVersionAndTheTotals) {
  auto outcome = pricing_function(rules, 2, 10'000'000)(request.get(), typed);
  CHECK_FALSE(outcome.info.fell_back);
  STRCMP_EQUAL(rules->version().c_str(), outcome.info.rules_version.c_str());
  CHECK(outcome.info.total_minor.has_value());
  CHECK(outcome.answer != lanecast::pricing::echo_answer(request.get()));
}

TEST(APricingFunction, AnswersTheUnchangedCartWhenPastTheDeadline) {
  auto outcome = pricing_function(rules, 2, -1)(request.get(), typed);
  CHECK(outcome.info.fell_back);
  STRCMP_CONTAINS("deadline", outcome.info.failure.c_str());
  STRCMP_EQUAL(lanecast::pricing::echo_answer(request.get()).c_str(), outcome.answer.c_str());
}

TEST(APricingFunction, AnswersTheUnchangedCartWhenTheRequestCannotBePriced) {
  cJSON_ReplaceItemInObject(request.get(), "cart", cJSON_CreateString("not a cart"));
  auto outcome = pricing_function(rules, 2, 10'000'000)(request.get(), typed);
  CHECK(outcome.info.fell_back);
  CHECK_FALSE(outcome.info.failure.empty());
  STRCMP_EQUAL(lanecast::pricing::echo_answer(request.get()).c_str(), outcome.answer.c_str());
}
