#include "daemon/ctl/trip.h"

#include <set>
#include <string>

#include "daemon/core/json.h"
#include "daemon/core/money.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::ctl;
using lanecast::JsonPtr;

namespace {

constexpr std::int64_t kNow = 1'795'860'900'000'000;  // 2026-11-28T10:15:00Z

JsonPtr parse(const std::string& text) {
  JsonPtr json(cJSON_Parse(text.c_str()));
  if (!json) FAIL(("not JSON: " + text.substr(0, 200)).c_str());
  return json;
}

const cJSON* at(const cJSON* object, const char* name) { return cJSON_GetObjectItemCaseSensitive(object, name); }
std::string text_at(const cJSON* object, const char* name) {
  const cJSON* item = at(object, name);
  return cJSON_IsString(item) ? item->valuestring : "<not a string>";
}

TripPlan a_trip(std::uint64_t seed, PlanOdds odds = {}) {
  std::mt19937_64 random(seed);
  return plan_trip(random, 5000, 7, odds, kNow);
}

}  // namespace

TEST_GROUP(TheStoreCatalog){};

TEST(TheStoreCatalog, HasValidBarcodesTaxCodesAndCategoriesOfTheGermanRules) {
  const std::set<std::string> categories = {"Getränke", "Bier", "Backwaren", "Obst & Gemüse",
                                            "Milchprodukte", "Lebensmittel", "Drogerie", "Tabak"};
  std::set<std::int64_t> ids;
  for (const Product& product : store_catalog()) {
    const std::string barcode = barcode_of(product);
    LONGS_EQUAL(13, static_cast<long>(barcode.size()));
    LONGS_EQUAL(barcode.back() - '0', ean13_check_digit(std::string_view(barcode).substr(0, 12)));
    CHECK_TEXT(categories.count(std::string(product.category)) == 1, product.name.data());
    const bool standard_rate = product.category == "Getränke" || product.category == "Bier" ||
                               product.category == "Drogerie" || product.category == "Tabak";
    STRCMP_EQUAL(standard_rate ? "A" : "B", std::string(product.tax_code).c_str());
    CHECK_TRUE(product.price_minor > 0 && product.popularity > 0);
    CHECK_TRUE(ids.insert(product.product_id).second);
  }
  LONGS_EQUAL(1, ean13_check_digit("400638133393"));  // a published EAN: 4006381333931
}

TEST_GROUP(APlannedTrip){};

TEST(APlannedTrip, IsTheSameForTheSameSeed) {
  const TripPlan a = a_trip(42);
  const TripPlan b = a_trip(42);
  STRCMP_EQUAL(a.session_id.c_str(), b.session_id.c_str());
  LONGS_EQUAL(static_cast<long>(a.lines.size()), static_cast<long>(b.lines.size()));
  LONGLONGS_EQUAL(a.total_minor(), b.total_minor());
  CHECK_FALSE(a.session_id == a_trip(43).session_id);
  LONGLONGS_EQUAL(5007, a.order_id);
}

TEST(APlannedTrip, HasAUuidSessionDistinctProductsAndSaneQuantities) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const TripPlan trip = a_trip(seed);
    LONGS_EQUAL(36, static_cast<long>(trip.session_id.size()));
    LONGS_EQUAL('4', trip.session_id[14]);
    CHECK_TRUE(trip.lines.size() >= 1 && trip.lines.size() <= 8);
    std::set<const Product*> seen;
    std::int64_t total = 0;
    for (const TripLine& line : trip.lines) {
      CHECK_TRUE(seen.insert(line.product).second);
      CHECK_TRUE(line.quantity >= 1 && line.quantity <= 6);
      total += line.product->price_minor * line.quantity;
    }
    LONGLONGS_EQUAL(total, trip.total_minor());
    CHECK_TRUE(trip.group_size >= 1 && trip.group_size <= 4);
  }
}

TEST(APlannedTrip, PutsAReviewDaysBackAndOrdinaryTripsNow) {
  const TripPlan review = a_trip(5, PlanOdds{0, 100});
  CHECK_TRUE(review.review);
  const std::int64_t age = kNow - review.time_of_origin_us;
  CHECK_TRUE(age >= 24 * 3'600'000'000LL && age <= 7 * 24 * 3'600'000'000LL);
  const TripPlan ordinary = a_trip(5, PlanOdds{0, 0});
  CHECK_FALSE(ordinary.review);
  LONGS_EQUAL(1, ordinary.group_size);
  LONGLONGS_EQUAL(kNow, ordinary.time_of_origin_us);
}

TEST_GROUP(TripBodies){};

TEST(TripBodies, PriceItemsAsExactJsonNumbersAndTotalThem) {
  TripPlan trip = a_trip(9);
  trip.zone = "2";
  JsonPtr body = parse(mutator_body(trip, "draft", kNow + 1000));
  STRCMP_EQUAL("draft", text_at(body.get(), "status").c_str());
  STRCMP_EQUAL(trip.session_id.c_str(), text_at(body.get(), "sessionId").c_str());
  STRCMP_EQUAL(trip.session_id.c_str(), text_at(at(body.get(), "session"), "sessionId").c_str());
  STRCMP_EQUAL("2026-11-28T10:15:00.000Z", text_at(body.get(), "timeOfOrigin").c_str());
  STRCMP_EQUAL("2026-11-28T10:15:00.001Z", text_at(body.get(), "timeOfIssue").c_str());
  const std::string total = lanecast::format_money(trip.total_minor(), 2);
  STRCMP_EQUAL(total.c_str(), text_at(body.get(), "totalPrice").c_str());
  STRCMP_EQUAL("0.00", text_at(body.get(), "totalTax").c_str());

  const cJSON* cart = at(body.get(), "cart");
  LONGS_EQUAL(static_cast<long>(trip.lines.size()), cJSON_GetArraySize(cart));
  const cJSON* item = cJSON_GetArrayItem(cart, 0);
  const Product& product = *trip.lines[0].product;
  const std::string raw = mutator_body(trip, "draft", kNow);
  const std::string price_text = "\"price\":" + lanecast::format_money(product.price_minor, 2) + ",";
  CHECK_TRUE_TEXT(raw.find(price_text) != std::string::npos, price_text.c_str());
  STRCMP_EQUAL(std::string(product.tax_code).c_str(), text_at(at(item, "productSnapshot"), "taxCode").c_str());
  STRCMP_EQUAL(std::string(product.sku).c_str(), text_at(item, "externalId").c_str());
  LONGS_EQUAL(trip.lines[0].quantity, at(item, "quantity")->valueint);
}

TEST(TripBodies, CheckOutWithTheCartAndTotalsTheMutatorAnswered) {
  const TripPlan trip = a_trip(11);
  const std::string answer =
      "{\"cart\":[{\"id\":\"x\",\"price\":1.5,\"quantity\":1}],\"totalPrice\":\"1.5\",\"totalTax\":\"0.10\","
      "\"subtotalPrice\":\"1.40\"}";
  PricedCart priced;
  CHECK_TRUE(priced_cart_from_answer(answer, &priced));
  STRCMP_EQUAL("1.50", priced.total_price.c_str());
  const std::string body = checkout_body(trip, "completed", priced, kNow);
  CHECK_TRUE(body.find("\"amount\":1.50,") != std::string::npos);
  JsonPtr json = parse(body);
  STRCMP_EQUAL("completed", text_at(json.get(), "status").c_str());
  STRCMP_EQUAL("1.50", text_at(json.get(), "totalPrice").c_str());
  STRCMP_EQUAL("0.10", text_at(json.get(), "totalTax").c_str());
  STRCMP_EQUAL("1.40", text_at(json.get(), "subtotalPrice").c_str());
  LONGS_EQUAL(1, cJSON_GetArraySize(at(json.get(), "cart")));
  STRCMP_EQUAL("success", text_at(at(json.get(), "payment"), "paymentStatus").c_str());
  JsonPtr draft = parse(checkout_body(trip, "draft", priced, kNow));
  STRCMP_EQUAL("pending", text_at(at(draft.get(), "payment"), "paymentStatus").c_str());
}

TEST(TripBodies, IgnoreAMutatorAnswerThatIsNotAPricedCart) {
  const char* unusable[] = {
      "",
      "not json",
      "{\"totalPrice\":\"1.00\",\"totalTax\":\"0\",\"subtotalPrice\":\"1.00\"}",
      "{\"cart\":{},\"totalPrice\":\"1.00\",\"totalTax\":\"0\",\"subtotalPrice\":\"1.00\"}",
      "{\"cart\":[],\"totalPrice\":1.00,\"totalTax\":\"0\",\"subtotalPrice\":\"1.00\"}",
      "{\"cart\":[],\"totalPrice\":\"1.001\",\"totalTax\":\"0\",\"subtotalPrice\":\"1.00\"}",
      "{\"cart\":[],\"totalPrice\":\"1e3\",\"totalTax\":\"0\",\"subtotalPrice\":\"1.00\"}",
      "{\"cart\":[],\"totalPrice\":\"1.00\",\"totalTax\":\"0\"}",
  };
  for (const char* answer : unusable) {
    PricedCart priced;
    CHECK_FALSE_TEXT(priced_cart_from_answer(answer, &priced), answer);
  }
}

TEST(TripBodies, GiveEachGroupMemberItsOwnShopperAndFlagOnlyTheOneWhoTookBeer) {
  TripPlan trip = a_trip(3);
  trip.zone = "1";
  trip.group_size = 3;
  trip.lines = {{&store_catalog()[0], 1}};
  for (int member = 0; member < trip.group_size; ++member) {
    JsonPtr plain = parse(zone_body(trip, member, kNow));
    STRCMP_EQUAL("1", text_at(plain.get(), "checkoutZoneId").c_str());
    STRCMP_EQUAL((trip.customer_id + "-" + std::to_string(member + 1)).c_str(),
                 text_at(at(plain.get(), "shopper"), "shopperId").c_str());
    CHECK_TRUE(cJSON_IsFalse(at(plain.get(), "specialAttention")));
    CHECK_TRUE(cJSON_IsArray(at(at(plain.get(), "shopper"), "shopperFlags")));
  }
  trip.flagged_member = 1;
  for (int member = 0; member < trip.group_size; ++member) {
    JsonPtr body = parse(zone_body(trip, member, kNow));
    const bool flagged = member == 1;
    CHECK_EQUAL_TEXT(flagged, cJSON_IsTrue(at(body.get(), "specialAttention")), std::to_string(member).c_str());
    const cJSON* flags = at(at(body.get(), "shopper"), "shopperFlags");
    CHECK_EQUAL(flagged, cJSON_IsString(flags));
    if (flagged) STRCMP_EQUAL("POTENTIALLY_INTERACTED_WITH_ALCOHOL", flags->valuestring);
  }
  STRCMP_EQUAL(zone_body(trip, 1, kNow).c_str(), zone_body(trip, 1, kNow).c_str());  // a redelivery
}

TEST(APlannedTrip, FlagsOneMemberOfAGroupWithBeerSometimesNotTheFirst) {
  PlanOdds groups;
  groups.group_percent = 100;
  groups.review_percent = 0;
  int later_member_flagged = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const TripPlan trip = a_trip(seed, groups);
    if (!trip.has_alcohol()) {
      LONGS_EQUAL(-1, trip.flagged_member);
      continue;
    }
    CHECK_TRUE(trip.flagged_member >= 0 && trip.flagged_member < trip.group_size);
    if (trip.flagged_member > 0) ++later_member_flagged;
  }
  CHECK_TRUE(later_member_flagged > 0);
}
