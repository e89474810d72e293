// Malformed variants of the reference payloads: each must be refused, naming the field.
#include <string>
#include <vector>

#include "tests/unit/webhooks/webhook_test_support.h"

using namespace lanecast::webhooks;
using lanecast::Status;
using lanecast::webhooks::testing::parse_fixture;
using lanecast::webhooks::testing::editable_fixture;
using lanecast::webhooks::testing::with_member;

namespace {

enum class Body { kCheckout, kMutator, kZone, kLegacyZone };

const char* fixture_of(Body body) {
  switch (body) {
    case Body::kCheckout: return "checkout-reference-example.json";
    case Body::kMutator: return "cart-mutator-reference-shape.json";
    case Body::kZone: return "checkout-zone-entered-reference-shape.json";
    case Body::kLegacyZone: return "checkout-zone-entered-legacy.json";
  }
  return "";
}

Status parse_as(Body body, const cJSON* root) {
  switch (body) {
    case Body::kCheckout: return parse_checkout(root, 2).status();
    case Body::kMutator: return parse_cart_mutator(root, 2).status();
    case Body::kZone:
    case Body::kLegacyZone: return parse_zone_event(root, true, 2).status();
  }
  return Status::internal("unknown body");
}

struct Variant {
  Body body;
  const char* path;     // the member to change
  const char* value;    // its new JSON text; nullptr removes it
  const char* message;  // how the rejection starts
};

const std::vector<Variant> kRejected = {
    // The envelope, on every kind of body.
    {Body::kCheckout, "sessionId", "true", "sessionId: expected a string"},
    {Body::kCheckout, "sessionToken", "7", "sessionToken: expected a string"},
    {Body::kCheckout, "session", "true", "session: expected an object"},
    {Body::kCheckout, "session.sessionId", "5", "session.sessionId: expected a string"},
    {Body::kCheckout, "customer", "\"42\"", "customer: expected an object"},
    {Body::kCheckout, "customer.id", "42", "customer.id: expected a string"},
    {Body::kCheckout, "customer.role", "true", "customer.role: expected a string"},
    {Body::kCheckout, "storeId", "\"2\"", "storeId: expected an integer"},
    {Body::kCheckout, "storeId", "1.5", "storeId: expected an integer"},
    {Body::kCheckout, "storeExternalId", "7", "storeExternalId: expected a string"},
    {Body::kCheckout, "timeOfOrigin", "1566656122", "timeOfOrigin: expected an ISO-8601 string"},
    {Body::kCheckout, "timeOfOrigin", "\"2019-13-24T14:15:22Z\"", "timeOfOrigin: not an ISO-8601 timestamp: month out of range"},
    {Body::kCheckout, "timeOfOrigin", "\"2023-02-29T10:00:00Z\"", "timeOfOrigin: not an ISO-8601 timestamp: day out of range"},
    {Body::kCheckout, "timeOfIssue", "\"yesterday\"", "timeOfIssue: not an ISO-8601 timestamp"},
    {Body::kCheckout, "timeOfIssue", "\"2019-08-24T14:15:22\"", "timeOfIssue: not an ISO-8601 timestamp: missing time zone"},
    {Body::kLegacyZone, "customer.id", "42", "customer.id: expected a string"},
    {Body::kZone, "store", "[]", nullptr},  // storeId is present: store is not read
    // Order identity and status.
    {Body::kCheckout, "orderId", nullptr, "orderId: required"},
    {Body::kCheckout, "orderId", "null", "orderId: required"},
    {Body::kCheckout, "orderId", "\"12\"", "orderId: expected an integer"},
    {Body::kCheckout, "orderId", "1.5", "orderId: expected an integer"},
    {Body::kCheckout, "orderId", "1e300", "orderId: expected an integer"},
    {Body::kCheckout, "orderId", "9007199254740992", "orderId: expected an integer"},
    {Body::kCheckout, "orderId", "-9007199254740993", "orderId: expected an integer"},
    {Body::kCheckout, "orderId", "-1", "orderId: must not be negative"},
    {Body::kCheckout, "orderId", "-9007199254740991", "orderId: must not be negative"},
    {Body::kMutator, "orderId", "-1", "orderId: must not be negative"},
    {Body::kCheckout, "status", nullptr, "status: required"},
    {Body::kCheckout, "status", "\"\"", "status: must not be empty"},
    {Body::kCheckout, "status", "2", "status: expected a string"},
    {Body::kCheckout, "status", "\"done\"", "status: expected \"draft\", \"completed\" or \"reviewed\""},
    {Body::kCheckout, "status", "\"Completed\"", "status: expected \"draft\""},
    {Body::kMutator, "orderId", nullptr, "orderId: required"},
    {Body::kMutator, "status", "\"paid\"", "status: expected \"draft\""},
    // Totals and payment.
    {Body::kCheckout, "totalPrice", "true", "totalPrice: expected a decimal string or a number"},
    {Body::kCheckout, "totalPrice", "\"10,99\"", "totalPrice: '10,99' is not a decimal amount"},
    {Body::kCheckout, "totalPrice", "\"1e3\"", "totalPrice: '1e3' is not a decimal amount"},
    {Body::kCheckout, "totalPrice", "\"\"", "totalPrice: '' is not a decimal amount"},
    {Body::kCheckout, "totalPrice", "\"10000000000000000\"", "totalPrice: '10000000000000000' is not a decimal amount: too large"},
    {Body::kCheckout, "totalTax", "[]", "totalTax: expected a decimal string or a number"},
    {Body::kCheckout, "totalTax", "\"0.99 EUR\"", "totalTax: '0.99 EUR' is not a decimal amount"},
    {Body::kCheckout, "subtotalPrice", "{}", "subtotalPrice: expected a decimal string or a number"},
    {Body::kCheckout, "amount", "true", "amount: expected a decimal string or a number"},
    {Body::kCheckout, "amount", "1e300", "amount: amount is too large"},
    {Body::kCheckout, "payment", "\"card\"", "payment: expected an object"},
    {Body::kCheckout, "payment.paymentProvider", "1", "payment.paymentProvider: expected a string"},
    {Body::kCheckout, "payment.paymentStatus", "true", "payment.paymentStatus: expected a string"},
    {Body::kCheckout, "payment.paymentTransactionIds", "\"t-1\"", "payment.paymentTransactionIds: expected an array of strings"},
    {Body::kCheckout, "payment.paymentTransactionIds[0]", "5", "payment.paymentTransactionIds[0]: expected a string"},
    {Body::kMutator, "totalPrice", "\"ten\"", "totalPrice: 'ten' is not a decimal amount"},
    {Body::kMutator, "reviewedTotalPrice", "true", "reviewedTotalPrice: expected a decimal string or a number"},
    {Body::kMutator, "reviewedTotalPrice", "\"9,50\"", "reviewedTotalPrice: '9,50' is not a decimal amount"},
    // Cart lines.
    {Body::kCheckout, "cart", "{}", "cart: expected an array"},
    {Body::kCheckout, "cart[0]", "\"line\"", "cart[0]: expected an object"},
    {Body::kCheckout, "cart[0].id", "5", "cart[0].id: expected a string"},
    {Body::kCheckout, "cart[0].externalId", "5", "cart[0].externalId: expected a string"},
    {Body::kCheckout, "cart[0].name", "[]", "cart[0].name: expected a string"},
    {Body::kCheckout, "cart[0].barcode", "4006381333931", "cart[0].barcode: expected a string"},
    {Body::kCheckout, "cart[0].category", "{}", "cart[0].category: expected a string"},
    {Body::kCheckout, "cart[0].sku", "false", "cart[0].sku: expected a string"},
    {Body::kCheckout, "cart[0].productId", "\"1\"", "cart[0].productId: expected an integer"},
    {Body::kCheckout, "cart[0].quantity", nullptr, "cart[0].quantity: required"},
    {Body::kCheckout, "cart[0].quantity", "\"2\"", "cart[0].quantity: expected an integer"},
    {Body::kCheckout, "cart[0].quantity", "1.5", "cart[0].quantity: expected an integer"},
    {Body::kCheckout, "cart[0].quantity", "-1", "cart[0].quantity: out of range 0..1000000"},
    {Body::kCheckout, "cart[0].quantity", "1000001", "cart[0].quantity: out of range"},
    {Body::kCheckout, "cart[0].price", "true", "cart[0].price: expected a decimal string or a number"},
    {Body::kCheckout, "cart[0].price", "\"abc\"", "cart[0].price: 'abc' is not a decimal amount"},
    {Body::kCheckout, "cart[0].price", nullptr, "cart[0].productSnapshot.price: 'string' is not a decimal amount"},
    {Body::kCheckout, "cart[0].productSnapshot", "5", "cart[0].productSnapshot: expected an object"},
    {Body::kCheckout, "cart[0].productSnapshot.taxCode", "19", "cart[0].productSnapshot.taxCode: expected a string"},
    {Body::kCheckout, "cart[0].taxLines", "{}", "cart[0].taxLines: expected an array"},
    {Body::kCheckout, "cart[0].taxLines[0]", "5", "cart[0].taxLines[0]: expected an object"},
    {Body::kCheckout, "cart[0].taxLines[0].taxId", "5", "cart[0].taxLines[0].taxId: expected a string"},
    {Body::kCheckout, "cart[0].taxLines[0].title", "5", "cart[0].taxLines[0].title: expected a string"},
    {Body::kCheckout, "cart[0].taxLines[0].rate", "true", "cart[0].taxLines[0].rate: expected a string or a number"},
    {Body::kCheckout, "cart[0].taxLines[0].amount", "true", "cart[0].taxLines[0].amount: expected a decimal string or a number"},
    {Body::kMutator, "cart[0].quantity", "\"1\"", "cart[0].quantity: expected an integer"},
    {Body::kMutator, "cart[0].price", "{}", "cart[0].price: expected a decimal string or a number"},
    // Zone events.
    {Body::kZone, "checkoutZoneId", nullptr, "checkoutZoneId: required"},
    {Body::kZone, "checkoutZoneId", "\"\"", "checkoutZoneId: must not be empty"},
    {Body::kZone, "checkoutZoneId", "1.5", "checkoutZoneId: expected a string or an integer"},
    {Body::kZone, "checkoutZoneId", "true", "checkoutZoneId: expected a string or an integer"},
    {Body::kZone, "shopper", "5", "shopper: expected an object"},
    {Body::kZone, "shopper.shopperId", "true", "shopper.shopperId: expected a string or an integer"},
    {Body::kZone, "shopper.shopperFlags", "5", "shopper.shopperFlags: expected a string or an array of strings"},
    {Body::kZone, "shopper.shopperFlags", "[\"A\",1]", "shopper.shopperFlags[1]: expected a string"},
    {Body::kZone, "specialAttention", "\"yes\"", "specialAttention: expected true or false"},
    {Body::kZone, "specialAttention", "1", "specialAttention: expected true or false"},
    {Body::kZone, "cart", "5", "cart: expected an array"},
    {Body::kZone, "cart[0].quantity", "\"1\"", "cart[0].quantity: expected an integer"},
    {Body::kZone, "timeOfOrigin", "\"2019-08-24T14:15:22Z trailing\"", "timeOfOrigin: not an ISO-8601 timestamp: trailing text"},
    {Body::kLegacyZone, "checkoutZoneId", nullptr, "checkoutZoneId: required"},
    {Body::kLegacyZone, "checkoutZoneId", "{}", "checkoutZoneId: expected a string or an integer"},
    {Body::kLegacyZone, "sessionId", nullptr, "sessionId: required (session.sessionId, sessionId or sessionToken)"},
    {Body::kLegacyZone, "sessionId", "\"\"", "sessionId: required"},
    {Body::kLegacyZone, "specialAttention", "\"true\"", "specialAttention: expected true or false"},
};

std::string label(const Variant& v) {
  return std::string(fixture_of(v.body)) + " " + v.path + " = " + (v.value ? v.value : "(removed)");
}

}  // namespace

TEST_GROUP(AMalformedWebhookBody){};

TEST(AMalformedWebhookBody, IsRejectedNamingTheField) {
  for (const Variant& v : kRejected) {
    auto root = parse_fixture(fixture_of(v.body));
    auto changed = with_member(root.get(), v.path, v.value);
    const Status status = parse_as(v.body, changed.get());
    if (v.message == nullptr) {
      CHECK_TRUE_TEXT(status.is_ok(), (label(v) + " -> " + status.message()).c_str());
      continue;
    }
    CHECK_FALSE_TEXT(status.is_ok(), label(v).c_str());
    CHECK_TRUE_TEXT(status.kind() == Status::Kind::kInvalidInput, label(v).c_str());
    const std::string message = status.message();
    CHECK_TRUE_TEXT(message.rfind(v.message, 0) == 0, (label(v) + " -> " + message).c_str());
  }
}

TEST(AMalformedWebhookBody, IsReportedByItsFirstProblemOnly) {
  auto root = parse_fixture("checkout-reference-example.json");
  auto no_order = with_member(root.get(), "orderId", nullptr);
  auto both = with_member(no_order.get(), "cart[0].quantity", "\"1\"");
  STRCMP_EQUAL("orderId: required", parse_checkout(both.get(), 2).status().message().c_str());
}

TEST(AMalformedWebhookBody, IsRejectedWhenTheCartHasMoreThanTenThousandLines) {
  auto root = editable_fixture("checkout-reference-example.json");
  cJSON* cart = cJSON_GetObjectItemCaseSensitive(root.get(), "cart");
  const cJSON* line = cJSON_GetArrayItem(cart, 0);
  while (cJSON_GetArraySize(cart) < 10000) cJSON_AddItemToArray(cart, cJSON_Duplicate(line, 1));
  auto full = parse_checkout(root.get(), 2);
  CHECK_TRUE(full.is_ok());
  LONGS_EQUAL(10000, full->cart.size());
  cJSON_AddItemToArray(cart, cJSON_Duplicate(line, 1));
  STRCMP_EQUAL("cart: more than 10000 lines", parse_checkout(root.get(), 2).status().message().c_str());
}

TEST(AMalformedWebhookBody, NamesALaterLineByItsIndex) {
  auto root = editable_fixture("checkout-reference-example.json");
  cJSON* cart = cJSON_GetObjectItemCaseSensitive(root.get(), "cart");
  for (int i = 0; i < 3; ++i) cJSON_AddItemToArray(cart, cJSON_Duplicate(cJSON_GetArrayItem(cart, 0), 1));
  auto bad = with_member(root.get(), "cart[2].quantity", "2.5");
  STRCMP_EQUAL("cart[2].quantity: expected an integer", parse_checkout(bad.get(), 2).status().message().c_str());
}

TEST(AMalformedWebhookBody, IsRefusedWhenTheStoresDecimalsAreOutOfRange) {
  auto root = parse_fixture("checkout-reference-example.json");
  CHECK_TRUE(parse_checkout(root.get(), 5).status().kind() == Status::Kind::kInternal);
  CHECK_TRUE(parse_cart_mutator(root.get(), -1).status().kind() == Status::Kind::kInternal);
}
