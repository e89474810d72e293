#include "daemon/pricing/cart_pricer.h"

#include <algorithm>
#include <string>

#include "daemon/pricing/rate.h"
#include "daemon/pricing/tax.h"

namespace lanecast::pricing {
namespace {

Result<PricedLine> make_line(LineKind kind, std::size_t item, MinorUnits unit_price,
                             std::int64_t quantity, TaxIndex tax) {
  const Wide amount = static_cast<Wide>(unit_price) * quantity;
  if (amount > kMaxMoneyMagnitude || amount < -kMaxMoneyMagnitude)
    return Status::invalid_input("cart: a line amount exceeds " +
                                 std::to_string(kMaxMoneyMagnitude) + " minor units");
  PricedLine line;
  line.kind = kind;
  line.item = item;
  line.unit_price = unit_price;
  line.quantity = quantity;
  line.amount = static_cast<MinorUnits>(amount);
  line.tax = tax;
  return line;
}

// Appends the item's line, its multi-buy discount line and its deposit line.
Status add_item_lines(const RequestItem& item, std::size_t index, const RuleSet& rules,
                      const std::optional<LocalTime>& local, std::vector<PricedLine>& lines) {
  const TaxIndex tax = rules.tax_for(item.keys);
  const Adjustment* adjustment = rules.adjustment_for(item.keys, local);
  const MinorUnits unit = adjusted_unit_price(item.unit_price, adjustment, rules.store().rounding);
  Result<PricedLine> line = make_line(LineKind::kItem, index, unit, item.quantity, tax);
  if (!line.is_ok()) return line.status();
  lines.push_back(*line);
  if (adjustment != nullptr && adjustment->kind == Adjustment::Kind::kMultiBuy) {
    const std::int64_t free_units =
        item.quantity / adjustment->buy * (adjustment->buy - adjustment->pay);
    if (free_units > 0 && unit > 0) {
      Result<PricedLine> discount = make_line(LineKind::kDiscount, index, -unit, free_units, tax);
      if (!discount.is_ok()) return discount.status();
      discount->discount = adjustment;
      lines.push_back(*discount);
    }
  }
  if (const Deposit* deposit = rules.deposit_for(item.keys)) {
    Result<PricedLine> line_deposit = make_line(LineKind::kDeposit, index, deposit->unit_price,
                                                item.quantity, deposit->tax.value_or(tax));
    if (!line_deposit.is_ok()) return line_deposit.status();
    line_deposit->deposit = deposit;
    lines.push_back(*line_deposit);
  }
  return Status::ok();
}

}  // namespace

MinorUnits adjusted_unit_price(MinorUnits unit_price, const Adjustment* adjustment,
                               RoundingMode rounding) {
  if (adjustment == nullptr) return unit_price;
  switch (adjustment->kind) {
    case Adjustment::Kind::kFixedPrice:
      return adjustment->amount;
    case Adjustment::Kind::kPercentOff:
      return unit_price - static_cast<MinorUnits>(divide_rounded(
                              static_cast<Wide>(unit_price) * adjustment->percent_ppm,
                              kPartsPerMillion, rounding));
    case Adjustment::Kind::kAmountOff:
      return std::max<MinorUnits>(0, unit_price - adjustment->amount);
    case Adjustment::Kind::kMultiBuy:
      break;
  }
  return unit_price;
}

Result<PricedCart> price_cart(const PricingRequest& request, const RuleSet& rules) {
  std::optional<LocalTime> local;
  if (request.time_of_origin) local = rules.time_zone().to_local(*request.time_of_origin);
  PricedCart cart;
  cart.lines.reserve(request.items.size());
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    if (rules.removes(request.items[i].keys)) continue;
    if (Status s = add_item_lines(request.items[i], i, rules, local, cart.lines); !s.is_ok())
      return s;
  }
  Status s = apply_taxes(cart.lines, rules, rules.store().prices_include_tax);
  if (s.is_ok()) s = sum_totals(cart);
  if (s.is_ok() && request.reviewed_total) s = scale_to_total(cart, *request.reviewed_total, rules);
  if (!s.is_ok()) return s;
  return cart;
}

}  // namespace lanecast::pricing
