// Golden cases: tests/data/pricing/cases/<name>.json holds a request, the rules (a shipped
// example or inline) and the expected totals and lines, worked out by hand (each file says
// how in "about"). Where tests/data/pricing/answers/<name>.json exists, the answer must also
// match it byte for byte.
#include <cstring>
#include <fstream>
#include <string>

#include "daemon/pricing/mutator.h"
#include "pricing_test_support.h"

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using lanecast::json_print;
using lanecast::JsonPtr;
using lanecast::pricing::load_rules_text;
using lanecast::pricing::mutate;
using pricing_test::money_of;

namespace {

const char* const kCases[] = {
    "de-basic",
    "us-basic",
    "jp-basic",
    "jp-evening-bento",
    "multi-buy",
    "happy-hour-inside",
    "happy-hour-outside",
    "review-deposits-derived",
    "review-added-line-sent-back",
    "review-reviewed-total",
    "rounding-half-up-line",
    "rounding-half-even-line",
    "rounding-half-up-order",
    "rounding-half-even-order",
};

bool is_replaced(const char* key) {
  for (const char* replaced : {"cart", "totalPrice", "totalTax", "subtotalPrice"})
    if (std::strcmp(key, replaced) == 0) return true;
  return false;
}

std::shared_ptr<const lanecast::pricing::RuleSet> case_rules(const cJSON* rules, int decimals,
                                                             const std::string& name) {
  if (cJSON_IsString(rules)) {
    const std::string file = rules->valuestring;
    CHECK_TRUE_TEXT(file.rfind("example:", 0) == 0, name.c_str());
    return pricing_test::example_rules(file.substr(8).c_str(), decimals);
  }
  auto loaded = load_rules_text(json_print(rules), name, decimals);
  CHECK_TRUE_TEXT(loaded.is_ok(), loaded.status().message().c_str());
  return *loaded;
}

// Everything but the four replaced members comes back exactly as sent, in the same order.
void check_echo(const cJSON* request, const cJSON* answer, const std::string& name) {
  const cJSON* sent = request->child;
  const cJSON* got = answer->child;
  for (; sent != nullptr && got != nullptr; sent = sent->next, got = got->next) {
    STRCMP_EQUAL_TEXT(sent->string, got->string, name.c_str());
    if (!is_replaced(sent->string))
      STRCMP_EQUAL_TEXT(json_print(sent).c_str(), json_print(got).c_str(), sent->string);
  }
  CHECK_TRUE_TEXT(sent == nullptr && got == nullptr, name.c_str());
}

void check_tax_lines(const cJSON* expected, const cJSON* actual, const std::string& what) {
  LONGS_EQUAL_TEXT(cJSON_GetArraySize(expected), cJSON_GetArraySize(actual), what.c_str());
  for (int i = 0; i < cJSON_GetArraySize(expected); ++i) {
    const cJSON* want = cJSON_GetArrayItem(expected, i);
    const cJSON* got = cJSON_GetArrayItem(actual, i);
    for (const char* key : {"taxId", "rate", "amount"}) {
      const cJSON* value = cJSON_GetObjectItemCaseSensitive(got, key);
      CHECK_TRUE_TEXT(cJSON_IsString(value), (what + " " + key).c_str());
      STRCMP_EQUAL_TEXT(cJSON_GetObjectItemCaseSensitive(want, key)->valuestring,
                        value->valuestring, (what + " " + key).c_str());
    }
    CHECK_TRUE(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(got, "title")));
  }
}

void check_line(const cJSON* want, const cJSON* got, int decimals, const std::string& what) {
  for (const char* key : {"id", "externalId", "name"}) {
    const cJSON* expected = cJSON_GetObjectItemCaseSensitive(want, key);
    const cJSON* actual = cJSON_GetObjectItemCaseSensitive(got, key);
    if (expected == nullptr) {
      if (std::strcmp(key, "id") == 0)
        CHECK_TRUE_TEXT(actual == nullptr, (what + " has no id").c_str());
      continue;
    }
    CHECK_TRUE_TEXT(cJSON_IsString(actual), (what + " " + key).c_str());
    STRCMP_EQUAL_TEXT(expected->valuestring, actual->valuestring, (what + " " + key).c_str());
  }
  const cJSON* price = cJSON_GetObjectItemCaseSensitive(got, "price");
  CHECK_TRUE_TEXT(cJSON_IsNumber(price), (what + " price is a number").c_str());
  LONGLONGS_EQUAL_TEXT(money_of(cJSON_GetObjectItemCaseSensitive(want, "price"), decimals),
                       money_of(price, decimals), (what + " price").c_str());
  LONGS_EQUAL_TEXT(cJSON_GetObjectItemCaseSensitive(want, "quantity")->valueint,
                   cJSON_GetObjectItemCaseSensitive(got, "quantity")->valueint,
                   (what + " quantity").c_str());
  check_tax_lines(cJSON_GetObjectItemCaseSensitive(want, "taxLines"),
                  cJSON_GetObjectItemCaseSensitive(got, "taxLines"), what);
}

void check_expectation(const cJSON* expect, const cJSON* answer, const std::string& name) {
  for (const char* key : {"totalPrice", "totalTax", "subtotalPrice"}) {
    const cJSON* got = cJSON_GetObjectItemCaseSensitive(answer, key);
    CHECK_TRUE_TEXT(cJSON_IsString(got), (name + " " + key).c_str());
    STRCMP_EQUAL_TEXT(cJSON_GetObjectItemCaseSensitive(expect, key)->valuestring, got->valuestring,
                      (name + " " + key).c_str());
  }
  LONGS_EQUAL_TEXT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(expect, "cart")),
                   cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "cart")),
                   name.c_str());
}

void run_case(const std::string& name) {
  JsonPtr test_case = pricing_test::parse(
      pricing_test::read_text(pricing_test::kPricingDataDir + "cases/" + name + ".json"));
  const int decimals = cJSON_GetObjectItemCaseSensitive(test_case.get(), "decimals")->valueint;
  auto rules =
      case_rules(cJSON_GetObjectItemCaseSensitive(test_case.get(), "rules"), decimals, name);
  const cJSON* request = cJSON_GetObjectItemCaseSensitive(test_case.get(), "request");
  auto mutation = mutate(request, *rules, decimals);
  CHECK_TRUE_TEXT(mutation.is_ok(), (name + ": " + mutation.status().message()).c_str());
  JsonPtr answer = pricing_test::parse(mutation->answer_json);
  check_echo(request, answer.get(), name);
  const cJSON* expect = cJSON_GetObjectItemCaseSensitive(test_case.get(), "expect");
  check_expectation(expect, answer.get(), name);
  const cJSON* want_cart = cJSON_GetObjectItemCaseSensitive(expect, "cart");
  const cJSON* got_cart = cJSON_GetObjectItemCaseSensitive(answer.get(), "cart");
  for (int i = 0; i < cJSON_GetArraySize(want_cart); ++i)
    check_line(cJSON_GetArrayItem(want_cart, i), cJSON_GetArrayItem(got_cart, i), decimals,
               name + " line " + std::to_string(i));
  LONGLONGS_EQUAL_TEXT(money_of(cJSON_GetObjectItemCaseSensitive(expect, "totalPrice"), decimals),
                       mutation->total, name.c_str());
  LONGLONGS_EQUAL_TEXT(money_of(cJSON_GetObjectItemCaseSensitive(expect, "totalTax"), decimals),
                       mutation->tax, name.c_str());
  LONGLONGS_EQUAL_TEXT(mutation->total - mutation->tax, mutation->subtotal, name.c_str());
  std::ifstream golden(pricing_test::kPricingDataDir + "answers/" + name + ".json");
  if (golden.good()) {
    std::string text =
        pricing_test::read_text(pricing_test::kPricingDataDir + "answers/" + name + ".json");
    while (!text.empty() && text.back() == '\n') text.pop_back();
    STRCMP_EQUAL_TEXT(text.c_str(), mutation->answer_json.c_str(), name.c_str());
  }
}

}  // namespace

TEST_GROUP(AGoldenCart){};

TEST(AGoldenCart, IsPricedAsWorkedOutByHand) {
  for (const char* name : kCases) run_case(name);
}
