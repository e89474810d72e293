// The priced cart: the lines of a mutator answer with their money, before they are written.
//
// Plain values. Pointers refer into the RuleSet the cart was priced with, and `item` indexes
// the PricingRequest it was priced from; neither may be outlived.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/pricing/rule_set.h"

namespace lanecast::pricing {

enum class LineKind {
  kItem,      // an item AiFi sent, echoed with its price and tax lines replaced
  kDiscount,  // added: the free units of a multi-buy ("buy 3, pay 2"), at minus the unit price
  kDeposit,   // added: a deposit for an item, one per unit
};

struct PricedLine {
  LineKind kind = LineKind::kItem;
  std::size_t item = 0;                  // the request item this line is, or belongs to
  const Adjustment* discount = nullptr;  // kDiscount: the multi-buy rule
  const Deposit* deposit = nullptr;      // kDeposit: the deposit rule
  MinorUnits unit_price = 0;  // written as the line's `price`; net of tax when tax is on top
  std::int64_t quantity = 0;
  MinorUnits amount = 0;  // the taxable base: unit_price * quantity (scaled on a review)
  TaxIndex tax = 0;
  MinorUnits tax_amount = 0;
  MinorUnits total = 0;  // what the line costs the customer, tax included
};

struct PricedCart {
  std::vector<PricedLine> lines;
  MinorUnits total = 0;     // sum of line totals
  MinorUnits tax = 0;       // sum of line tax amounts
  MinorUnits subtotal = 0;  // total - tax
};

}  // namespace lanecast::pricing
