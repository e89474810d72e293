// Typed webhook events: what the parser makes of an AiFi body.
//
// Only fields lanecast acts on are typed here; the raw body is always stored as received, so
// nothing AiFi sent is lost. Money is in minor units (store.decimals), times in UnixMicros.
// Absent optional fields are empty strings / std::nullopt; `null` on the wire counts as absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/timestamp.h"

namespace lanecast::webhooks {

enum class WebhookKind { kCheckout, kCartMutator, kZoneEntered, kZoneLeft };
const char* kind_name(WebhookKind kind);  // "checkout", "cart_mutator", "zone_entered", "zone_left"

// Precedence: a status of lower rank never overwrites a higher one.
enum class OrderStatus { kDraft = 0, kCompleted = 1, kReviewed = 2 };
const char* status_name(OrderStatus status);  // "draft", "completed", "reviewed"
int status_rank(OrderStatus status);

struct TaxLine {
  std::string tax_id;
  std::string title;
  std::string rate;  // as sent ("0.19"); not money, kept as text
  MinorUnits amount = 0;
  // False when the parsed line had no amount, or a text that is not a decimal amount (AiFi's
  // own reference example sends "string"): incoming tax lines are informational, so such a
  // line does not cost the whole order. `amount` is then 0.
  bool amount_known = true;
};

struct CartItem {
  std::string id;           // AiFi's cart item id (string)
  std::string external_id;
  std::string name;
  std::string snapshot_name;  // productSnapshot.name when it is a string, else ""
  std::string barcode;
  std::string category;
  std::string sku;
  std::string tax_code;     // productSnapshot.taxCode, "" when absent
  std::optional<std::int64_t> product_id;
  MinorUnits price = 0;     // unit price: item `price` (number), else productSnapshot.price (string)
  bool price_sent = false;  // the line carried its own `price` (else `price` is the snapshot's)
  std::int64_t quantity = 0;
  // productSnapshot's own keys and price, which pricing may prefer to the item's (the rules'
  // store.basePrice). Keys only when strings. A snapshot price that is not money does not
  // cost the line (when the line has its own price): snapshot_price stays empty and
  // snapshot_price_problem says why ("'string' is not a decimal amount: ...").
  std::string snapshot_sku;
  std::string snapshot_barcode;
  std::string snapshot_external_id;
  std::string snapshot_category;
  std::optional<MinorUnits> snapshot_price;
  std::string snapshot_price_problem;
  std::vector<TaxLine> tax_lines;
};

// Fields common to every webhook body.
struct Envelope {
  std::string session_id;  // session.sessionId, else sessionId, else sessionToken; "" if none
  std::string customer_id;
  std::string customer_role;
  std::optional<std::int64_t> store_id;
  std::string store_external_id;
  std::optional<UnixMicros> time_of_origin;
  std::optional<UnixMicros> time_of_issue;
  std::string time_of_origin_text;  // exactly as sent, for dedupe keys
};

struct Payment {
  std::string provider;
  std::string status;  // paymentStatus as sent ("success", ...); "" when absent
  std::vector<std::string> transaction_ids;
};

// POST <checkout path>: the shopper group checked out.
struct CheckoutEvent {
  Envelope envelope;
  std::int64_t order_id = 0;
  OrderStatus status = OrderStatus::kDraft;
  std::vector<CartItem> cart;
  std::optional<MinorUnits> total_price;
  std::optional<MinorUnits> total_tax;
  std::optional<MinorUnits> subtotal_price;
  std::optional<MinorUnits> amount;  // deprecated number
  Payment payment;
};

// POST <cart-mutator path>: price this cart.
struct CartMutatorRequest {
  Envelope envelope;
  std::int64_t order_id = 0;
  OrderStatus status = OrderStatus::kDraft;
  std::vector<CartItem> cart;
  std::optional<MinorUnits> total_price;
  std::optional<MinorUnits> total_tax;
  std::optional<MinorUnits> subtotal_price;
  std::optional<MinorUnits> reviewed_total_price;  // operator-adjusted total on a review
  Payment payment;
};

// POST <zone path>/entered and /left.
//
// A shopping group shares one session; at a checkout zone AiFi sends one webhook per member,
// each with its own `shopper`. The legacy payload has no `shopper`: its webhooks stand for
// the session as a whole.
struct ZoneEvent {
  Envelope envelope;
  bool entered = true;           // false for /left
  std::string zone_id;           // checkoutZoneId: integer or string on the wire, text here
  std::string shopper_id;        // shopper.shopperId (integer or string); "" when absent
  std::vector<std::string> shopper_flags;  // a single string on the wire becomes one entry
  std::vector<std::string> session_flags;  // deprecated shoppingSessionFlags, string or list
  bool special_attention = false;
  std::optional<std::vector<CartItem>> cart;  // only with AiFi's send_cart option

  // Staff attention: specialAttention, or an alcohol / restricted-product flag among the
  // shopper's or the session's flags.
  bool attention_needed() const;

  // Identical key => the same webhook delivered again. A redelivery repeats session, zone,
  // action, timeOfOrigin, shopper and flags; another member of the group differs in its
  // shopperId, so it is a new fact. Without a shopperId the key names the session (legacy
  // payloads, and the key earlier versions stored), plus whether attention is needed: a
  // member's flag must never be dropped as a copy of an unflagged webhook.
  //   "zone|<session>|<zone>|<entered|left>|<timeOfOrigin as sent>[|shopper:<id>][|attention]"
  std::string dedupe_key() const;
};

}  // namespace lanecast::webhooks
