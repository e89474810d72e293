// What a screen shows of a cart: lines, a tax summary and totals, money in minor units.
//
// A CartView is built once from a cart in AiFi's shape (a checkout body, a cart-mutator request
// or the mutator's answer) and then copied around as a plain value. It holds product names,
// quantities and money only: nothing that identifies the shopper (no customer, session,
// payment instrument, barcode or product id) ever enters it, so any screen may show all of it.
//
// Thread: pure functions and values; callable from any thread.
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/status.h"

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

// The totals as they travel next to a cart, as strings ("10.99"). An empty string means the
// field was absent; the view then derives it: total = sum of line totals, tax = sum of the
// tax summary, subtotal = total - tax. A present total always wins over the lines, because
// AiFi and the mutator own the totals and a screen must show what the shopper is charged.
struct CartTotalsText {
  std::string total_price;
  std::string total_tax;
  std::string subtotal_price;
};

// Builds a view from a JSON array of cart items. Per item: `name` (else productSnapshot.name,
// else ""), `quantity` (integer 0..1000000; absent means 1), `price` (number or decimal
// string; else productSnapshot.price), `externalId` (deposit detection), `taxLines[]`
// ({title, rate, amount as string or number}). Unknown fields are ignored.
// Fails with invalid_input naming the JSON path ("cart[2].price: ...") when `cart` is not an
// array (null counts as an empty cart), an item is not an object, money or a quantity does not
// parse, or a sum leaves the money range.
Result<CartView> build_cart_view(const cJSON* cart, const CartTotalsText& totals,
                                 const CartViewOptions& options);

// The same from a whole webhook body or mutator answer: reads `cart`, `totalPrice`,
// `totalTax` and `subtotalPrice` (strings, or numbers for older senders). A body without a
// cart gives an empty view with its totals.
Result<CartView> cart_view_from_body(const cJSON* body, const CartViewOptions& options);

}  // namespace lanecast::display
