#include "daemon/app/webhook_intake.h"

#include <fstream>
#include <sstream>
#include <string>

#include "daemon/core/json.h"
#include "daemon/core/digest.h"

#include <CppUTest/TestHarness.h>

using lanecast::JsonPtr;
using lanecast::app::intake_cart_mutator;
using lanecast::app::intake_checkout;
using lanecast::app::intake_zone_event;
using lanecast::app::IntakeSettings;
using lanecast::app::MutationOutcome;

namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::string(LANECAST_FIXTURES_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

JsonPtr parse(const std::string& text) { return JsonPtr(cJSON_Parse(text.c_str())); }

}  // namespace

namespace {
const lanecast::app::Mutator kNoPricing{};
}  // namespace

TEST_GROUP(ACheckoutIntake) {
  IntakeSettings settings;
};

TEST(ACheckoutIntake, KeysTheRecordByOrderStatusAndBodyDigest) {
  const std::string body = fixture("checkout-reference-example.json");
  auto intake = intake_checkout("/aifi/checkout", body, 42, settings, kNoPricing);
  CHECK_TRUE_TEXT(intake.is_ok(), intake.status().to_string().c_str());
  STRCMP_EQUAL(("checkout|0|reviewed|" + lanecast::sha256_hex(body)).c_str(),
               intake->record.dedupe_key.c_str());
  STRCMP_EQUAL(body.c_str(), intake->record.body.c_str());
  LONGLONGS_EQUAL(42, intake->record.received_at_us);
  CHECK(intake->record.order.has_value());
  LONGS_EQUAL(2, intake->record.order->status_rank);
  LONGLONGS_EQUAL(1099, *intake->record.order->total_minor);
  LONGLONGS_EQUAL(99, *intake->record.order->tax_minor);
}

TEST(ACheckoutIntake, AnswersWithTheStableReferenceAndEchoesThePayment) {
  auto intake = intake_checkout("/aifi/checkout", fixture("checkout-reference-example.json"), 0, settings, kNoPricing);
  STRCMP_EQUAL(
      R"({"externalId":"LC-0","payment":{"paymentStatus":"success","paymentTransactionIds":["string"]}})",
      intake->record.answer.c_str());
}

TEST(ACheckoutIntake, ForcesThePaymentStatusWhenConfigured) {
  settings.forced_payment_status = "processing";
  settings.order_prefix = "STORE7-";
  auto intake = intake_checkout("/aifi/checkout", fixture("checkout-reference-example.json"), 0, settings, kNoPricing);
  auto answer = parse(intake->record.answer);
  STRCMP_EQUAL("STORE7-0", cJSON_GetObjectItem(answer.get(), "externalId")->valuestring);
  STRCMP_EQUAL("processing",
               cJSON_GetObjectItem(cJSON_GetObjectItem(answer.get(), "payment"), "paymentStatus")->valuestring);
}

TEST(ACheckoutIntake, RejectsWhatTheParserRejects) {
  auto intake = intake_checkout("/aifi/checkout", R"({"orderId": 1, "status": "paid"})", 0, settings, kNoPricing);
  CHECK_FALSE(intake.is_ok());
  CHECK(intake.status().kind() == lanecast::Status::Kind::kInvalidInput);
  STRCMP_CONTAINS("status", intake.status().message().c_str());
}

TEST_GROUP(AZoneIntake) {
  IntakeSettings settings;
};

TEST(AZoneIntake, GivesALegacyBodyAndItsRedeliveryTheSessionsKey) {
  const std::string body = fixture("checkout-zone-entered-legacy.json");
  auto first = intake_zone_event("/aifi/checkout-zone/entered", body, true, 1, settings, kNoPricing);
  auto second = intake_zone_event("/aifi/checkout-zone/entered", body, true, 2, settings, kNoPricing);
  CHECK_TRUE_TEXT(first.is_ok(), first.status().to_string().c_str());
  STRCMP_EQUAL("zone|some-unique-token|1|entered|2023-01-19T10:49:06.149Z|attention",
               first->record.dedupe_key.c_str());
  STRCMP_EQUAL(first->record.dedupe_key.c_str(), second->record.dedupe_key.c_str());
  CHECK(first->record.zone->attention_needed);
  STRCMP_EQUAL("{}", first->record.answer.c_str());
  auto left = intake_zone_event("/aifi/checkout-zone/left", body, false, 3, settings, kNoPricing);
  CHECK(left->record.dedupe_key != first->record.dedupe_key);
  CHECK_FALSE(left->record.zone->entered);
}

TEST_GROUP(ACartMutatorIntake) {
  IntakeSettings settings;
};

TEST(ACartMutatorIntake, StoresWhatTheMutationFunctionAnswers) {
  const std::string body = fixture("cart-mutator-reference-shape.json");
  int calls = 0;
  lanecast::app::Mutator mutator;
  mutator.mutate = [&calls](const cJSON* request, const lanecast::webhooks::CartMutatorRequest& typed) {
        ++calls;
        LONGLONGS_EQUAL(0, typed.order_id);
        CHECK(cJSON_IsObject(request));
        MutationOutcome outcome;
        outcome.answer = "{\"mutated\":true}";
        outcome.info.rules_version = "v1";
        return outcome;
      };
  auto intake = intake_cart_mutator("/aifi/cart-mutator", body, 0, settings, mutator);
  CHECK_TRUE_TEXT(intake.is_ok(), intake.status().to_string().c_str());
  LONGS_EQUAL(1, calls);
  STRCMP_EQUAL("{\"mutated\":true}", intake->record.answer.c_str());
  STRCMP_EQUAL(("cart_mutator|" + lanecast::sha256_hex(body)).c_str(), intake->record.dedupe_key.c_str());
  STRCMP_EQUAL("v1", intake->record.mutation->rules_version.c_str());
}

TEST_GROUP(AnIntakeForTheScreens) {
  IntakeSettings settings;
  lanecast::display::LaneHub hub{lanecast::display::HubSettings{}};
};

TEST(AnIntakeForTheScreens, PutsAShopperOnTheLaneOnlyWhenApplied) {
  auto intake = intake_zone_event("/aifi/checkout-zone/entered", fixture("checkout-zone-entered-legacy.json"),
                                  true, 1'000'000, settings, kNoPricing);
  CHECK_FALSE(hub.lane_view("1").has_value());
  intake->show(hub);
  auto lane = hub.lane_view("1");
  CHECK(lane.has_value());
  LONGS_EQUAL(1, static_cast<long>(lane->shoppers));
}

namespace {

// The reference zone body as one member of a group sends it.
std::string member_body(const char* shopper_id, bool flagged) {
  lanecast::JsonPtr body = lanecast::json_parse(fixture("checkout-zone-entered-reference-shape.json"));
  cJSON_ReplaceItemInObject(body.get(), "checkoutZoneId", cJSON_CreateString("2"));
  cJSON* shopper = cJSON_GetObjectItemCaseSensitive(body.get(), "shopper");
  cJSON_ReplaceItemInObject(shopper, "shopperId", cJSON_CreateString(shopper_id));
  cJSON_ReplaceItemInObject(shopper, "shopperFlags",
                            flagged ? cJSON_CreateString("POTENTIALLY_INTERACTED_WITH_ALCOHOL")
                                    : cJSON_CreateArray());
  cJSON_DeleteItemFromObject(body.get(), "cart");
  return lanecast::json_print(body.get());
}

}  // namespace

TEST(AnIntakeForTheScreens, PutsEveryMemberOfAGroupOnTheLaneWithTheFlagOfEither) {
  auto first = intake_zone_event("/aifi/checkout-zone/entered", member_body("m-1", false), true,
                                 1'000'000, settings, kNoPricing);
  auto second = intake_zone_event("/aifi/checkout-zone/entered", member_body("m-2", true), true,
                                  1'000'001, settings, kNoPricing);
  CHECK_TRUE_TEXT(second.is_ok(), second.status().to_string().c_str());
  CHECK(first->record.dedupe_key != second->record.dedupe_key);
  STRCMP_EQUAL("m-2", second->record.zone->shopper_id.c_str());
  CHECK_TRUE(second->record.zone->attention_needed);
  first->show(hub);
  second->show(hub);
  auto lane = hub.lane_view("2");
  LONGS_EQUAL(2, static_cast<long>(lane->shoppers));
  CHECK_TRUE(lane->attention);
}

TEST(AnIntakeForTheScreens, RaisesAStaffAlertWhenTheMutationFellBack) {
  lanecast::app::Mutator failing;
  failing.mutate = [](const cJSON* request, const lanecast::webhooks::CartMutatorRequest&) {
    MutationOutcome outcome;
    outcome.answer = lanecast::json_print(request);
    outcome.info.fell_back = true;
    outcome.info.failure = "rules do not fit";
    return outcome;
  };
  auto intake = intake_cart_mutator("/aifi/cart-mutator", fixture("cart-mutator-reference-shape.json"), 0,
                                    settings, failing);
  intake->show(hub);
  STRCMP_CONTAINS("mutator_failed", hub.alerts_json().c_str());
  STRCMP_CONTAINS("rules do not fit", hub.alerts_json().c_str());
}
