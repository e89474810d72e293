// The three webhook bodies: which parts each has and which fields each requires.
#include "daemon/webhooks/parser.h"

#include "daemon/webhooks/body_parts.h"

namespace lanecast::webhooks {
namespace {

Status check_arguments(const cJSON* root, int decimals) {
  if (decimals < 0 || decimals > kMaxDecimals) return Status::internal("decimals out of range");
  if (!cJSON_IsObject(root)) return Status::invalid_input("body: expected an object");
  return Status::ok();
}

// orderId, status, cart and the totals that checkout and cart-mutator bodies share; orderId
// and status only when `identified` (a cart priced on its own has neither).
template <typename Order>
void read_order(const FieldReader& body, Order& out, bool identified = true) {
  read_envelope(body, out.envelope);
  if (identified) {
    body.required_integer("orderId", out.order_id);
    // Orders are read back, listed and exported by a non-negative id (GET /api/orders/{id},
    // lanecastctl order ID): an order stored under -1 could never be looked up.
    if (out.order_id < 0) body.fail("orderId", "must not be negative");
    read_order_status(body, out.status);
  }
  read_cart(body, "cart", out.cart);
  body.money("totalPrice", out.total_price);
  body.money("totalTax", out.total_tax);
  body.money("subtotalPrice", out.subtotal_price);
  read_payment(body, out.payment);
}

// A cart-mutator body; a cart priced on its own (not `identified`) needs no orderId, and its
// status is read only when it has one.
Result<CartMutatorRequest> read_cart_mutator(const cJSON* root, int decimals, bool identified) {
  Status arguments = check_arguments(root, decimals);
  if (!arguments.is_ok()) return arguments;
  ReadErrors errors;
  const FieldReader body(errors, root, JsonPath(), decimals);
  CartMutatorRequest request;
  read_order(body, request, identified);
  if (!identified && body.find("status") != nullptr) read_order_status(body, request.status);
  body.money("reviewedTotalPrice", request.reviewed_total_price);
  if (errors.failed()) return errors.take();
  return request;
}

}  // namespace

Result<CheckoutEvent> parse_checkout(const cJSON* root, int decimals) {
  Status arguments = check_arguments(root, decimals);
  if (!arguments.is_ok()) return arguments;
  ReadErrors errors;
  const FieldReader body(errors, root, JsonPath(), decimals);
  CheckoutEvent event;
  read_order(body, event);
  body.money("amount", event.amount);
  if (errors.failed()) return errors.take();
  return event;
}

Result<CartMutatorRequest> parse_cart_mutator(const cJSON* root, int decimals) {
  return read_cart_mutator(root, decimals, true);
}

Result<CartMutatorRequest> parse_cart_to_price(const cJSON* root, int decimals) {
  return read_cart_mutator(root, decimals, false);
}

Result<ZoneEvent> parse_zone_event(const cJSON* root, bool entered, int decimals) {
  Status arguments = check_arguments(root, decimals);
  if (!arguments.is_ok()) return arguments;
  ReadErrors errors;
  const FieldReader body(errors, root, JsonPath(), decimals);
  ZoneEvent event;
  event.entered = entered;
  read_envelope(body, event.envelope);
  body.text_or_integer("checkoutZoneId", event.zone_id);
  if (event.zone_id.empty())
    body.fail("checkoutZoneId", body.find("checkoutZoneId") == nullptr ? "required" : "must not be empty");
  if (auto shopper = body.nested("shopper")) {
    shopper->text_or_integer("shopperId", event.shopper_id);
    shopper->text_or_text_list("shopperFlags", event.shopper_flags);
  }
  body.text_or_text_list("shoppingSessionFlags", event.session_flags);
  body.boolean("specialAttention", event.special_attention);
  if (body.find("cart") != nullptr) read_cart(body, "cart", event.cart.emplace());
  if (!errors.failed() && event.envelope.session_id.empty())
    body.fail("sessionId", "required (session.sessionId, sessionId or sessionToken)");
  if (errors.failed()) return errors.take();
  return event;
}

}  // namespace lanecast::webhooks
