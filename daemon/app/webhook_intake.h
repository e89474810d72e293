// Webhook intake: a raw body in; the record storage keeps, the answer AiFi gets, and what the
// screens should show once it is stored, out.
//
// Pure: no I/O, no clock, no shared state; runs on the libmicrohttpd thread. The caller
// submits the record to the storage writer, answers only after its COMMIT, and only then
// applies `show` to the lane hub (screens show committed events only).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/webhooks/events.h"
#include "daemon/webhooks/parser.h"
#include "display/lane_hub.h"
#include "storage/records.h"

namespace lanecast::app {

struct IntakeSettings {
  int decimals = 2;
  std::string order_prefix = "LC-";
  std::string forced_payment_status;  // "" echoes what AiFi sent
  webhooks::JsonLimits limits;
};

// The cart mutator's answer is computed by a MutationFunction (the pricing rules, or the echo).
struct MutationOutcome {
  std::string answer;   // JSON
  storage::MutationInfo info;
  // What the screens show of the answer, taken from the priced lines; nullopt when the answer
  // echoes the request, whose own cart is then shown.
  std::optional<display::CartView> cart;
};
using MutationFunction =
    std::function<MutationOutcome(const cJSON* request, const webhooks::CartMutatorRequest&)>;

// The pricing in force: its function, and the externalIds of the deposit lines it adds, so
// screens can tell a deposit from an item.
struct Mutator {
  MutationFunction mutate;
  std::vector<std::string> deposit_ids;
};

// What the request said, for the one log line per webhook.
struct IntakeSummary {
  webhooks::WebhookKind kind = webhooks::WebhookKind::kCheckout;
  std::string session_id;
  std::string order_id;   // "" when the webhook has none
  std::string status;     // order status, or the zone id for zone events
  bool mutation_fell_back = false;  // cart mutator: answered unchanged because pricing failed
};

// Applied to the lane hub after the record is committed (not for redeliveries).
using ShowOnScreens = std::function<void(display::LaneHub&)>;

struct Intake {
  storage::WebhookRecord record;
  IntakeSummary summary;
  ShowOnScreens show;
};

// The stable local order reference given to AiFi as externalId: prefix + AiFi's order id.
std::string external_ref(const IntakeSettings& settings, std::int64_t order_id);

// `received_at_us` also times the screens' reaction (thank-you and idle timers run on this
// machine's clock, not AiFi's).
Result<Intake> intake_checkout(std::string_view path, std::string body, std::int64_t received_at_us,
                               const IntakeSettings& settings, const Mutator& mutator);
Result<Intake> intake_zone_event(std::string_view path, std::string body, bool entered,
                                 std::int64_t received_at_us, const IntakeSettings& settings,
                                 const Mutator& mutator);
Result<Intake> intake_cart_mutator(std::string_view path, std::string body,
                                   std::int64_t received_at_us, const IntakeSettings& settings,
                                   const Mutator& mutator);

}  // namespace lanecast::app
