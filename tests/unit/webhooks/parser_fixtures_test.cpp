// The reference payloads of tests/fixtures/, parsed into typed events.
#include <string>

#include "tests/unit/webhooks/webhook_test_support.h"

using namespace lanecast::webhooks;
using lanecast::webhooks::testing::parse_fixture;

namespace {
constexpr const char* kSession = "d3a00526-1864-4f6e-bb2d-46e3ab7fa780";
constexpr long long kReferenceTime = 1566656122000000;  // 2019-08-24T14:15:22Z

void check_reference_envelope(const Envelope& e) {
  STRCMP_EQUAL(kSession, e.session_id.c_str());
  STRCMP_EQUAL("string", e.customer_id.c_str());
  STRCMP_EQUAL("customer", e.customer_role.c_str());
  CHECK_TRUE(e.store_id.has_value());
  LONGLONGS_EQUAL(0, *e.store_id);
  STRCMP_EQUAL("string", e.store_external_id.c_str());
  LONGLONGS_EQUAL(kReferenceTime, e.time_of_origin.value_or(-1));
  LONGLONGS_EQUAL(kReferenceTime, e.time_of_issue.value_or(-1));
  STRCMP_EQUAL("2019-08-24T14:15:22Z", e.time_of_origin_text.c_str());
}

// The single line of AiFi's reference example, whose values are placeholders.
void check_reference_line(const std::vector<CartItem>& cart) {
  LONGS_EQUAL(1, cart.size());
  const CartItem& item = cart[0];
  STRCMP_EQUAL("string", item.id.c_str());
  STRCMP_EQUAL("string", item.external_id.c_str());
  STRCMP_EQUAL("string", item.name.c_str());
  STRCMP_EQUAL("string", item.barcode.c_str());
  STRCMP_EQUAL("string", item.category.c_str());
  STRCMP_EQUAL("string", item.sku.c_str());
  STRCMP_EQUAL("string", item.tax_code.c_str());
  LONGLONGS_EQUAL(0, item.product_id.value_or(-1));
  LONGLONGS_EQUAL(0, item.price);
  LONGLONGS_EQUAL(0, item.quantity);
  LONGS_EQUAL(1, item.tax_lines.size());
  STRCMP_EQUAL("string", item.tax_lines[0].tax_id.c_str());
  STRCMP_EQUAL("string", item.tax_lines[0].title.c_str());
  STRCMP_EQUAL("string", item.tax_lines[0].rate.c_str());
  CHECK_FALSE(item.tax_lines[0].amount_known);  // the example's amount is "string"
}

void check_reference_payment(const Payment& p) {
  STRCMP_EQUAL("NONE", p.provider.c_str());
  STRCMP_EQUAL("success", p.status.c_str());
  LONGS_EQUAL(1, p.transaction_ids.size());
  STRCMP_EQUAL("string", p.transaction_ids[0].c_str());
}
}  // namespace

TEST_GROUP(TheReferenceCheckout){};

TEST(TheReferenceCheckout, ParsesIntoACheckoutEvent) {
  auto root = parse_fixture("checkout-reference-example.json");
  auto event = parse_checkout(root.get(), 2);
  CHECK_TRUE_TEXT(event.is_ok(), event.status().message().c_str());
  check_reference_envelope(event->envelope);
  LONGLONGS_EQUAL(0, event->order_id);
  CHECK_TRUE(event->status == OrderStatus::kReviewed);
  check_reference_line(event->cart);
  LONGLONGS_EQUAL(1099, event->total_price.value_or(-1));
  LONGLONGS_EQUAL(99, event->total_tax.value_or(-1));
  LONGLONGS_EQUAL(1000, event->subtotal_price.value_or(-1));
  LONGLONGS_EQUAL(1099, event->amount.value_or(-1));  // the number 10.99, exactly
  check_reference_payment(event->payment);
}

TEST(TheReferenceCheckout, UsesTheStoresDecimals) {
  auto root = parse_fixture("checkout-reference-example.json");
  auto event = parse_checkout(root.get(), 3);
  CHECK_TRUE(event.is_ok());
  LONGLONGS_EQUAL(10990, event->total_price.value_or(-1));
  LONGLONGS_EQUAL(10990, event->amount.value_or(-1));
  auto yen = parse_checkout(root.get(), 0);
  CHECK_TRUE(yen.is_ok());
  LONGLONGS_EQUAL(11, yen->total_price.value_or(-1));  // 10.99 rounds once, half away from zero
}

TEST_GROUP(TheReferenceCartMutatorRequest){};

TEST(TheReferenceCartMutatorRequest, ParsesIntoARequest) {
  auto root = parse_fixture("cart-mutator-reference-shape.json");
  auto request = parse_cart_mutator(root.get(), 2);
  CHECK_TRUE_TEXT(request.is_ok(), request.status().message().c_str());
  check_reference_envelope(request->envelope);
  LONGLONGS_EQUAL(0, request->order_id);
  CHECK_TRUE(request->status == OrderStatus::kReviewed);
  check_reference_line(request->cart);
  LONGLONGS_EQUAL(1099, request->total_price.value_or(-1));
  LONGLONGS_EQUAL(99, request->total_tax.value_or(-1));
  LONGLONGS_EQUAL(1000, request->subtotal_price.value_or(-1));
  CHECK_FALSE(request->reviewed_total_price.has_value());
  check_reference_payment(request->payment);
}

TEST_GROUP(TheReferenceZoneEvent){};

TEST(TheReferenceZoneEvent, ParsesWithShopperFlagsAndTheOptionalCart) {
  auto root = parse_fixture("checkout-zone-entered-reference-shape.json");
  auto event = parse_zone_event(root.get(), true, 2);
  CHECK_TRUE_TEXT(event.is_ok(), event.status().message().c_str());
  check_reference_envelope(event->envelope);
  CHECK_TRUE(event->entered);
  STRCMP_EQUAL("string", event->zone_id.c_str());
  STRCMP_EQUAL("string", event->shopper_id.c_str());
  LONGS_EQUAL(1, event->shopper_flags.size());
  STRCMP_EQUAL("POTENTIALLY_INTERACTED_WITH_ALCOHOL", event->shopper_flags[0].c_str());
  CHECK_FALSE(event->special_attention);
  CHECK_TRUE(event->attention_needed());
  CHECK_TRUE(event->cart.has_value());
  check_reference_line(*event->cart);
}

TEST(TheReferenceZoneEvent, KnowsWhetherTheShopperLeft) {
  auto root = parse_fixture("checkout-zone-entered-reference-shape.json");
  auto event = parse_zone_event(root.get(), false, 2);
  CHECK_TRUE(event.is_ok());
  CHECK_FALSE(event->entered);
}

TEST_GROUP(TheLegacyZoneEvent){};

TEST(TheLegacyZoneEvent, ParsesWithoutSessionStoreOrShopper) {
  auto root = parse_fixture("checkout-zone-entered-legacy.json");
  auto event = parse_zone_event(root.get(), true, 2);
  CHECK_TRUE_TEXT(event.is_ok(), event.status().message().c_str());
  const Envelope& e = event->envelope;
  STRCMP_EQUAL("some-unique-token", e.session_id.c_str());
  STRCMP_EQUAL("42", e.customer_id.c_str());
  STRCMP_EQUAL("customer", e.customer_role.c_str());
  LONGLONGS_EQUAL(2, e.store_id.value_or(-1));
  STRCMP_EQUAL("mystore-0001", e.store_external_id.c_str());
  LONGLONGS_EQUAL(1674125346149000, e.time_of_origin.value_or(-1));
  STRCMP_EQUAL("2023-01-19T10:49:06.149Z", e.time_of_origin_text.c_str());
  STRCMP_EQUAL("1", event->zone_id.c_str());  // an integer on the wire, printed without ".0"
  STRCMP_EQUAL("", event->shopper_id.c_str());
  CHECK_TRUE(event->shopper_flags.empty());
  CHECK_TRUE(event->special_attention);
  CHECK_TRUE(event->attention_needed());
  CHECK_FALSE(event->cart.has_value());
}
