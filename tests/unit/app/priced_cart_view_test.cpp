#include "daemon/app/priced_cart_view.h"

#include <string>

#include "daemon/core/json.h"
#include "daemon/pricing/mutator.h"
#include "daemon/webhooks/parser.h"
#include "../pricing/pricing_test_support.h"

#include <CppUTest/TestHarness.h>

using lanecast::JsonPtr;
using lanecast::display::LineKind;

namespace {

// Cans of cola (deposit), five muesli bars (3 for 2: a discount line), a cheese named only in
// its snapshot, a line the mutator added on an earlier call (dropped and derived anew).
constexpr const char* kRequest = R"({"orderId": 9, "status": "draft",
  "timeOfOrigin": "2026-11-25T11:00:00Z", "cart": [
  {"id": "a", "externalId": "4001", "name": "Cola 0,33", "category": "Getränke", "price": 0.99,
   "quantity": 3, "taxLines": []},
  {"id": "b", "sku": "4008400401621", "name": "Müsliriegel", "category": "Backwaren",
   "price": "0.79", "quantity": 5},
  {"id": "c", "productSnapshot": {"name": "Bergkäse", "price": "3.49", "category": "Milchprodukte"},
   "quantity": 2},
  {"externalId": "lanecast-pfand-025", "name": "Pfand 0,25 €", "price": 0.25, "quantity": 9}],
  "totalPrice": "0.00", "metadata": {"kept": true}})";

}  // namespace

TEST_GROUP(ThePricedCartOnTheScreens) {
  std::shared_ptr<const lanecast::pricing::RuleSet> rules;
  lanecast::webhooks::JsonTree request{0};
  lanecast::webhooks::CartMutatorRequest typed;
  void setup() override {
    rules = pricing_test::example_rules("pricing-de.json", 2);
    auto tree = lanecast::webhooks::parse_json_strict(kRequest, lanecast::webhooks::JsonLimits{});
    CHECK_TRUE_TEXT(tree.is_ok(), tree.status().to_string().c_str());
    request = std::move(*tree);
    auto parsed = lanecast::webhooks::parse_cart_mutator(request.get(), 2);
    CHECK_TRUE_TEXT(parsed.is_ok(), parsed.status().to_string().c_str());
    typed = *parsed;
  }
};

// The view is built from the priced lines, the answer is printed from them: both must say the
// same, line by line, as the screens used to read it back from the answer.
TEST(ThePricedCartOnTheScreens, ShowsExactlyTheLinesAndTotalsTheAnswerSays) {
  auto mutation = lanecast::pricing::mutate(request.get(), typed, *rules, 2);
  CHECK_TRUE_TEXT(mutation.is_ok(), mutation.status().to_string().c_str());
  lanecast::display::CartViewOptions options;
  options.deposit_ids = {"lanecast-pfand-025"};
  auto view = lanecast::app::priced_cart_view(*mutation, typed, *rules, options);
  CHECK_TRUE_TEXT(view.is_ok(), view.status().to_string().c_str());

  JsonPtr answer(cJSON_Parse(mutation->answer_json.c_str()));
  const cJSON* lines = cJSON_GetObjectItem(answer.get(), "cart");
  LONGS_EQUAL(cJSON_GetArraySize(lines), static_cast<long>(view->lines.size()));
  std::size_t index = 0;
  for (const cJSON* line = lines->child; line != nullptr; line = line->next, ++index) {
    const auto& shown = view->lines[index];
    const cJSON* name = cJSON_GetObjectItem(line, "name");
    const std::string expected_name =
        name != nullptr ? name->valuestring
                        : cJSON_GetObjectItem(cJSON_GetObjectItem(line, "productSnapshot"), "name")->valuestring;
    STRCMP_EQUAL(expected_name.c_str(), shown.name.c_str());
    LONGLONGS_EQUAL(static_cast<long long>(cJSON_GetObjectItem(line, "quantity")->valuedouble),
                    shown.quantity);
    LONGLONGS_EQUAL(lanecast::money_from_json_number(cJSON_GetObjectItem(line, "price")->valuedouble, 2)
                        .value(),
                    shown.unit_price);
  }
  LONGLONGS_EQUAL(mutation->total, view->total);
  LONGLONGS_EQUAL(mutation->tax, view->tax);
  LONGLONGS_EQUAL(mutation->subtotal, view->subtotal);
}

TEST(ThePricedCartOnTheScreens, TellsItemsDepositsAndDiscountsApart) {
  auto mutation = lanecast::pricing::mutate(request.get(), typed, *rules, 2);
  CHECK_TRUE(mutation.is_ok());
  lanecast::display::CartViewOptions options;
  options.deposit_ids = {"lanecast-pfand-025"};
  auto view = lanecast::app::priced_cart_view(*mutation, typed, *rules, options);
  CHECK_TRUE(view.is_ok());
  // Cola, its deposit, the bars, their discount, the cheese.
  LONGS_EQUAL(5, static_cast<long>(view->lines.size()));
  CHECK_TRUE(view->lines[0].kind == LineKind::kItem);
  CHECK_TRUE(view->lines[1].kind == LineKind::kDeposit);
  STRCMP_EQUAL("Pfand 0,25 €", view->lines[1].name.c_str());
  LONGLONGS_EQUAL(3, view->lines[1].quantity);
  CHECK_TRUE(view->lines[2].kind == LineKind::kItem);
  CHECK_TRUE(view->lines[3].kind == LineKind::kDiscount);
  STRCMP_EQUAL("3 für 2: Müsliriegel", view->lines[3].name.c_str());
  STRCMP_EQUAL("Bergkäse", view->lines[4].name.c_str());
  LONGLONGS_EQUAL(3 + 5 + 2, view->item_count);
  LONGS_EQUAL(2, static_cast<long>(view->taxes.size()));  // 19 % and 7 %
}
