#include "daemon/pricing/tax.h"

#include <map>
#include <string>

#include "daemon/pricing/rate.h"

namespace lanecast::pricing {
namespace {

Wide tax_denominator(const TaxDefinition& tax, bool included) {
  return included ? kPartsPerMillion + tax.rate_ppm : kPartsPerMillion;
}

Wide tax_numerator(const PricedLine& line, const TaxDefinition& tax) {
  return static_cast<Wide>(line.amount) * tax.rate_ppm;
}

void tax_each_line(std::vector<PricedLine>& lines, const RuleSet& rules, bool included) {
  for (PricedLine& line : lines) {
    const TaxDefinition& tax = rules.tax(line.tax);
    line.tax_amount = static_cast<MinorUnits>(divide_rounded(
        tax_numerator(line, tax), tax_denominator(tax, included), rules.store().rounding));
  }
}

Status tax_whole_order(std::vector<PricedLine>& lines, const RuleSet& rules, bool included) {
  std::map<TaxIndex, std::vector<std::size_t>> groups;  // ordered: deterministic
  for (std::size_t i = 0; i < lines.size(); ++i) groups[lines[i].tax].push_back(i);
  for (const auto& [index, members] : groups) {
    const TaxDefinition& tax = rules.tax(index);
    const Wide denominator = tax_denominator(tax, included);
    std::vector<Wide> numerators;
    Wide order_numerator = 0;
    for (std::size_t i : members) {
      numerators.push_back(tax_numerator(lines[i], tax));
      order_numerator += numerators.back();
    }
    const auto order_tax = static_cast<MinorUnits>(
        divide_rounded(order_numerator, denominator, rules.store().rounding));
    Result<std::vector<MinorUnits>> shares = apportion(numerators, denominator, order_tax);
    if (!shares.is_ok()) return shares.status();
    for (std::size_t k = 0; k < members.size(); ++k) lines[members[k]].tax_amount = (*shares)[k];
  }
  return Status::ok();
}

}  // namespace

Status apply_taxes(std::vector<PricedLine>& lines, const RuleSet& rules, bool amounts_include_tax) {
  if (rules.store().tax_rounding_level == TaxRoundingLevel::kLine) {
    tax_each_line(lines, rules, amounts_include_tax);
  } else if (Status s = tax_whole_order(lines, rules, amounts_include_tax); !s.is_ok()) {
    return s;
  }
  for (PricedLine& line : lines)
    line.total = amounts_include_tax ? line.amount : line.amount + line.tax_amount;
  return Status::ok();
}

Status sum_totals(PricedCart& cart) {
  Wide total = 0, tax = 0;
  for (const PricedLine& line : cart.lines) {
    total += line.total;
    tax += line.tax_amount;
  }
  if (total > kMaxMoneyMagnitude || total < -kMaxMoneyMagnitude)
    return Status::invalid_input("cart: the total exceeds " + std::to_string(kMaxMoneyMagnitude) +
                                 " minor units");
  cart.total = static_cast<MinorUnits>(total);
  cart.tax = static_cast<MinorUnits>(tax);
  cart.subtotal = cart.total - cart.tax;
  return Status::ok();
}

Status scale_to_total(PricedCart& cart, MinorUnits target, const RuleSet& rules) {
  if (cart.total == target) return Status::ok();
  if (cart.total <= 0)
    return Status::invalid_input("reviewedTotalPrice: cannot be spread over a cart that costs " +
                                 std::to_string(cart.total) + " minor units");
  std::vector<Wide> numerators;
  numerators.reserve(cart.lines.size());
  for (const PricedLine& line : cart.lines)
    numerators.push_back(static_cast<Wide>(line.total) * target);
  Result<std::vector<MinorUnits>> totals = apportion(numerators, cart.total, target);
  if (!totals.is_ok()) return totals.status();
  for (std::size_t i = 0; i < cart.lines.size(); ++i) cart.lines[i].amount = (*totals)[i];
  if (Status s = apply_taxes(cart.lines, rules, true); !s.is_ok()) return s;
  return sum_totals(cart);
}

}  // namespace lanecast::pricing
