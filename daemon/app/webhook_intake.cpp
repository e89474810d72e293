#include "daemon/app/webhook_intake.h"

#include "daemon/core/json.h"
#include "daemon/core/digest.h"
#include "display/cart_view.h"

namespace lanecast::app {
namespace {

using webhooks::WebhookKind;

Result<webhooks::JsonTree> parse_tree(const std::string& body, const IntakeSettings& settings) {
  return webhooks::parse_json_strict(body, settings.limits);
}

storage::WebhookRecord base_record(WebhookKind kind, std::string_view path, std::string body,
                                   std::int64_t received_at_us,
                                   const webhooks::Envelope& envelope) {
  storage::WebhookRecord record;
  record.kind = webhooks::kind_name(kind);
  record.path = std::string(path);
  record.received_at_us = received_at_us;
  record.body = std::move(body);
  record.session_id = envelope.session_id;
  return record;
}

// {"externalId": ..., "payment": {"paymentStatus": ..., "paymentTransactionIds": [...]}}
std::string checkout_answer(const webhooks::CheckoutEvent& event, const IntakeSettings& settings) {
  JsonPtr root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "externalId",
                          external_ref(settings, event.order_id).c_str());
  cJSON* payment = cJSON_AddObjectToObject(root.get(), "payment");
  const std::string& status = settings.forced_payment_status.empty()
                                  ? event.payment.status
                                  : settings.forced_payment_status;
  cJSON_AddStringToObject(payment, "paymentStatus", status.c_str());
  cJSON* ids = cJSON_AddArrayToObject(payment, "paymentTransactionIds");
  for (const auto& id : event.payment.transaction_ids)
    cJSON_AddItemToArray(ids, cJSON_CreateString(id.c_str()));
  return json_print(root.get());
}

display::CartViewOptions view_options(const IntakeSettings& settings, const Mutator& mutator) {
  display::CartViewOptions options;
  options.decimals = settings.decimals;
  options.deposit_ids = mutator.deposit_ids;
  return options;
}

// The cart a screen shows for a parsed cart; an empty cart when it does not add up (AiFi's
// reference shapes carry placeholder text in tax amounts), so the lane still moves.
display::CartView screen_cart(const std::vector<webhooks::CartItem>& cart,
                              const display::CartTotals& totals, const IntakeSettings& settings,
                              const Mutator& mutator) {
  auto view = display::cart_view_of(cart, totals, view_options(settings, mutator));
  return view.is_ok() ? std::move(*view) : display::CartView{};
}

ShowOnScreens show_checkout(const webhooks::CheckoutEvent& event, display::CartView cart,
                            std::int64_t at) {
  return [session = event.envelope.session_id, order = event.order_id, status = event.status,
          cart = std::move(cart), payment = event.payment.status, at](display::LaneHub& hub) {
    hub.checkout(session, order, status, cart, payment, at);
  };
}

// Each member of a group moves on its own; its timeOfOrigin orders its own entries and exits.
ShowOnScreens show_zone(const webhooks::ZoneEvent& event, std::optional<display::CartView> cart,
                        std::int64_t at) {
  display::ZoneMove move(event.zone_id, event.envelope.session_id, event.shopper_id,
                         event.envelope.time_of_origin);
  if (!event.entered)
    return [move = std::move(move), at](display::LaneHub& hub) { hub.shopper_left(move, at); };
  return [move = std::move(move), attention = event.attention_needed(), cart = std::move(cart),
          at](display::LaneHub& hub) { hub.shopper_entered(move, at, attention, cart); };
}

ShowOnScreens show_mutation(const webhooks::CartMutatorRequest& request,
                            const MutationOutcome& outcome, display::CartView cart,
                            std::int64_t at) {
  const bool review = request.status == webhooks::OrderStatus::kReviewed;
  std::string failure = outcome.info.fell_back ? outcome.info.failure : std::string();
  return [session = request.envelope.session_id, order = request.order_id, review,
          failure = std::move(failure), cart = std::move(cart), at](display::LaneHub& hub) {
    // A review prices a trip that ended long ago: its outcome reaches the lane via checkout.
    if (!review) hub.cart_priced(session, order, cart, at);
    if (!failure.empty())
      hub.raise_alert(display::AlertKind::kMutatorFailed,
                      "order " + std::to_string(order) + " was answered unchanged: " + failure,
                      at, {}, order);
  };
}

}  // namespace

std::string external_ref(const IntakeSettings& settings, std::int64_t order_id) {
  return settings.order_prefix + std::to_string(order_id);
}

Result<Intake> intake_checkout(std::string_view path, std::string body, std::int64_t received_at_us,
                               const IntakeSettings& settings, const Mutator& mutator) {
  auto tree = parse_tree(body, settings);
  if (!tree.is_ok()) return tree.status();
  auto parsed = webhooks::parse_checkout(tree->get(), settings.decimals);
  if (!parsed.is_ok()) return parsed.status();
  const webhooks::CheckoutEvent& event = *parsed;
  const std::string status = webhooks::status_name(event.status);
  const std::string body_hash = sha256_hex(body);

  Intake intake{base_record(WebhookKind::kCheckout, path, std::move(body), received_at_us,
                            event.envelope),
                {WebhookKind::kCheckout, event.envelope.session_id,
                 std::to_string(event.order_id), status},
                show_checkout(event,
                              screen_cart(event.cart,
                                          {event.total_price, event.total_tax, event.subtotal_price},
                                          settings, mutator),
                              received_at_us)};
  storage::WebhookRecord& record = intake.record;
  record.dedupe_key = "checkout|" + std::to_string(event.order_id) + "|" + status + "|" + body_hash;
  record.order_id = event.order_id;
  record.status = status;
  record.answer = checkout_answer(event, settings);
  storage::OrderUpdate order;
  order.order_id = event.order_id;
  order.status = status;
  order.status_rank = webhooks::status_rank(event.status);
  order.external_ref = external_ref(settings, event.order_id);
  order.total_minor = event.total_price;
  order.tax_minor = event.total_tax;
  order.subtotal_minor = event.subtotal_price;
  order.payment_status = event.payment.status;
  order.store_id = event.envelope.store_id;
  record.order = std::move(order);
  return intake;
}

Result<Intake> intake_zone_event(std::string_view path, std::string body, bool entered,
                                 std::int64_t received_at_us, const IntakeSettings& settings,
                                 const Mutator& mutator) {
  auto tree = parse_tree(body, settings);
  if (!tree.is_ok()) return tree.status();
  auto parsed = webhooks::parse_zone_event(tree->get(), entered, settings.decimals);
  if (!parsed.is_ok()) return parsed.status();
  const webhooks::ZoneEvent& event = *parsed;
  const WebhookKind kind = entered ? WebhookKind::kZoneEntered : WebhookKind::kZoneLeft;

  std::optional<display::CartView> live_cart;
  // A zone event's cart travels without totals: the view derives them from its lines.
  if (event.cart) live_cart = screen_cart(*event.cart, {}, settings, mutator);
  Intake intake{base_record(kind, path, std::move(body), received_at_us, event.envelope),
                {kind, event.envelope.session_id, "", event.zone_id},
                show_zone(event, std::move(live_cart), received_at_us)};
  storage::WebhookRecord& record = intake.record;
  record.dedupe_key = event.dedupe_key();
  record.zone_id = event.zone_id;
  record.answer = "{}";
  storage::ZoneUpdate zone;
  zone.zone_id = event.zone_id;
  zone.shopper_id = event.shopper_id;
  zone.entered = entered;
  zone.attention_needed = event.attention_needed();
  zone.time_of_origin_us = event.envelope.time_of_origin.value_or(received_at_us);
  record.zone = std::move(zone);
  return intake;
}

Result<Intake> intake_cart_mutator(std::string_view path, std::string body,
                                   std::int64_t received_at_us, const IntakeSettings& settings,
                                   const Mutator& mutator) {
  auto tree = parse_tree(body, settings);
  if (!tree.is_ok()) return tree.status();
  auto parsed = webhooks::parse_cart_mutator(tree->get(), settings.decimals);
  if (!parsed.is_ok()) return parsed.status();
  const webhooks::CartMutatorRequest& request = *parsed;
  const std::string status = webhooks::status_name(request.status);
  MutationOutcome outcome = mutator.mutate(tree->get(), request);
  const std::string body_hash = sha256_hex(body);
  // Priced: the priced lines; echoed: the request's own cart, which the echo repeats.
  display::CartView cart =
      outcome.cart ? std::move(*outcome.cart)
                   : screen_cart(request.cart,
                                 {request.total_price, request.total_tax, request.subtotal_price},
                                 settings, mutator);

  Intake intake{base_record(WebhookKind::kCartMutator, path, std::move(body), received_at_us,
                            request.envelope),
                {WebhookKind::kCartMutator, request.envelope.session_id,
                 std::to_string(request.order_id), status, outcome.info.fell_back},
                show_mutation(request, outcome, std::move(cart), received_at_us)};
  storage::WebhookRecord& record = intake.record;
  record.dedupe_key = "cart_mutator|" + body_hash;
  record.order_id = request.order_id;
  record.status = status;
  record.answer = std::move(outcome.answer);
  record.mutation = std::move(outcome.info);
  return intake;
}

}  // namespace lanecast::app
