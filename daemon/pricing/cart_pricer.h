// Pricing a cart with the store's rules: the pure core of the cart mutator.
//
// For each request item in order: drop it if a removal matches; apply the first matching,
// active price adjustment (per unit: fixed price, percent off, amount off; or a multi-buy,
// which adds a discount line); add its deposit line if a deposit matches. Then tax every
// line, total the cart, and scale it to the reviewed total when the request has one.
// Time windows are evaluated at the request's timeOfOrigin in the store's time zone.
// Pure function of (request, rules); callable from any thread.
#pragma once

#include "daemon/core/status.h"
#include "daemon/pricing/priced_cart.h"
#include "daemon/pricing/request_reader.h"
#include "daemon/pricing/rule_set.h"

namespace lanecast::pricing {

// Line order: each item, then its discount line, then its deposit line.
// Errors: invalid_input when a line or the cart leaves the money range, or a reviewed total
// cannot be spread (see tax.h).
Result<PricedCart> price_cart(const PricingRequest& request, const RuleSet& rules);

// A unit price after a per-unit adjustment (unchanged for none or a multi-buy). Percent off
// takes round(price * percent) off, rounded with `rounding`; amount off stops at zero.
MinorUnits adjusted_unit_price(MinorUnits unit_price, const Adjustment* adjustment,
                               RoundingMode rounding);

}  // namespace lanecast::pricing
