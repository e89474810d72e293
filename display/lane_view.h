// What one checkout lane shows, and the staff alerts beside the lanes: plain values.
//
// A lane is one AiFi checkout zone (checkoutZoneId as text). LaneBoard (lane_state.h) produces
// these; LaneHub (lane_hub.h) renders them to JSON; the pole display turns them into two lines.
// Nothing here identifies a shopper: no session, customer or payment instrument.
//
// Thread: values only; callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/core/timestamp.h"
#include "display/cart_view.h"

namespace lanecast::display {

enum class LanePhase {
  kIdle,     // nobody to show
  kWelcome,  // a shopper is in the zone; a live cart when AiFi sent one with the zone event
  kCart,     // a priced cart arrived (cart-mutator answer or checkout draft)
  kPaid,     // the checkout completed (or was reviewed): thank-you screen with the outcome
};
const char* phase_name(LanePhase phase);  // "idle", "welcome", "cart", "paid"

enum class PaymentOutcome { kNone, kPaid, kProcessing, kUnpaid };
const char* payment_outcome_name(PaymentOutcome outcome);  // "none", "paid", "processing", "unpaid"

// Maps AiFi's free-text paymentStatus (compared case-insensitively) to an outcome:
//   paid:       success, succeeded, successful, paid, captured, settled, authorized, completed
//   processing: "" (not reported yet), processing, pending, in_progress, waiting
//   unpaid:     anything else (failed, unpaid, declined, error, ...): a person should look.
PaymentOutcome payment_outcome_from_status(std::string_view payment_status);

struct LaneView {
  std::string zone;
  LanePhase phase = LanePhase::kIdle;
  std::optional<CartView> cart;             // welcome: the live cart, if any; cart/paid: priced
  std::optional<std::int64_t> order_id;     // cart and paid phases only
  PaymentOutcome payment = PaymentOutcome::kNone;  // paid phase only
  int shoppers = 0;                         // shoppers in the zone: every group member
  bool attention = false;                   // a group in the zone needs staff (age check)
  std::uint64_t seq = 0;                    // the change that produced this view; 0: never changed
  UnixMicros phase_since = 0;               // when the current phase began
  UnixMicros updated_at = 0;                // when this view last changed

  // Equal in everything a screen shows; ignores seq and the two times.
  bool same_content(const LaneView& other) const;
};

enum class AlertKind {
  kAgeCheck,              // a shopper who touched a restricted product is at the lane
  kPaymentNotSuccessful,  // a completed or reviewed checkout reported an unpaid outcome
  kOrderReviewed,         // AiFi reviewed a contested order
  kMutatorFailed,         // raised by the daemon: the cart mutator could not price a cart
  kMutationSkipped,       // raised by the daemon: AiFi went ahead without the mutated cart
  kDiskLow,               // raised by the daemon: free disk below retention.min_free_bytes
  kCertificateExpiring,   // raised by the daemon: the HTTPS certificate expires soon, or did
  kForwardBacklog,        // raised by the daemon: the MQTT backlog nears the free-disk watermark
};
const char* alert_kind_name(AlertKind kind);  // "age_check", "payment_not_successful", ...

// A staff-facing alert. It stays in the list after it is acknowledged, until the list's bound
// pushes it out (oldest acknowledged alerts go first).
struct Alert {
  std::uint64_t id = 0;                 // stable, increasing; acknowledge() takes it
  AlertKind kind = AlertKind::kAgeCheck;
  std::string zone;                     // "" when no lane is concerned
  std::optional<std::int64_t> order_id;
  std::string text;                     // short, for staff; never customer data
  UnixMicros raised_at = 0;
  bool acknowledged = false;
  UnixMicros acknowledged_at = 0;
  std::uint64_t seq = 0;                // the change that last touched this alert
};

}  // namespace lanecast::display
