#include "daemon/app/priced_cart_view.h"

namespace lanecast::app {
namespace {

struct LineText {
  std::string name;
  std::string_view external_id;
};

LineText line_text(const pricing::PricedLine& line, const pricing::Mutation& mutation,
                   const webhooks::CartMutatorRequest& request) {
  switch (line.kind) {
    case pricing::LineKind::kDiscount:
      return {line.discount->title, line.discount->external_id};
    case pricing::LineKind::kDeposit:
      return {line.deposit->name, line.deposit->external_id};
    case pricing::LineKind::kItem:
      break;
  }
  const webhooks::CartItem& item = request.cart[mutation.item_cart_index[line.item]];
  return {item.name.empty() ? item.snapshot_name : item.name, item.external_id};
}

}  // namespace

Result<display::CartView> priced_cart_view(const pricing::Mutation& mutation,
                                           const webhooks::CartMutatorRequest& request,
                                           const pricing::RuleSet& rules,
                                           const display::CartViewOptions& options) {
  display::CartViewBuilder builder(options);
  for (const pricing::PricedLine& line : mutation.cart.lines) {
    // A wiring bug (a mutation of another request) must not read out of bounds.
    if (line.kind == pricing::LineKind::kItem &&
        (line.item >= mutation.item_cart_index.size() ||
         mutation.item_cart_index[line.item] >= request.cart.size()))
      return Status::internal("priced line of an item the request does not have");
    LineText text = line_text(line, mutation, request);
    Status added =
        builder.add_line(std::move(text.name), text.external_id, line.quantity, line.unit_price);
    if (!added.is_ok()) return added;
    const pricing::TaxDefinition& tax = rules.tax(line.tax);
    added = builder.add_tax(tax.title, tax.rate_text, line.tax_amount);
    if (!added.is_ok()) return added;
  }
  return builder.finish({mutation.total, mutation.tax, mutation.subtotal});
}

}  // namespace lanecast::app
