#include "daemon/pricing/mutator.h"

#include <string>

#include "daemon/core/json.h"
#include "pricing_test_support.h"

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using lanecast::json_print;
using lanecast::JsonPtr;
using lanecast::Status;
using lanecast::pricing::echo_answer;
using lanecast::pricing::load_rules_text;
using lanecast::pricing::mutate;
using pricing_test::example_rules;
using pricing_test::parse;

namespace {

// A compact request: `items` is the JSON text of the cart's elements, `extra` more members.
std::string request_text(const std::string& items, const std::string& extra = "",
                         const std::string& origin = "2024-06-04T10:00:00Z") {
  return R"({"orderId": 7, "status": "completed", "timeOfOrigin": ")" + origin + "\"," + extra +
         R"("cart": [)" + items + R"(], "totalPrice": "0.00", "totalTax": "0.00",
         "subtotalPrice": "0.00", "metadata": {}})";
}

std::string beer(int quantity) {
  return R"({"id": "b", "externalId": "6001", "category": "Bier", "price": 1.29, "quantity": )" +
         std::to_string(quantity) + R"(, "productSnapshot": {"price": "1.29", "taxCode": "A"}})";
}

const cJSON* member(const cJSON* object, const char* key) {
  return cJSON_GetObjectItemCaseSensitive(object, key);
}

}  // namespace

TEST_GROUP(AMutation){};

TEST(AMutation, IsByteIdenticalForTheSameRequestAndRules) {
  auto rules = example_rules("pricing-de.json", 2);
  JsonPtr request = parse(request_text(beer(3) + "," + beer(2)));
  auto first = mutate(request.get(), *rules, 2);
  // The same request, formatted differently and parsed anew.
  JsonPtr again = parse(json_print(request.get()));
  auto second = mutate(again.get(), *rules, 2);
  CHECK_TRUE(first.is_ok() && second.is_ok());
  STRCMP_EQUAL(first->answer_json.c_str(), second->answer_json.c_str());
}

TEST(AMutation, GivesTheSameAnswerWhenItsOwnAnswerComesBack) {
  // Its answer rewrites prices and adds lines; sent back (as a review might), it prices from
  // the product snapshot and drops its own lines, so nothing is discounted or added twice.
  auto rules = example_rules("pricing-de.json", 2);
  JsonPtr request = parse(request_text(beer(4), R"("x": 1,)", "2024-06-07T14:30:00Z"));
  auto first = mutate(request.get(), *rules, 2);
  CHECK_TRUE(first.is_ok());
  JsonPtr answer = parse(first->answer_json);
  auto second = mutate(answer.get(), *rules, 2);
  CHECK_TRUE(second.is_ok());
  STRCMP_EQUAL(first->answer_json.c_str(), second->answer_json.c_str());
}

TEST(AMutation, EchoesTheRequestUnchangedWhenAskedForNoChange) {
  JsonPtr request = parse(request_text(beer(1)));
  STRCMP_EQUAL(json_print(request.get()).c_str(), echo_answer(request.get()).c_str());
}

TEST(AMutation, RejectsRequestsItCannotPriceNamingTheField) {
  const struct {
    std::string request;
    const char* message;
  } kRejected[] = {
      {R"({"orderId": 1})", "cart: expected an array"},
      {R"({"cart": {}})", "cart: expected an array"},
      {request_text(R"("x")"), "cart[0]: expected an object"},
      {request_text(R"({"price": 1.00})"), "cart[0].quantity: required"},
      {request_text(R"({"price": 1.00, "quantity": -1})"), "cart[0].quantity: out of range"},
      {request_text(R"({"price": 1.00, "quantity": 1.5})"), "cart[0].quantity: expected"},
      {request_text(R"({"price": 1.00, "quantity": 2000000})"), "cart[0].quantity: out of range"},
      {request_text(R"({"quantity": 1})"), "cart[0].price: required"},
      {request_text(R"({"price": -1.00, "quantity": 1})"), "cart[0].price: must not be negative"},
      {request_text(R"({"price": "abc", "quantity": 1})"), "cart[0].price: 'abc' is not"},
      {request_text(beer(1) + R"(, {"quantity": 1, "productSnapshot": {"price": "string"}})"),
       "cart[1].productSnapshot.price: 'string' is not a decimal amount"},
      {request_text(beer(1), "", "yesterday"), "timeOfOrigin: "},
      {R"({"timeOfOrigin": 1717495200, "cart": []})", "timeOfOrigin: "},
      {request_text(beer(1), R"("reviewedTotalPrice": "-1.00",)"),
       "reviewedTotalPrice: must not be negative"},
      {request_text(beer(1), R"("reviewedTotalPrice": true,)"), "reviewedTotalPrice: expected"},
      {request_text("", R"("reviewedTotalPrice": "5.00",)"),
       "reviewedTotalPrice: cannot be spread over a cart that costs 0"},
  };
  auto rules = example_rules("pricing-de.json", 2);
  for (const auto& bad : kRejected) {
    JsonPtr request = parse(bad.request);
    auto mutation = mutate(request.get(), *rules, 2);
    CHECK_FALSE_TEXT(mutation.is_ok(), bad.message);
    CHECK_TRUE(mutation.status().kind() == Status::Kind::kInvalidInput);
    STRNCMP_EQUAL(bad.message, mutation.status().message().c_str(), strlen(bad.message));
  }
}

TEST(AMutation, RefusesDecimalsOtherThanTheRulesWereLoadedFor) {
  auto rules = example_rules("pricing-de.json", 2);
  JsonPtr request = parse(request_text(beer(1)));
  auto mutation = mutate(request.get(), *rules, 0);
  CHECK_FALSE(mutation.is_ok());
  CHECK_TRUE(mutation.status().kind() == Status::Kind::kInternal);
}

TEST(AMutation, KeepsEveryFieldOfTheReferenceShapeAndReplacesOnlyPriceAndTaxLines) {
  JsonPtr request =
      parse(pricing_test::read_text(LANECAST_FIXTURES_DIR "/cart-mutator-reference-shape.json"));
  auto rules = example_rules("pricing-de.json", 2);
  // As published, the snapshot price is the placeholder "string": not a price.
  CHECK_FALSE(mutate(request.get(), *rules, 2).is_ok());
  cJSON* item = cJSON_GetArrayItem(member(request.get(), "cart"), 0);
  cJSON* snapshot = cJSON_GetObjectItemCaseSensitive(item, "productSnapshot");
  cJSON_ReplaceItemInObjectCaseSensitive(snapshot, "price", cJSON_CreateString("2.50"));
  cJSON_ReplaceItemInObjectCaseSensitive(item, "quantity", cJSON_CreateNumber(2));
  auto mutation = mutate(request.get(), *rules, 2);
  CHECK_TRUE_TEXT(mutation.is_ok(), mutation.status().message().c_str());
  JsonPtr answer = parse(mutation->answer_json);
  const cJSON* line = cJSON_GetArrayItem(member(answer.get(), "cart"), 0);
  for (const cJSON* field = item->child; field != nullptr; field = field->next) {
    const cJSON* echoed = member(line, field->string);
    CHECK_TRUE_TEXT(echoed != nullptr, field->string);
    if (std::string(field->string) != "price" && std::string(field->string) != "taxLines")
      STRCMP_EQUAL(json_print(field).c_str(), json_print(echoed).c_str());
  }
  STRCMP_EQUAL("5.00", member(answer.get(), "totalPrice")->valuestring);
  STRCMP_EQUAL("0.80", member(answer.get(), "totalTax")->valuestring);  // 19 % of 5.00 included
  STRCMP_EQUAL("4.20", member(answer.get(), "subtotalPrice")->valuestring);
  STRCMP_EQUAL("DE-VAT-19",
               member(cJSON_GetArrayItem(member(line, "taxLines"), 0), "taxId")->valuestring);
}

TEST(AMutation, TakesTheItemPriceWhenTheRulesSaySo) {
  const std::string rules_text = R"({"format": "lanecast-pricing/1",
    "store": {"pricesIncludeTax": true, "rounding": "half-up", "taxRoundingLevel": "line",
              "timeZone": "UTC", "defaultTax": "V", "basePrice": "item"},
    "taxes": {"V": {"title": "VAT", "rate": "0"}}})";
  auto rules = load_rules_text(rules_text, "item-price.json", 2);
  CHECK_TRUE(rules.is_ok());
  JsonPtr request = parse(request_text(
      R"({"id": "w", "price": 3.17, "quantity": 1, "productSnapshot": {"price": "12.99"}})"));
  auto mutation = mutate(request.get(), **rules, 2);
  CHECK_TRUE(mutation.is_ok());
  LONGLONGS_EQUAL(317, mutation->total);
  auto by_snapshot = mutate(request.get(), *example_rules("pricing-de.json", 2), 2);
  LONGLONGS_EQUAL(1299, by_snapshot->total);
}

TEST(AMutation, AcceptsAReviewedTotalSentAsANumber) {
  auto rules = example_rules("pricing-de.json", 2);
  JsonPtr request = parse(request_text(beer(2), R"("reviewedTotalPrice": 2.5,)"));
  auto mutation = mutate(request.get(), *rules, 2);
  CHECK_TRUE(mutation.is_ok());
  LONGLONGS_EQUAL(250, mutation->total);
  LONGLONGS_EQUAL(mutation->total - mutation->tax, mutation->subtotal);
}

TEST_GROUP(AHappyHour){};

TEST(AHappyHour, AppliesOnlyInsideItsWindowInBerlinTime) {
  // Beer is 20 % off on weekdays 16:00-18:00 local time: 4 x 1.29 = 5.16, or 4 x 1.03 = 4.12,
  // plus 1.00 of deposits either way.
  const struct {
    const char* origin;
    long long total;
  } kTrips[] = {
      {"2024-06-07T14:00:00Z", 512},       // Friday 16:00 summer time: first minute
      {"2024-06-07T15:59:59Z", 512},       // Friday 17:59:59
      {"2024-06-07T13:59:59Z", 616},       // Friday 15:59:59
      {"2024-06-07T16:00:00Z", 616},       // Friday 18:00: the end is exclusive
      {"2024-06-07T16:30:00.250Z", 616},   // 16:30 UTC is 18:30 in summer
      {"2024-12-06T15:30:00Z", 512},       // Friday 16:30 winter time
      {"2024-12-06T17:30:00Z", 616},       // Friday 18:30 winter time
      {"2024-06-08T14:30:00Z", 616},       // Saturday
      {"2024-06-07T16:30:00+02:00", 512},  // an offset in the timestamp itself
  };
  auto rules = example_rules("pricing-de.json", 2);
  for (const auto& trip : kTrips) {
    JsonPtr request = parse(request_text(beer(4), "", trip.origin));
    auto mutation = mutate(request.get(), *rules, 2);
    CHECK_TRUE_TEXT(mutation.is_ok(), trip.origin);
    LONGLONGS_EQUAL_TEXT(trip.total, mutation->total, trip.origin);
  }
}

TEST(AHappyHour, DoesNotApplyWithoutATripTime) {
  auto rules = example_rules("pricing-de.json", 2);
  const std::string no_time = R"({"orderId": 7, "cart": [)" + beer(4) + "]}";
  JsonPtr request = parse(no_time);
  auto mutation = mutate(request.get(), *rules, 2);
  CHECK_TRUE(mutation.is_ok());
  LONGLONGS_EQUAL(616, mutation->total);
}

TEST_GROUP(ALargeCart){};

namespace {
std::string alternating_lines(int count) {
  std::string items;
  for (int i = 0; i < count; ++i) {
    if (i > 0) items += ",";
    items += i % 2 == 0 ? R"({"id": "m)" + std::to_string(i) +
                              R"(", "externalId": "4001", "category": "Milchprodukte",
                              "price": 1.19, "quantity": 1})"
                        : R"({"id": "z)" + std::to_string(i) +
                              R"(", "externalId": "4005", "category": "Drogerie",
                              "price": 2.95, "quantity": 1})";
  }
  return items;
}
}  // namespace

TEST(ALargeCart, OfFiveHundredLinesIsTaxedPerLineOrPerOrder) {
  // 250 x 1.19 at 7 % (0.08 each) and 250 x 2.95 at 19 % (0.47 each) = 1035.00.
  // Per order: 297.50 * 7/107 = 19.4626 and 737.50 * 19/119 = 117.7521 -> 137.21.
  JsonPtr request = parse(request_text(alternating_lines(500)));
  auto per_line = mutate(request.get(), *example_rules("pricing-de.json", 2), 2);
  CHECK_TRUE(per_line.is_ok());
  LONGLONGS_EQUAL(103500, per_line->total);
  LONGLONGS_EQUAL(13750, per_line->tax);
  std::string order_rules = pricing_test::read_text(pricing_test::kExamplesDir + "pricing-de.json");
  order_rules.replace(order_rules.find(R"("line")"), 6, R"("order")");
  auto rules = load_rules_text(order_rules, "de-order.json", 2);
  CHECK_TRUE(rules.is_ok());
  auto per_order = mutate(request.get(), **rules, 2);
  CHECK_TRUE(per_order.is_ok());
  LONGLONGS_EQUAL(103500, per_order->total);
  LONGLONGS_EQUAL(13721, per_order->tax);
  LONGS_EQUAL(500, cJSON_GetArraySize(member(parse(per_order->answer_json).get(), "cart")));
}

