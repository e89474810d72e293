#include "display/cart_view.h"

#include <string>

#include "daemon/webhooks/parser.h"
#include "display/lane_json.h"
#include "display_test_support.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::display;
using lanecast::display::testing::fixture;
using lanecast::display::testing::load_json;
using lanecast::display::testing::test_data;

namespace {

// AiFi's reference shapes carry placeholders ("string", 0); a screen needs real values.
void fill_placeholders(cJSON* body) {
  cJSON* item = cJSON_GetArrayItem(cJSON_GetObjectItem(body, "cart"), 0);
  cJSON_ReplaceItemInObject(item, "name", cJSON_CreateString("Apfelsaft"));
  cJSON_ReplaceItemInObject(item, "price", cJSON_CreateNumber(10.99));
  cJSON_ReplaceItemInObject(item, "quantity", cJSON_CreateNumber(1));
  cJSON* tax = cJSON_GetArrayItem(cJSON_GetObjectItem(item, "taxLines"), 0);
  cJSON_ReplaceItemInObject(tax, "title", cJSON_CreateString("VAT"));
  cJSON_ReplaceItemInObject(tax, "rate", cJSON_CreateString("0.09"));
  cJSON_ReplaceItemInObject(tax, "amount", cJSON_CreateString("0.99"));
}

// A body the way the daemon reads it: strict JSON, then the typed checkout (or zone event),
// then its view.
Result<CartView> view_of_body(const std::string& body, int decimals = 2,
                              const CartViewOptions& base = {}) {
  auto tree = webhooks::parse_json_strict(body, webhooks::JsonLimits{});
  if (!tree.is_ok()) return tree.status();
  CartViewOptions options = base;
  options.decimals = decimals;
  if (cJSON_GetObjectItem(tree->get(), "checkoutZoneId") != nullptr) {
    auto zone = webhooks::parse_zone_event(tree->get(), true, decimals);
    if (!zone.is_ok()) return zone.status();
    return cart_view_of(zone->cart.value_or(std::vector<webhooks::CartItem>{}), {}, options);
  }
  auto checkout = webhooks::parse_checkout(tree->get(), decimals);
  if (!checkout.is_ok()) return checkout.status();
  return cart_view_of(checkout->cart,
                      {checkout->total_price, checkout->total_tax, checkout->subtotal_price},
                      options);
}

Result<CartView> view_of_body(const cJSON* body) { return view_of_body(json_print(body)); }

// A cart (and optional totals) inside the smallest checkout that carries it.
std::string checkout_with(const char* cart_json, const char* totals = "") {
  return std::string("{\"orderId\":1,\"status\":\"completed\",\"cart\":") + cart_json + totals + "}";
}

Result<CartView> view_of_cart(const char* cart_json, int decimals = 2,
                              const CartViewOptions& options = {}) {
  return view_of_body(checkout_with(cart_json), decimals, options);
}

}  // namespace

TEST_GROUP(ACartViewFromAiFisReferenceShapes){};

TEST(ACartViewFromAiFisReferenceShapes, RejectsThePlaceholderTaxAmountNamingItsPath) {
  for (const char* name : {"checkout-reference-example.json", "cart-mutator-reference-shape.json",
                           "checkout-zone-entered-reference-shape.json"}) {
    JsonPtr body = load_json(fixture(name));
    CHECK_TRUE_TEXT(body != nullptr, name);
    auto view = view_of_body(body.get());
    CHECK_FALSE_TEXT(view.is_ok(), name);
    STRCMP_CONTAINS("cart[0].taxLines[0].amount", view.status().message().c_str());
  }
}

TEST(ACartViewFromAiFisReferenceShapes, ShowsTheCheckoutLinesAndItsOwnTotals) {
  JsonPtr body = load_json(fixture("checkout-reference-example.json"));
  fill_placeholders(body.get());
  auto view = view_of_body(body.get());
  CHECK_TRUE_TEXT(view.is_ok(), view.status().to_string().c_str());
  LONGLONGS_EQUAL(1, view->lines.size());
  STRCMP_EQUAL("Apfelsaft", view->lines[0].name.c_str());
  LONGLONGS_EQUAL(1099, view->lines[0].unit_price);
  LONGLONGS_EQUAL(1099, view->lines[0].line_total);
  CHECK_TRUE(view->lines[0].kind == LineKind::kItem);
  LONGLONGS_EQUAL(1099, view->total);
  LONGLONGS_EQUAL(99, view->tax);
  LONGLONGS_EQUAL(1000, view->subtotal);
  LONGLONGS_EQUAL(1, view->item_count);
  LONGLONGS_EQUAL(1, view->taxes.size());
  STRCMP_EQUAL("VAT", view->taxes[0].title.c_str());
  STRCMP_EQUAL("0.09", view->taxes[0].rate.c_str());
  LONGLONGS_EQUAL(99, view->taxes[0].amount);
}

TEST(ACartViewFromAiFisReferenceShapes, CarriesNothingThatIdentifiesTheShopper) {
  JsonPtr body = load_json(fixture("checkout-reference-example.json"));
  fill_placeholders(body.get());
  auto view = view_of_body(body.get());
  CHECK_TRUE(view.is_ok());
  const std::string rendered = json_print(cart_to_json(*view, 2).get());
  for (const char* secret : {"d3a00526", "c69bb289", "cardLast4", "customer", "barcode", "sku"})
    CHECK_TRUE_TEXT(rendered.find(secret) == std::string::npos, secret);
}

TEST(ACartViewFromAiFisReferenceShapes, IsEmptyForTheLegacyZoneEventWithoutACart) {
  JsonPtr body = load_json(fixture("checkout-zone-entered-legacy.json"));
  auto view = view_of_body(body.get());
  CHECK_TRUE(view.is_ok());
  CHECK_TRUE(view->lines.empty());
  LONGLONGS_EQUAL(0, view->total);
  LONGLONGS_EQUAL(0, view->item_count);
}

TEST_GROUP(ACartViewOfAMutatedCart) {
  CartView view;
  void setup() override {
    JsonPtr body = load_json(test_data("mutator-answer-with-deposits.json"));
    CHECK_TRUE(body != nullptr);
    auto built = view_of_body(body.get());
    CHECK_TRUE_TEXT(built.is_ok(), built.status().to_string().c_str());
    view = *built;
  }
};

TEST(ACartViewOfAMutatedCart, TellsItemsDepositsAndDiscountsApart) {
  LONGLONGS_EQUAL(4, view.lines.size());
  CHECK_TRUE(view.lines[0].kind == LineKind::kItem);
  CHECK_TRUE(view.lines[1].kind == LineKind::kDeposit);
  CHECK_TRUE(view.lines[2].kind == LineKind::kItem);
  CHECK_TRUE(view.lines[3].kind == LineKind::kDiscount);
  STRCMP_EQUAL("Bergkäse", view.lines[2].name.c_str());
}

TEST(ACartViewOfAMutatedCart, MultipliesUnitPricesExactly) {
  LONGLONGS_EQUAL(69, view.lines[0].unit_price);
  LONGLONGS_EQUAL(414, view.lines[0].line_total);
  LONGLONGS_EQUAL(25, view.lines[1].unit_price);
  LONGLONGS_EQUAL(150, view.lines[1].line_total);
  LONGLONGS_EQUAL(349, view.lines[2].unit_price);  // from productSnapshot.price
  LONGLONGS_EQUAL(698, view.lines[2].line_total);
  LONGLONGS_EQUAL(-70, view.lines[3].line_total);
}

TEST(ACartViewOfAMutatedCart, CountsOnlyItemsNotDepositsOrDiscounts) {
  LONGLONGS_EQUAL(8, view.item_count);
}

TEST(ACartViewOfAMutatedCart, SumsTaxesPerTitleAndRate) {
  LONGLONGS_EQUAL(2, view.taxes.size());
  STRCMP_EQUAL("0.19", view.taxes[0].rate.c_str());
  LONGLONGS_EQUAL(90, view.taxes[0].amount);
  STRCMP_EQUAL("0.07", view.taxes[1].rate.c_str());
  LONGLONGS_EQUAL(41, view.taxes[1].amount);
}

TEST(ACartViewOfAMutatedCart, TakesTheTotalsTheMutatorAnswered) {
  LONGLONGS_EQUAL(1192, view.total);
  LONGLONGS_EQUAL(131, view.tax);
  LONGLONGS_EQUAL(1061, view.subtotal);
}

TEST_GROUP(ACartViewWithoutTotals){};

TEST(ACartViewWithoutTotals, DerivesThemFromTheLines) {
  auto view = view_of_cart(R"([
      {"name":"A","price":1.10,"quantity":3,"taxLines":[{"title":"T","rate":"0.1","amount":"0.30"}]},
      {"name":"B","price":"-0.30","quantity":1}])");
  CHECK_TRUE(view.is_ok());
  LONGLONGS_EQUAL(300, view->total);
  LONGLONGS_EQUAL(30, view->tax);
  LONGLONGS_EQUAL(270, view->subtotal);
}

TEST(ACartViewWithoutTotals, PrefersAGivenTotalOverTheLines) {
  auto view = view_of_body(checkout_with(R"([{"name":"A","price":1.00,"quantity":1}])",
                                         R"(,"totalPrice":"0.95")"));
  CHECK_TRUE(view.is_ok());
  LONGLONGS_EQUAL(95, view->total);
  LONGLONGS_EQUAL(0, view->tax);
  LONGLONGS_EQUAL(95, view->subtotal);
}

namespace {
struct GoodLine {
  const char* cart;
  int decimals;
  long long unit_price;
  long long quantity;
  const char* name;
  LineKind kind;
};
const GoodLine kGoodLines[] = {
    {R"([{"name":"A","price":10.99,"quantity":1}])", 2, 1099, 1, "A", LineKind::kItem},
    {R"([{"name":"A","price":"10.99","quantity":2}])", 2, 1099, 2, "A", LineKind::kItem},
    {R"([{"name":"","productSnapshot":{"name":"S"},"price":0.29,"quantity":1}])", 2, 29, 1, "S",
     LineKind::kItem},
    {R"([{"productSnapshot":{"name":"S","price":"2.50"},"quantity":1}])", 2, 250, 1, "S",
     LineKind::kItem},
    {R"([{"name":"Yen","price":500,"quantity":3}])", 0, 500, 3, "Yen", LineKind::kItem},
    {R"([{"name":"Fils","price":"1.234","quantity":1}])", 3, 1234, 1, "Fils", LineKind::kItem},
    {R"([{"name":"Off","price":-1,"quantity":1}])", 2, -100, 1, "Off", LineKind::kDiscount},
    {R"([{"name":"Dep","externalId":"lanecast-deposit-x","price":0.25,"quantity":0}])", 2, 25,
     0, "Dep", LineKind::kDeposit},
    {R"([{"name":"NotDep","externalId":"x-lanecast-deposit-","price":0.25,"quantity":1}])", 2,
     25, 1, "NotDep", LineKind::kItem},
};
struct BadCart {
  const char* cart;
  const char* path;
};
const BadCart kRejectedCarts[] = {
    {R"({"name":"not an array"})", "cart"},
    {R"([1])", "cart[0]"},
    {R"([{"name":"A","price":"abc","quantity":1}])", "cart[0].price"},
    {R"([{"name":"A","price":true,"quantity":1}])", "cart[0].price"},
    {R"([{"name":"A","price":"1,50","quantity":1}])", "cart[0].price"},
    {R"([{"name":"A","price":1e300,"quantity":1}])", "cart[0].price"},
    {R"([{"name":"A","quantity":1}])", "cart[0].price"},
    {R"([{"name":"A","price":1,"quantity":1.5}])", "cart[0].quantity"},
    {R"([{"name":"A","price":1,"quantity":-1}])", "cart[0].quantity"},
    {R"([{"name":"A","price":1,"quantity":"2"}])", "cart[0].quantity"},
    {R"([{"name":"A","price":1,"quantity":1000001}])", "cart[0].quantity"},
    {R"([{"name":"A","price":1,"quantity":1},{"name":"B","price":1,"quantity":1,"taxLines":{}}])",
     "cart[1].taxLines"},
    {R"([{"name":"A","price":1,"quantity":1,"taxLines":[{"title":"T","amount":"x"}]}])",
     "cart[0].taxLines[0].amount"},
    {R"([{"name":"A","price":1,"quantity":1,"taxLines":[{"title":"T"}]}])",
     "cart[0].taxLines[0].amount"},
    {R"([{"name":"A","price":1,"quantity":1},{"name":"B","price":"-999999999999.99","quantity":1000000}])",
     "cart[1]"},
    {R"([{"name":"A","price":"999999999999.99","quantity":1000000}])", "cart[0]"},
};
}  // namespace

TEST(ACartViewWithoutTotals, ReadsEveryAcceptedLineShape) {
  for (const GoodLine& c : kGoodLines) {
    auto view = view_of_cart(c.cart, c.decimals);
    CHECK_TRUE_TEXT(view.is_ok(), c.cart);
    LONGLONGS_EQUAL_TEXT(1, view->lines.size(), c.cart);
    LONGLONGS_EQUAL_TEXT(c.unit_price, view->lines[0].unit_price, c.cart);
    LONGLONGS_EQUAL_TEXT(c.quantity, view->lines[0].quantity, c.cart);
    STRCMP_EQUAL_TEXT(c.name, view->lines[0].name.c_str(), c.cart);
    CHECK_TRUE_TEXT(c.kind == view->lines[0].kind, c.cart);
  }
}

TEST(ACartViewWithoutTotals, RejectsMalformedCartsNamingThePath) {
  for (const BadCart& c : kRejectedCarts) {
    auto view = view_of_cart(c.cart);
    CHECK_FALSE_TEXT(view.is_ok(), c.cart);
    CHECK_TRUE_TEXT(view.status().kind() == Status::Kind::kInvalidInput, c.cart);
    STRCMP_CONTAINS(c.path, view.status().message().c_str());
  }
}

TEST(ACartViewWithoutTotals, RejectsTotalsThatAreNotMoney) {
  auto view = view_of_body(checkout_with("[]", R"(,"totalPrice":"ten")"));
  CHECK_FALSE(view.is_ok());
  STRCMP_CONTAINS("totalPrice", view.status().message().c_str());
}

TEST(ACartViewWithoutTotals, TreatsEveryLineAsAnItemWhenDepositDetectionIsOff) {
  auto view = view_of_cart(R"([{"name":"Dep","externalId":"lanecast-deposit-1","price":0.25,"quantity":1}])",
                           2, CartViewOptions{2, "", {}});
  CHECK_TRUE(view.is_ok());
  CHECK_TRUE(view->lines[0].kind == LineKind::kItem);
}

TEST(ACartViewWithoutTotals, KnowsDepositsByTheExternalIdsOfTheRuleSet) {
  const char* cart = R"([{"name":"Cola","externalId":"4002","price":1.49,"quantity":3},
      {"name":"Pfand 0,25 €","externalId":"lanecast-pfand-025","price":0.25,"quantity":3},
      {"name":"Pfand 0,15 €","externalId":"lanecast-pfand-015","price":0.15,"quantity":1}])";
  CartViewOptions options;
  options.deposit_ids = {"lanecast-pfand-025", "lanecast-pfand-015"};
  auto view = view_of_cart(cart, 2, options);
  CHECK_TRUE(view.is_ok());
  CHECK_TRUE(view->lines[0].kind == LineKind::kItem);
  CHECK_TRUE(view->lines[1].kind == LineKind::kDeposit);
  CHECK_TRUE(view->lines[2].kind == LineKind::kDeposit);
  LONGLONGS_EQUAL(3, view->item_count);
  auto without = view_of_cart(cart);
  CHECK_TRUE(without->lines[1].kind == LineKind::kItem);
}

TEST(ACartViewWithoutTotals, IsEmptyForANullCart) {
  auto view = view_of_cart("null");
  CHECK_TRUE(view.is_ok());
  CHECK_TRUE(view->lines.empty());
}

TEST_GROUP(ALongCartOnAScreen){};

TEST(ALongCartOnAScreen, ShowsItsLastLinesAndCountsTheOthersWhileTheTotalsCoverAll) {
  struct Case {
    std::size_t lines;
    std::size_t shown;
    std::int64_t omitted;
  };
  const Case cases[] = {
      {0, 0, 0}, {1, 1, 0}, {kMaxLinesShown, kMaxLinesShown, 0},
      {kMaxLinesShown + 1, kMaxLinesShown, 1}, {5000, kMaxLinesShown, 5000 - kMaxLinesShown},
  };
  for (const Case& c : cases) {
    CartView cart;
    for (std::size_t i = 0; i < c.lines; ++i)
      cart.lines.push_back(CartLine{"line " + std::to_string(i), 1, 100, 100, LineKind::kItem});
    cart.total = static_cast<MinorUnits>(c.lines) * 100;
    cart.item_count = static_cast<std::int64_t>(c.lines);
    JsonPtr json = json_parse(json_print(cart_to_json(cart, 2).get()));  // integers are raw text
    const std::string label = std::to_string(c.lines) + " lines";
    const cJSON* lines = cJSON_GetObjectItem(json.get(), "lines");
    LONGLONGS_EQUAL_TEXT(c.shown, cJSON_GetArraySize(lines), label.c_str());
    LONGLONGS_EQUAL_TEXT(c.omitted, cJSON_GetObjectItem(json.get(), "omitted_lines")->valuedouble,
                         label.c_str());
    LONGLONGS_EQUAL_TEXT(c.lines * 100, cJSON_GetObjectItem(json.get(), "total_minor")->valuedouble,
                         label.c_str());
    if (c.shown > 0) {
      const std::string last = "line " + std::to_string(c.lines - 1);
      STRCMP_EQUAL_TEXT(last.c_str(),
                        cJSON_GetObjectItem(cJSON_GetArrayItem(lines, static_cast<int>(c.shown) - 1), "name")->valuestring,
                        label.c_str());
    }
  }
}

TEST_GROUP(ACartViewBuilder){};

// Sums leaving the money range fail naming the line that took them there, and the view is
// not built.
TEST(ACartViewBuilder, NamesTheLineWhoseSumsLeaveTheMoneyRange) {
  const CartViewOptions options;
  const MinorUnits large = kMaxMoneyMagnitude / 10 * 6;
  CartViewBuilder lines(options);
  CHECK_TRUE(lines.add_line("a", "", 1, large).is_ok());
  Status second = lines.add_line("b", "", 1, large);
  CHECK_TRUE(second.kind() == Status::Kind::kInvalidInput);
  STRCMP_EQUAL("cart[1]: amount out of range", second.message().c_str());

  CartViewBuilder taxes(options);
  CHECK_TRUE(taxes.add_line("a", "", 1, 100).is_ok());
  CHECK_TRUE(taxes.add_tax("VAT", "0.19", large).is_ok());
  CHECK_TRUE(taxes.add_line("b", "", 1, 100).is_ok());
  Status tax = taxes.add_tax("VAT", "0.19", large);
  STRCMP_EQUAL("cart[1].taxLines: amount out of range", tax.message().c_str());

  CartViewBuilder summary(options);
  CHECK_TRUE(summary.add_line("a", "", 1, 100).is_ok());
  CHECK_TRUE(summary.add_tax("VAT", "0.19", large).is_ok());
  CHECK_TRUE(summary.add_tax("VAT", "0.07", large).is_ok());
  auto view = summary.finish({});
  CHECK_FALSE(view.is_ok());
  STRCMP_EQUAL("taxLines: amount out of range", view.status().message().c_str());
}
