// ISO 4217: how many decimal places each currency's minor unit has, so store.decimals can be
// checked against store.currency (a yen store with 2 decimals would show 100 times the price).
//
// Thread: pure functions over constant tables; any thread.
#pragma once

#include <optional>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::config {

// The minor unit of an active ISO 4217 currency: 0 for JPY, 2 for EUR, 3 for KWD, 4 for CLF.
// nullopt for codes the standard gives no minor unit (gold XAU, test XTS) and for codes it
// does not list.
std::optional<int> iso4217_minor_units(std::string_view code);

// ok when `decimals` is the currency's minor unit, or the code has none listed; else
// invalid_input saying both numbers ("store.decimals is 2, but JPY has 0 decimal places ...").
Status check_currency_decimals(std::string_view code, int decimals);

}  // namespace lanecast::config
