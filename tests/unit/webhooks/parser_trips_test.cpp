// Realistic bodies built on the reference shapes: prices, fallbacks and the wire's variants.
#include <string>

#include "tests/unit/webhooks/webhook_test_support.h"

using namespace lanecast::webhooks;
using lanecast::webhooks::testing::parse_text;

namespace {

const char* const kTripCheckout = R"({
  "session": {"sessionId": "trip-7"}, "sessionId": "old-copy",
  "customer": {"id": "c-1", "role": "employee"}, "storeId": 12, "storeExternalId": null,
  "timeOfOrigin": "2024-02-29T18:30:00.5+01:00", "timeOfIssue": "2024-02-29T17:31:00Z",
  "orderId": 4711, "status": "completed",
  "cart": [
    {"id": "l1", "externalId": "sku-cola", "name": "Cola 0.5l", "price": 1.15, "quantity": 3,
     "productId": 9, "productSnapshot": {"price": "9.99", "taxCode": "FOOD"},
     "taxLines": [{"taxId": "vat7", "title": "VAT", "rate": 0.07, "amount": "0.23"}]},
    {"id": "l2", "name": "Deposit", "quantity": 3, "productSnapshot": {"price": "0.25"},
     "taxLines": null, "thumbnail": 5},
    {"id": "l3", "name": "Gum", "price": null, "quantity": 1, "productSnapshot": {"price": "0.995"}}
  ],
  "amount": 4.69, "totalPrice": "4.69", "totalTax": "0.30", "subtotalPrice": "4.39",
  "payment": {"paymentStatus": "processing", "paymentTransactionIds": []},
  "somethingNew": {"ignored": [1, 2, 3]}
})";

}  // namespace

TEST_GROUP(ARealisticCheckout){};

TEST(ARealisticCheckout, CarriesExactMinorUnitsAndTheTripsTime) {
  auto root = parse_text(kTripCheckout);
  auto event = parse_checkout(root.get(), 2);
  CHECK_TRUE_TEXT(event.is_ok(), event.status().message().c_str());
  STRCMP_EQUAL("trip-7", event->envelope.session_id.c_str());  // session.sessionId wins
  STRCMP_EQUAL("employee", event->envelope.customer_role.c_str());
  LONGLONGS_EQUAL(12, event->envelope.store_id.value_or(-1));
  STRCMP_EQUAL("", event->envelope.store_external_id.c_str());  // null counts as absent
  LONGLONGS_EQUAL(1709227800500000, event->envelope.time_of_origin.value_or(-1));
  STRCMP_EQUAL("2024-02-29T18:30:00.5+01:00", event->envelope.time_of_origin_text.c_str());
  LONGLONGS_EQUAL(4711, event->order_id);
  CHECK_TRUE(event->status == OrderStatus::kCompleted);
  LONGLONGS_EQUAL(469, event->total_price.value_or(-1));
  LONGLONGS_EQUAL(30, event->total_tax.value_or(-1));
  LONGLONGS_EQUAL(439, event->subtotal_price.value_or(-1));
  LONGLONGS_EQUAL(469, event->amount.value_or(-1));
  STRCMP_EQUAL("processing", event->payment.status.c_str());
  CHECK_TRUE(event->payment.transaction_ids.empty());
}

TEST(ARealisticCheckout, PricesEachLineFromItsPriceElseItsSnapshot) {
  auto root = parse_text(kTripCheckout);
  auto event = parse_checkout(root.get(), 2);
  CHECK_TRUE(event.is_ok());
  LONGS_EQUAL(3, event->cart.size());
  const CartItem& cola = event->cart[0];
  LONGLONGS_EQUAL(115, cola.price);  // the number 1.15, not 114
  LONGLONGS_EQUAL(3, cola.quantity);
  LONGLONGS_EQUAL(9, cola.product_id.value_or(-1));
  STRCMP_EQUAL("FOOD", cola.tax_code.c_str());
  STRCMP_EQUAL("sku-cola", cola.external_id.c_str());
  LONGS_EQUAL(1, cola.tax_lines.size());
  STRCMP_EQUAL("0.07", cola.tax_lines[0].rate.c_str());
  CHECK_TRUE(cola.tax_lines[0].amount_known);
  LONGLONGS_EQUAL(23, cola.tax_lines[0].amount);
  LONGLONGS_EQUAL(25, event->cart[1].price);
  CHECK_FALSE(event->cart[1].product_id.has_value());
  CHECK_TRUE(event->cart[1].tax_lines.empty());
  LONGLONGS_EQUAL(100, event->cart[2].price);  // "0.995" rounds once, half away from zero
}

TEST_GROUP(ASessionId){};

TEST(ASessionId, FallsBackToTheDeprecatedCopiesInOrder) {
  struct Case {
    const char* body;
    const char* session;
  };
  const Case cases[] = {
      {R"({"session": {"sessionId": "a"}, "sessionId": "b", "sessionToken": "c"})", "a"},
      {R"({"session": null, "sessionId": "b", "sessionToken": "c"})", "b"},
      {R"({"session": {"sessionId": ""}, "sessionId": "b"})", "b"},
      {R"({"session": {}, "sessionToken": "c"})", "c"},
      {R"({"sessionId": null, "sessionToken": "c"})", "c"},
  };
  for (const Case& c : cases) {
    const std::string body = std::string(c.body).insert(1, R"("checkoutZoneId": 3, )");
    auto root = parse_text(body);
    auto event = parse_zone_event(root.get(), true, 2);
    CHECK_TRUE_TEXT(event.is_ok(), body.c_str());
    STRCMP_EQUAL_TEXT(c.session, event->envelope.session_id.c_str(), body.c_str());
  }
}

TEST_GROUP(AStoreId){};

TEST(AStoreId, FallsBackToTheStoreObject) {
  auto root = parse_text(R"({"orderId": 1, "status": "draft", "store": {"oasisApiStoreId": 77}})");
  auto event = parse_checkout(root.get(), 2);
  CHECK_TRUE(event.is_ok());
  LONGLONGS_EQUAL(77, event->envelope.store_id.value_or(-1));
  auto wrong = parse_text(R"({"orderId": 1, "status": "draft", "store": {"oasisApiStoreId": "77"}})");
  STRCMP_EQUAL("store.oasisApiStoreId: expected an integer",
               parse_checkout(wrong.get(), 2).status().message().c_str());
}

TEST_GROUP(AMinimalOrder){};

TEST(AMinimalOrder, NeedsOnlyOrderIdAndStatus) {
  auto root = parse_text(R"({"orderId": 9007199254740991, "status": "draft"})");
  auto event = parse_checkout(root.get(), 2);
  CHECK_TRUE_TEXT(event.is_ok(), event.status().message().c_str());
  LONGLONGS_EQUAL(9007199254740991LL, event->order_id);
  CHECK_TRUE(event->cart.empty());
  CHECK_FALSE(event->total_price.has_value());
  CHECK_FALSE(event->envelope.time_of_origin.has_value());
  STRCMP_EQUAL("", event->envelope.session_id.c_str());
}

TEST(AMinimalOrder, IgnoresNullsAndUnknownFields) {
  auto root = parse_text(R"({"orderId": 3, "status": "reviewed", "cart": null, "totalPrice": null,
    "payment": null, "customer": null, "timeOfOrigin": null, "Status": 5, "ORDERID": "x"})");
  auto event = parse_cart_mutator(root.get(), 2);
  CHECK_TRUE_TEXT(event.is_ok(), event.status().message().c_str());
  LONGLONGS_EQUAL(3, event->order_id);
  CHECK_TRUE(event->status == OrderStatus::kReviewed);
}

TEST_GROUP(AReviewRequest){};

TEST(AReviewRequest, CarriesTheOperatorsReviewedTotalAsStringOrNumber) {
  auto text = parse_text(R"({"orderId": 5, "status": "reviewed", "reviewedTotalPrice": "8.50"})");
  LONGLONGS_EQUAL(850, parse_cart_mutator(text.get(), 2)->reviewed_total_price.value_or(-1));
  auto number = parse_text(R"({"orderId": 5, "status": "reviewed", "reviewedTotalPrice": 8.5})");
  LONGLONGS_EQUAL(850, parse_cart_mutator(number.get(), 2)->reviewed_total_price.value_or(-1));
}

TEST_GROUP(AZoneBody){};

TEST(AZoneBody, KeepsAnIntegerZoneIdAsItsDigits) {
  auto root = parse_text(R"({"checkoutZoneId": 1234567890123, "sessionId": "s"})");
  auto event = parse_zone_event(root.get(), false, 2);
  CHECK_TRUE(event.is_ok());
  STRCMP_EQUAL("1234567890123", event->zone_id.c_str());
  CHECK_FALSE(event->entered);
  CHECK_FALSE(event->attention_needed());
}

TEST(AZoneBody, TakesShopperFlagsAsAList) {
  auto root = parse_text(R"({"checkoutZoneId": "z-2", "sessionId": "s",
    "shopper": {"shopperId": 81, "shopperFlags": ["LOYAL", "AGE_RESTRICTED_ITEM"]}})");
  auto event = parse_zone_event(root.get(), true, 2);
  CHECK_TRUE(event.is_ok());
  STRCMP_EQUAL("81", event->shopper_id.c_str());
  LONGS_EQUAL(2, event->shopper_flags.size());
  CHECK_TRUE(event->attention_needed());
}

TEST(AZoneBody, TakesTheDeprecatedSessionFlagsAsAStringOrAList) {
  auto text = parse_text(R"({"checkoutZoneId": "z", "sessionId": "s",
    "shoppingSessionFlags": "POTENTIALLY_INTERACTED_WITH_ALCOHOL"})");
  auto one = parse_zone_event(text.get(), true, 2);
  CHECK_TRUE_TEXT(one.is_ok(), one.status().message().c_str());
  LONGS_EQUAL(1, one->session_flags.size());
  CHECK_TRUE(one->attention_needed());
  auto list = parse_text(R"({"checkoutZoneId": "z", "sessionId": "s",
    "shoppingSessionFlags": ["LOYAL", "AGE_RESTRICTED_ITEM"], "shopper": {"shopperId": "81"}})");
  auto two = parse_zone_event(list.get(), true, 2);
  CHECK_TRUE_TEXT(two.is_ok(), two.status().message().c_str());
  LONGS_EQUAL(2, two->session_flags.size());
  CHECK_TRUE(two->shopper_flags.empty());
  CHECK_TRUE(two->attention_needed());
  auto wrong = parse_text(R"({"checkoutZoneId": "z", "sessionId": "s", "shoppingSessionFlags": 7})");
  STRCMP_CONTAINS("shoppingSessionFlags", parse_zone_event(wrong.get(), true, 2).status().message().c_str());
}

TEST(AZoneBody, HasAnEmptyButPresentCartWhenSentAnEmptyList) {
  auto root = parse_text(R"({"checkoutZoneId": "z", "sessionId": "s", "cart": []})");
  auto event = parse_zone_event(root.get(), true, 2);
  CHECK_TRUE(event.is_ok());
  CHECK_TRUE(event->cart.has_value());
  CHECK_TRUE(event->cart->empty());
}
