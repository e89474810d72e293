// Writing the cart-mutator answer: the request echoed with its cart and totals replaced.
//
// Items AiFi sent keep every field they came with (id, externalId, productSnapshot, ...);
// only `price` and `taxLines` are replaced. Added lines (discounts, deposits) carry
// externalId, name, price, quantity and taxLines, and no AiFi id. `price` is written as a
// JSON number from exact decimal text, never through a double. Pure; any thread.
#pragma once

#include <cjson/cJSON.h>

#include <string>

#include "daemon/core/status.h"
#include "daemon/pricing/priced_cart.h"
#include "daemon/pricing/request_reader.h"
#include "daemon/pricing/rule_set.h"

namespace lanecast::pricing {

// Errors: internal when cJSON runs out of memory.
Result<std::string> write_answer(const cJSON* request_root, const PricingRequest& request,
                                 const PricedCart& cart, const RuleSet& rules, int decimals);

}  // namespace lanecast::pricing
