// Tax on priced lines: one tax line per cart line, exact integer arithmetic.
//
// With a rate r (parts per million), a line's tax is amount * r / (1 + r) when the amount
// includes tax (EU VAT), and amount * r when tax is added on top (US sales tax), rounded with
// the store's rounding mode. Per-line rounding rounds each line on its own; per-order
// rounding rounds the order's tax once per tax and spreads it over that tax's lines by
// largest remainder (earlier lines first on ties), so the lines add up to the rounded order
// tax exactly. Pure; callable from any thread.
#pragma once

#include "daemon/core/status.h"
#include "daemon/pricing/priced_cart.h"
#include "daemon/pricing/rule_set.h"

namespace lanecast::pricing {

// Sets tax_amount and total of every line from its amount and tax. `amounts_include_tax`
// says whether amounts are gross (tax extracted; total = amount) or net (total = amount + tax).
Status apply_taxes(std::vector<PricedLine>& lines, const RuleSet& rules, bool amounts_include_tax);

// Sets the cart's total, tax and subtotal from its lines. Errors: invalid_input when the
// total leaves the money range (kMaxMoneyMagnitude).
Status sum_totals(PricedCart& cart);

// Scales a taxed cart so that it costs exactly `target` (an operator's reviewedTotalPrice):
// line totals are apportioned in proportion to their current totals by largest remainder,
// then every line's tax is extracted from its new total as included tax at its own rate,
// with the store's rounding level. Unit prices are left as they were. Errors: invalid_input
// when a non-zero target would have to be spread over a cart that costs nothing.
Status scale_to_total(PricedCart& cart, MinorUnits target, const RuleSet& rules);

}  // namespace lanecast::pricing
