// Webhook intake: a raw body in, the record storage keeps and the answer AiFi gets out.
//
// Pure: no I/O, no clock, no shared state; runs on the libmicrohttpd thread. The caller
// submits the record to the storage writer and answers only after its COMMIT.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/core/status.h"
#include "daemon/webhooks/events.h"
#include "daemon/webhooks/parser.h"
#include "storage/records.h"

namespace lanecast::app {

struct IntakeSettings {
  int decimals = 2;
  std::string order_prefix = "LC-";
  std::string forced_payment_status;  // "" echoes what AiFi sent
  webhooks::JsonLimits limits;
};

// What the request said, for the one log line per webhook.
struct IntakeSummary {
  webhooks::WebhookKind kind = webhooks::WebhookKind::kCheckout;
  std::string session_id;
  std::string order_id;   // "" when the webhook has none
  std::string status;     // order status, or the zone id for zone events
};

struct Intake {
  storage::WebhookRecord record;
  IntakeSummary summary;
};

// The stable local order reference given to AiFi as externalId: prefix + AiFi's order id.
std::string external_ref(const IntakeSettings& settings, std::int64_t order_id);

Result<Intake> intake_checkout(std::string_view path, std::string body, std::int64_t received_at_us,
                               const IntakeSettings& settings);
Result<Intake> intake_zone_event(std::string_view path, std::string body, bool entered,
                                 std::int64_t received_at_us, const IntakeSettings& settings);

// The cart mutator's answer is computed by a MutationFunction (the pricing rules; or the echo).
struct MutationOutcome {
  std::string answer;   // JSON
  storage::MutationInfo info;
};
using MutationFunction =
    std::function<MutationOutcome(const cJSON* request, const webhooks::CartMutatorRequest&)>;

Result<Intake> intake_cart_mutator(std::string_view path, std::string body,
                                   std::int64_t received_at_us, const IntakeSettings& settings,
                                   const MutationFunction& mutate);

}  // namespace lanecast::app
