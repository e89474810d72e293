// Random carts (seeded, so every run prices the same 2,400 carts) against the shipped example
// rules in every combination of tax inclusion, rounding mode and rounding level. Each answer
// is checked from its JSON alone, with arithmetic written independently of the pricing code:
// totals agree with lines, tax is the sum of the tax lines, subtotal = total - tax, per-line
// taxes are the rounded exact taxes, per-order taxes add up to the rounded order tax, no money
// appears or vanishes, and a reviewed total is met exactly.
#include <map>
#include <random>
#include <string>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/core/timestamp.h"
#include "daemon/pricing/cart_pricer.h"
#include "daemon/pricing/mutator.h"
#include "daemon/pricing/request_reader.h"
#include "daemon/webhooks/parser.h"
#include "pricing_test_support.h"

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using lanecast::JsonPtr;
using lanecast::MinorUnits;
using lanecast::pricing::RuleSet;
using pricing_test::money_of;

namespace {

__extension__ typedef __int128 Big;

struct Product {
  const char* category;
  const char* sku;
  const char* tax_code;
};

struct Store {
  const char* example;
  int decimals;
  std::vector<Product> catalog;
  const char* removed_category;
};

const Store kStores[] = {
    {"pricing-de.json",
     2,
     {{"Milchprodukte", "MILCH1", "B"},
      {"Getränke", "COLA05", "A"},
      {"Bier", "PILS05", ""},
      {"Backwaren", "BREZEL", ""},
      {"Lebensmittel", "4008400401621", ""},
      {"Drogerie", "ZAHN", ""},
      {"Tabak", "ZIG", ""},
      {"", "MISC", ""}},
     "Tabak"},
    {"pricing-us.json",
     2,
     {{"Produce", "BAN", ""},
      {"Soda", "SODA", ""},
      {"Beer", "BEER", ""},
      {"Snacks", "CHIPS", ""},
      {"Tobacco", "CIG", ""},
      {"", "TOWEL", "TAXABLE"},
      {"Grocery", "RICE", "GROCERY"}},
     "Tobacco"},
    {"pricing-jp.json",
     0,
     {{"Food", "ONI", ""},
      {"Bento", "BEN", ""},
      {"Drinks", "TEA", ""},
      {"Alcohol", "BEER", ""},
      {"Household", "SOAP", ""}},
     "none"},
};

struct Variant {
  bool include = true;
  bool half_even = false;
  bool per_order = false;
};

std::string with_store_value(std::string text, const std::string& key, const std::string& value) {
  const auto at = text.find("\"" + key + "\"");
  CHECK_TRUE(at != std::string::npos);
  const auto start = text.find(':', at) + 1;
  const auto end = text.find_first_of(",\n}", start);
  return text.replace(start, end - start, " " + value);
}

std::shared_ptr<const RuleSet> variant_rules(const Store& store, const Variant& v) {
  std::string text = pricing_test::read_text(pricing_test::kExamplesDir + store.example);
  text = with_store_value(text, "pricesIncludeTax", v.include ? "true" : "false");
  text = with_store_value(text, "rounding", v.half_even ? "\"half-even\"" : "\"half-up\"");
  text = with_store_value(text, "taxRoundingLevel", v.per_order ? "\"order\"" : "\"line\"");
  auto loaded = lanecast::pricing::load_rules_text(text, store.example, store.decimals);
  CHECK_TRUE_TEXT(loaded.is_ok(), loaded.status().message().c_str());
  return *loaded;
}

// A cart of up to 40 lines; prices as snapshot strings or item numbers; sometimes a line the
// mutator added earlier; a trip time anywhere in 2024; a quarter are reviews with a total.
JsonPtr random_request(std::mt19937_64& rng, const Store& store) {
  auto pick = [&](long long lo, long long hi) {
    return std::uniform_int_distribution<long long>(lo, hi)(rng);
  };
  JsonPtr request(cJSON_CreateObject());
  const long long origin = 1704067200 + pick(0, 366LL * 86400 - 1);
  cJSON_AddStringToObject(request.get(), "timeOfOrigin",
                          lanecast::format_timestamp(origin * 1'000'000).c_str());
  if (pick(0, 3) == 0) {
    cJSON_AddStringToObject(request.get(), "status", "reviewed");
    cJSON_AddStringToObject(request.get(), "reviewedTotalPrice",
                            lanecast::format_money(pick(0, 60000), store.decimals).c_str());
  }
  cJSON* cart = cJSON_AddArrayToObject(request.get(), "cart");
  const long long lines = pick(0, 40);
  for (long long i = 0; i < lines; ++i) {
    const Product& product = store.catalog[pick(0, store.catalog.size() - 1)];
    cJSON* item = cJSON_CreateObject();
    const std::string id = std::to_string(i);
    cJSON_AddStringToObject(item, "id", id.c_str());
    const bool stale = pick(0, 19) == 0;
    cJSON_AddStringToObject(item, "externalId", stale ? "lanecast-old" : product.sku);
    if (product.category[0] != '\0') cJSON_AddStringToObject(item, "category", product.category);
    cJSON_AddStringToObject(item, "sku", product.sku);
    const std::string price = lanecast::format_money(pick(0, 3000), store.decimals);
    cJSON* snapshot = cJSON_AddObjectToObject(item, "productSnapshot");
    if (pick(0, 1) == 0)
      cJSON_AddStringToObject(snapshot, "price", price.c_str());
    else
      cJSON_AddItemToObject(item, "price", cJSON_CreateRaw(price.c_str()));
    if (product.tax_code[0] != '\0') cJSON_AddStringToObject(snapshot, "taxCode", product.tax_code);
    cJSON_AddNumberToObject(item, "quantity", static_cast<double>(pick(0, 15)));
    cJSON_AddItemToArray(cart, item);
  }
  // Printed and parsed again, as it would arrive: raw prices become numbers.
  return pricing_test::parse(lanecast::json_print(request.get()));
}

Big floor_div(Big numerator, Big denominator) {
  const Big q = numerator / denominator;
  return numerator % denominator < 0 ? q - 1 : q;
}

Big round_div(Big numerator, Big denominator, bool half_even) {
  Big q = floor_div(numerator, denominator);
  const Big r = numerator - q * denominator;
  if (2 * r > denominator || (2 * r == denominator && (half_even ? q % 2 != 0 : numerator >= 0)))
    q += 1;
  return q;
}

long long rate_ppm(const char* fraction) {
  const std::string text = fraction;
  const auto dot = text.find('.');
  std::string digits = dot == std::string::npos ? "" : text.substr(dot + 1);
  digits.resize(6, '0');
  return std::stoll(text.substr(0, dot)) * 1'000'000 + std::stoll(digits);
}

struct Line {
  MinorUnits amount = 0;  // price * quantity
  MinorUnits tax = 0;
  long long ppm = 0;
  std::string tax_id;
  std::string category;
  std::string external_id;
  bool from_aifi = false;  // has an AiFi id: an item of the request, not an added line
};

std::vector<Line> answer_lines(const cJSON* answer, int decimals) {
  std::vector<Line> lines;
  const cJSON* item = nullptr;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(answer, "cart")) {
    const cJSON* tax_lines = cJSON_GetObjectItemCaseSensitive(item, "taxLines");
    LONGS_EQUAL(1, cJSON_GetArraySize(tax_lines));
    const cJSON* tax = cJSON_GetArrayItem(tax_lines, 0);
    Line line;
    line.amount = money_of(cJSON_GetObjectItemCaseSensitive(item, "price"), decimals) *
                  cJSON_GetObjectItemCaseSensitive(item, "quantity")->valueint;
    line.tax = money_of(cJSON_GetObjectItemCaseSensitive(tax, "amount"), decimals);
    line.ppm = rate_ppm(cJSON_GetObjectItemCaseSensitive(tax, "rate")->valuestring);
    line.tax_id = cJSON_GetObjectItemCaseSensitive(tax, "taxId")->valuestring;
    const cJSON* category = cJSON_GetObjectItemCaseSensitive(item, "category");
    if (cJSON_IsString(category)) line.category = category->valuestring;
    line.external_id = cJSON_GetObjectItemCaseSensitive(item, "externalId")->valuestring;
    line.from_aifi = cJSON_GetObjectItemCaseSensitive(item, "id") != nullptr;
    lines.push_back(line);
  }
  return lines;
}

void check_taxes(const std::vector<Line>& lines, const Variant& v) {
  std::map<std::string, std::pair<Big, MinorUnits>> groups;  // exact numerator, line tax sum
  for (const Line& line : lines) {
    const Big numerator = static_cast<Big>(line.amount) * line.ppm;
    const Big denominator = v.include ? 1'000'000 + line.ppm : 1'000'000;
    if (v.per_order) {
      // Each line gets the floor of its exact share, or one more if the share is not whole.
      const Big floor = floor_div(numerator, denominator);
      const bool whole = floor * denominator == numerator;
      CHECK_TRUE(line.tax == floor || (!whole && line.tax == floor + 1));
    } else {
      LONGLONGS_EQUAL(static_cast<long long>(round_div(numerator, denominator, v.half_even)),
                      line.tax);
    }
    groups[line.tax_id].first += numerator;
    groups[line.tax_id].second += line.tax;
  }
  if (!v.per_order) return;
  for (const auto& [id, group] : groups) {
    const long long ppm = [&] {
      for (const Line& line : lines)
        if (line.tax_id == id) return line.ppm;
      return 0LL;
    }();
    const Big denominator = v.include ? 1'000'000 + ppm : 1'000'000;
    LONGLONGS_EQUAL_TEXT(static_cast<long long>(round_div(group.first, denominator, v.half_even)),
                         group.second, id.c_str());
  }
}

// Request items that are neither lines the mutator added earlier nor removed.
int sold_items(const cJSON* request, const Store& store) {
  int count = 0;
  const cJSON* item = nullptr;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(request, "cart")) {
    const cJSON* category = cJSON_GetObjectItemCaseSensitive(item, "category");
    const bool removed =
        cJSON_IsString(category) && store.removed_category == std::string(category->valuestring);
    const bool stale =
        std::string(cJSON_GetObjectItemCaseSensitive(item, "externalId")->valuestring) ==
        "lanecast-old";
    count += removed || stale ? 0 : 1;
  }
  return count;
}

void check_cart(const cJSON* request, const RuleSet& rules, const Store& store, const Variant& v) {
  auto mutation = lanecast::pricing::mutate(request, rules, store.decimals);
  const cJSON* reviewed = cJSON_GetObjectItemCaseSensitive(request, "reviewedTotalPrice");
  if (!mutation.is_ok()) {
    // The only refusal: a reviewed total for a cart that costs nothing.
    CHECK_TRUE_TEXT(reviewed != nullptr, mutation.status().message().c_str());
    STRNCMP_EQUAL("reviewedTotalPrice: cannot be spread", mutation.status().message().c_str(), 36);
    return;
  }
  JsonPtr answer = pricing_test::parse(mutation->answer_json);
  const int d = store.decimals;
  const MinorUnits total =
      money_of(cJSON_GetObjectItemCaseSensitive(answer.get(), "totalPrice"), d);
  const MinorUnits tax = money_of(cJSON_GetObjectItemCaseSensitive(answer.get(), "totalTax"), d);
  const MinorUnits subtotal =
      money_of(cJSON_GetObjectItemCaseSensitive(answer.get(), "subtotalPrice"), d);
  LONGLONGS_EQUAL(mutation->total, total);
  LONGLONGS_EQUAL(mutation->tax, tax);
  LONGLONGS_EQUAL(total - tax, subtotal);
  LONGLONGS_EQUAL(mutation->subtotal, subtotal);
  const std::vector<Line> lines = answer_lines(answer.get(), d);
  MinorUnits amounts = 0, taxes = 0;
  int items = 0;
  for (const Line& line : lines) {
    amounts += line.amount;
    taxes += line.tax;
    items += line.from_aifi ? 1 : 0;
    CHECK_TRUE(line.category != store.removed_category);
    CHECK_TRUE(line.external_id != "lanecast-old");  // sent back, dropped, never doubled
  }
  LONGLONGS_EQUAL(tax, taxes);
  LONGS_EQUAL(sold_items(request, store), items);
  if (reviewed != nullptr) {
    LONGLONGS_EQUAL(money_of(reviewed, d), total);
    return;
  }
  // Nothing created or lost: the lines' prices are the whole bill, plus tax added on top.
  LONGLONGS_EQUAL(v.include ? amounts : amounts + taxes, total);
  check_taxes(lines, v);
}

// Lines of a reviewed cart still add up, each taxed as included at its own rate.
void check_reviewed_lines(const cJSON* request, const RuleSet& rules, int decimals) {
  const cJSON* reviewed = cJSON_GetObjectItemCaseSensitive(request, "reviewedTotalPrice");
  if (reviewed == nullptr) return;
  auto typed = lanecast::webhooks::parse_cart_to_price(request, decimals);
  CHECK_TRUE(typed.is_ok());
  auto read = lanecast::pricing::read_request(*typed, request, rules);
  CHECK_TRUE(read.is_ok());
  auto cart = lanecast::pricing::price_cart(*read, rules);
  if (!cart.is_ok()) return;
  MinorUnits sum = 0;
  for (const auto& line : cart->lines) {
    sum += line.total;
    LONGLONGS_EQUAL(line.amount, line.total);
  }
  LONGLONGS_EQUAL(money_of(reviewed, decimals), sum);
}

}  // namespace

TEST_GROUP(ARandomCart){};

TEST(ARandomCart, AlwaysBalancesAcrossEveryStoreAndRoundingSetting) {
  std::mt19937_64 rng(20240604);
  int carts = 0;
  for (const Store& store : kStores) {
    for (int bits = 0; bits < 8; ++bits) {
      const Variant v{(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
      auto rules = variant_rules(store, v);
      for (int i = 0; i < 100; ++i, ++carts) {
        JsonPtr request = random_request(rng, store);
        check_cart(request.get(), *rules, store, v);
        check_reviewed_lines(request.get(), *rules, store.decimals);
      }
    }
  }
  LONGS_EQUAL(2400, carts);
}

TEST(ARandomCart, GetsTheSameAnswerEveryTime) {
  std::mt19937_64 rng(7);
  auto rules = variant_rules(kStores[0], Variant{true, false, true});
  for (int i = 0; i < 50; ++i) {
    JsonPtr request = random_request(rng, kStores[0]);
    auto first = lanecast::pricing::mutate(request.get(), *rules, 2);
    auto second = lanecast::pricing::mutate(request.get(), *rules, 2);
    CHECK_EQUAL(first.is_ok(), second.is_ok());
    if (first.is_ok()) STRCMP_EQUAL(first->answer_json.c_str(), second->answer_json.c_str());
  }
}
