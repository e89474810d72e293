#include "display/cart_view.h"

#include <string_view>

namespace lanecast::display {
namespace {

Status at(const std::string& path, const std::string& why) {
  return Status::invalid_input(path + ": " + why);
}

// Adds `amount` to `sum`; false when the sum leaves the money range. The caller names the
// path only then: a cart's lines pass here several times each, and almost never fail.
bool add_in_range(MinorUnits& sum, MinorUnits amount) {
  return !__builtin_add_overflow(sum, amount, &sum) && sum <= kMaxMoneyMagnitude &&
         sum >= -kMaxMoneyMagnitude;
}

LineKind classify(std::string_view external_id, MinorUnits line_total,
                  const CartViewOptions& options) {
  const std::string& prefix = options.deposit_prefix;
  if (!prefix.empty() && external_id.starts_with(prefix)) return LineKind::kDeposit;
  for (const std::string& id : options.deposit_ids)
    if (!external_id.empty() && external_id == id) return LineKind::kDeposit;
  return line_total < 0 ? LineKind::kDiscount : LineKind::kItem;
}

}  // namespace

const char* line_kind_name(LineKind kind) {
  switch (kind) {
    case LineKind::kItem: return "item";
    case LineKind::kDeposit: return "deposit";
    case LineKind::kDiscount: return "discount";
  }
  return "item";
}

std::string CartViewBuilder::line_path() const {
  return "cart[" + std::to_string(view_.lines.empty() ? 0 : view_.lines.size() - 1) + "]";
}

Status CartViewBuilder::add_line(std::string name, std::string_view external_id,
                                 std::int64_t quantity, MinorUnits unit_price) {
  CartLine line;
  line.name = std::move(name);
  line.quantity = quantity;
  line.unit_price = unit_price;
  line.kind = LineKind::kItem;
  view_.lines.push_back(std::move(line));
  CartLine& added = view_.lines.back();
  if (__builtin_mul_overflow(unit_price, quantity, &added.line_total) ||
      added.line_total > kMaxMoneyMagnitude || added.line_total < -kMaxMoneyMagnitude)
    return at(line_path(), "price times quantity out of range");
  added.kind = classify(external_id, added.line_total, options_);
  if (added.kind == LineKind::kItem) view_.item_count += quantity;
  if (!add_in_range(line_sum_, added.line_total)) return at(line_path(), "amount out of range");
  return Status::ok();
}

Status CartViewBuilder::add_tax(std::string_view title, std::string_view rate, MinorUnits amount) {
  TaxSummaryLine* target = nullptr;
  for (TaxSummaryLine& existing : view_.taxes)
    if (existing.title == title && existing.rate == rate) target = &existing;
  if (target == nullptr)
    target = &view_.taxes.emplace_back(TaxSummaryLine{std::string(title), std::string(rate), 0});
  if (!add_in_range(target->amount, amount))
    return at(line_path() + ".taxLines", "amount out of range");
  return Status::ok();
}

Result<CartView> CartViewBuilder::finish(const CartTotals& totals) {
  if (options_.decimals < 0 || options_.decimals > kMaxDecimals)
    return Status::internal("decimals out of range");
  MinorUnits tax_sum = 0;
  for (const TaxSummaryLine& row : view_.taxes) {
    if (!add_in_range(tax_sum, row.amount)) return at("taxLines", "amount out of range");
  }
  view_.total = totals.total.value_or(line_sum_);
  view_.tax = totals.tax.value_or(tax_sum);
  // Both are within kMaxMoneyMagnitude, so the difference cannot overflow.
  view_.subtotal = totals.subtotal.value_or(view_.total - view_.tax);
  return std::move(view_);
}

Result<CartView> cart_view_of(const std::vector<webhooks::CartItem>& cart, const CartTotals& totals,
                              const CartViewOptions& options) {
  CartViewBuilder builder(options);
  for (std::size_t index = 0; index < cart.size(); ++index) {
    const webhooks::CartItem& item = cart[index];
    Status added = builder.add_line(item.name.empty() ? item.snapshot_name : item.name,
                                    item.external_id, item.quantity, item.price);
    for (std::size_t t = 0; added.is_ok() && t < item.tax_lines.size(); ++t) {
      const webhooks::TaxLine& tax = item.tax_lines[t];
      if (!tax.amount_known)
        return at("cart[" + std::to_string(index) + "].taxLines[" + std::to_string(t) + "].amount",
                  "not a decimal amount");
      added = builder.add_tax(tax.title, tax.rate, tax.amount);
    }
    if (!added.is_ok()) return added;
  }
  return builder.finish(totals);
}

}  // namespace lanecast::display
