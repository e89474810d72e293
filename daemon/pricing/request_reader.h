// What pricing needs from a cart-mutator request: taken from the typed request the webhook
// parser made (daemon/webhooks), never read from the JSON again.
//
// Pure; callable from any thread. The request tree is only borrowed, for the item objects the
// answer echoes: PricingRequest points into it and must not outlive it. Failures are
// Status::invalid_input with the JSON path first ("cart[2].price: must not be negative").
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/status.h"
#include "daemon/pricing/rule_set.h"
#include "daemon/webhooks/events.h"

namespace lanecast::pricing {

struct RequestItem {
  const cJSON* source = nullptr;  // the item object in the request, echoed in the answer
  std::size_t cart_index = 0;     // its index in the request's cart
  ItemKeys keys;
  MinorUnits unit_price = 0;  // per StoreSettings::base_price
  std::int64_t quantity = 0;
};

struct PricingRequest {
  // Cart items in request order, without the lines the mutator added on an earlier call
  // (recognised by their externalId prefix): those are derived anew from the rules.
  std::vector<RequestItem> items;
  std::optional<std::int64_t> time_of_origin;  // Unix seconds; absent when not sent
  std::optional<MinorUnits> reviewed_total;    // reviewedTotalPrice, string or number
};

// `typed` must have been parsed from `root` (parse_cart_mutator or parse_cart_to_price).
// Beyond the parser's rules: the cart must be there, and prices and the reviewed total must
// not be negative; with store.basePrice "productSnapshot" the snapshot's price wins and must
// be money.
Result<PricingRequest> read_request(const webhooks::CartMutatorRequest& typed, const cJSON* root,
                                    const RuleSet& rules);

}  // namespace lanecast::pricing
