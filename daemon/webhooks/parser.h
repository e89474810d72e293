// Webhook parsing: raw body -> strict JSON tree -> typed event.
//
// Runs on the libmicrohttpd thread: CPU only, no I/O, bounded work per byte.
// Every rejection is Status::invalid_input whose message names the problem and, for a field,
// its JSON path first: "cart[2].quantity: expected an integer".
#pragma once

#include <cstddef>
#include <string_view>

#include "daemon/core/json.h"
#include "daemon/core/status.h"
#include "daemon/webhooks/events.h"
#include "daemon/webhooks/json_tree.h"

namespace lanecast::webhooks {

struct JsonLimits {
  std::size_t max_depth = 32;               // objects/arrays nested deeper are rejected
  std::size_t max_string_bytes = 64 * 1024;  // any one string (key or value) longer is rejected
};

// Parses exactly `body` (not NUL-terminated) into a tree (read-only: see json_tree.h).
// Rejects: invalid JSON, trailing non-whitespace, a top level that is not an object, duplicate
// keys in any object, nesting deeper than limits.max_depth, strings longer than
// limits.max_string_bytes, invalid UTF-8 (overlong forms, surrogates, > U+10FFFF), \u0000
// escapes and unpaired \uD800-\uDFFF escapes.
Result<JsonTree> parse_json_strict(std::string_view body, const JsonLimits& limits);

// Typed views of a parsed body. Field names are case-sensitive; unknown fields are ignored;
// `null` counts as absent; a known field present with the wrong type is rejected, naming it.
// `decimals` is store.decimals, for money (outside 0..kMaxDecimals: Status::internal).
// Required: checkout and mutator need orderId and status; zone events need checkoutZoneId and
// a session id (session.sessionId, sessionId or sessionToken, the first non-empty); every cart
// line needs quantity (0..1,000,000) and a unit price (price, else productSnapshot.price).
// Wire rules: integers are integral JSON numbers below 2^53 in magnitude (beyond that a double
// no longer holds the exact id); money is a decimal string or a JSON number, rounded once to
// minor units; storeId falls back to store.oasisApiStoreId; a cart holds at most 10,000 lines.
// A tax line's amount that is a non-decimal text (AiFi's reference example sends "string")
// leaves TaxLine::amount_known false instead of rejecting the body.
Result<CheckoutEvent> parse_checkout(const cJSON* root, int decimals);
Result<CartMutatorRequest> parse_cart_mutator(const cJSON* root, int decimals);
Result<ZoneEvent> parse_zone_event(const cJSON* root, bool entered, int decimals);

// A cart-mutator body as pricing reads it when nobody has read it yet (tools, tests): the
// same rules as parse_cart_mutator, without requiring orderId and status.
Result<CartMutatorRequest> parse_cart_to_price(const cJSON* root, int decimals);

}  // namespace lanecast::webhooks
