// What the screens show of a priced cart: the cart mutator's answer as values, taken from the
// priced lines and the typed request, never read back from the answer's JSON.
//
// Thread: pure; runs on the libmicrohttpd thread inside the pricing function.
#pragma once

#include "daemon/core/status.h"
#include "daemon/pricing/mutator.h"
#include "daemon/pricing/rule_set.h"
#include "daemon/webhooks/events.h"
#include "display/cart_view.h"

namespace lanecast::app {

// One view line per answered line: an item keeps its name (else productSnapshot.name) and
// externalId from the request, an added line takes the rule's; each line's tax from its
// rule; the totals answered. `mutation` must come from pricing `request` with `rules`.
Result<display::CartView> priced_cart_view(const pricing::Mutation& mutation,
                                           const webhooks::CartMutatorRequest& request,
                                           const pricing::RuleSet& rules,
                                           const display::CartViewOptions& options);

}  // namespace lanecast::app
