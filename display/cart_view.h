// What a screen shows of a cart: lines, a tax summary and totals, money in minor units.
//
// A CartView is built once from typed values (a parsed webhook's cart, or the cart mutator's
// priced lines; never from JSON) and then copied around as a plain value. It holds product names,
// quantities and money only: nothing that identifies the shopper (no customer, session,
// payment instrument, barcode or product id) ever enters it, so any screen may show all of it.
//
// Thread: pure functions and values; callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/status.h"
#include "daemon/webhooks/events.h"

namespace lanecast::display {

enum class LineKind {
  kItem,      // a product the shopper took
  kDeposit,   // a deposit line the cart mutator added (externalId starts with the prefix)
  kDiscount,  // any line whose total is negative
};
const char* line_kind_name(LineKind kind);  // "item", "deposit", "discount"

struct CartLine {
  std::string name;
  std::int64_t quantity = 0;
  MinorUnits unit_price = 0;
  MinorUnits line_total = 0;  // unit_price * quantity, exactly
  LineKind kind = LineKind::kItem;

  bool operator==(const CartLine&) const = default;
};

// One row per distinct (title, rate) over all lines' taxLines, in order of first appearance.
struct TaxSummaryLine {
  std::string title;
  std::string rate;  // as sent ("0.19"); a rate is not money, it stays text
  MinorUnits amount = 0;

  bool operator==(const TaxSummaryLine&) const = default;
};

struct CartView {
  std::vector<CartLine> lines;
  std::vector<TaxSummaryLine> taxes;
  MinorUnits total = 0;
  MinorUnits tax = 0;
  MinorUnits subtotal = 0;
  std::int64_t item_count = 0;  // sum of quantities of kItem lines (deposits do not count)

  bool operator==(const CartView&) const = default;
};

struct CartViewOptions {
  int decimals = 2;  // store.decimals
  // Lines whose externalId starts with this are deposits; "" disables prefix detection.
  std::string deposit_prefix = "lanecast-deposit-";
  // Lines whose externalId is one of these are deposits too: the pricing rule set names each
  // deposit's externalId itself ("lanecast-pfand-025"), so the daemon passes those here.
  std::vector<std::string> deposit_ids;
};

// Totals that travel next to a cart (AiFi's, or the mutator's answer). An absent one is
// derived: total = sum of line totals, tax = sum of the tax summary, subtotal = total - tax.
// A present total always wins over the lines, because AiFi and the mutator own the totals and
// a screen must show what the shopper is charged.
struct CartTotals {
  std::optional<MinorUnits> total;
  std::optional<MinorUnits> tax;
  std::optional<MinorUnits> subtotal;
};

// Builds a view line by line from typed values, whatever they came from (a parsed webhook's
// cart, the cart mutator's priced lines). Failures are invalid_input naming the line
// ("cart[2]: price times quantity out of range") when a product or a sum leaves the money range.
class CartViewBuilder {
 public:
  explicit CartViewBuilder(const CartViewOptions& options) : options_(options) {}

  // A line; `external_id` tells a deposit apart (see CartViewOptions), a negative total makes
  // a discount.
  Status add_line(std::string name, std::string_view external_id, std::int64_t quantity,
                  MinorUnits unit_price);
  // A tax amount of the line added last, summed per (title, rate).
  Status add_tax(std::string_view title, std::string_view rate, MinorUnits amount);
  // The view with its totals (present ones win, absent ones derived).
  Result<CartView> finish(const CartTotals& totals);

 private:
  std::string line_path() const;

  const CartViewOptions& options_;
  CartView view_;
  MinorUnits line_sum_ = 0;
};

// The view of a parsed AiFi cart (checkout, zone event or mutator request): per line its name
// (else productSnapshot.name), quantity, unit price, externalId and tax lines. A tax line whose
// amount was not money (AiFi's reference shapes send "string") fails the view, naming it
// ("cart[0].taxLines[0].amount"): a screen shows no cart rather than a wrong tax.
Result<CartView> cart_view_of(const std::vector<webhooks::CartItem>& cart, const CartTotals& totals,
                              const CartViewOptions& options);

}  // namespace lanecast::display
