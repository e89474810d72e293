#include "display/cart_view.h"

#include <cmath>
#include <string_view>

namespace lanecast::display {
namespace {

constexpr std::int64_t kMaxQuantity = 1'000'000;

Status at(const std::string& path, const std::string& why) {
  return Status::invalid_input(path + ": " + why);
}

// Money arrives as a JSON number (item `price`) or as a decimal string (everything else).
Result<MinorUnits> money_field(const cJSON* value, const std::string& path, int decimals) {
  if (!cJSON_IsNumber(value) && !cJSON_IsString(value))
    return at(path, "expected a number or a decimal string");
  auto parsed = cJSON_IsNumber(value) ? money_from_json_number(value->valuedouble, decimals)
                                      : parse_money(value->valuestring, decimals);
  if (!parsed.is_ok()) return at(path, parsed.status().message());
  return parsed;
}

std::string string_field(const cJSON* object, const char* name) {
  const cJSON* value = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsString(value) ? std::string(value->valuestring) : std::string();
}

Result<std::int64_t> quantity_field(const cJSON* item, const std::string& path) {
  const cJSON* value = cJSON_GetObjectItemCaseSensitive(item, "quantity");
  if (value == nullptr || cJSON_IsNull(value)) return std::int64_t{1};
  if (!cJSON_IsNumber(value)) return at(path + ".quantity", "expected an integer");
  const double q = value->valuedouble;
  // Comparisons only: a quantity is a count, and the bound keeps price * quantity in range.
  if (!(q >= 0 && q <= static_cast<double>(kMaxQuantity)) || std::trunc(q) != q)
    return at(path + ".quantity", "expected an integer from 0 to 1000000");
  return static_cast<std::int64_t>(q);
}

Result<MinorUnits> unit_price(const cJSON* item, const std::string& path, int decimals) {
  const cJSON* price = cJSON_GetObjectItemCaseSensitive(item, "price");
  if (price != nullptr && !cJSON_IsNull(price)) return money_field(price, path + ".price", decimals);
  const cJSON* snapshot = cJSON_GetObjectItemCaseSensitive(item, "productSnapshot");
  const cJSON* fallback = cJSON_GetObjectItemCaseSensitive(snapshot, "price");
  if (fallback == nullptr || cJSON_IsNull(fallback)) return at(path + ".price", "missing");
  return money_field(fallback, path + ".productSnapshot.price", decimals);
}

Status add_checked(MinorUnits& sum, MinorUnits amount, const std::string& path) {
  if (__builtin_add_overflow(sum, amount, &sum) || sum > kMaxMoneyMagnitude ||
      sum < -kMaxMoneyMagnitude)
    return at(path, "amount out of range");
  return Status::ok();
}

Status add_tax_lines(const cJSON* item, const std::string& path, int decimals,
                     std::vector<TaxSummaryLine>& taxes) {
  const cJSON* lines = cJSON_GetObjectItemCaseSensitive(item, "taxLines");
  if (lines == nullptr || cJSON_IsNull(lines)) return Status::ok();
  if (!cJSON_IsArray(lines)) return at(path + ".taxLines", "expected an array");
  int index = 0;
  for (const cJSON* line = lines->child; line != nullptr; line = line->next, ++index) {
    const std::string line_path = path + ".taxLines[" + std::to_string(index) + "]";
    if (!cJSON_IsObject(line)) return at(line_path, "expected an object");
    auto amount = money_field(cJSON_GetObjectItemCaseSensitive(line, "amount"),
                              line_path + ".amount", decimals);
    if (!amount.is_ok()) return amount.status();
    TaxSummaryLine row{string_field(line, "title"), string_field(line, "rate"), 0};
    TaxSummaryLine* target = nullptr;
    for (TaxSummaryLine& existing : taxes)
      if (existing.title == row.title && existing.rate == row.rate) target = &existing;
    if (target == nullptr) target = &taxes.emplace_back(std::move(row));
    Status added = add_checked(target->amount, *amount, line_path + ".amount");
    if (!added.is_ok()) return added;
  }
  return Status::ok();
}

std::string item_name(const cJSON* item) {
  std::string name = string_field(item, "name");
  if (name.empty()) name = string_field(cJSON_GetObjectItemCaseSensitive(item, "productSnapshot"), "name");
  return name;
}

LineKind classify(const cJSON* item, MinorUnits line_total, const CartViewOptions& options) {
  const std::string external_id = string_field(item, "externalId");
  const std::string& prefix = options.deposit_prefix;
  if (!prefix.empty() && std::string_view(external_id).starts_with(prefix)) return LineKind::kDeposit;
  for (const std::string& id : options.deposit_ids)
    if (!external_id.empty() && external_id == id) return LineKind::kDeposit;
  return line_total < 0 ? LineKind::kDiscount : LineKind::kItem;
}

Result<CartLine> build_line(const cJSON* item, const std::string& path,
                            const CartViewOptions& options) {
  if (!cJSON_IsObject(item)) return at(path, "expected an object");
  auto quantity = quantity_field(item, path);
  if (!quantity.is_ok()) return quantity.status();
  auto price = unit_price(item, path, options.decimals);
  if (!price.is_ok()) return price.status();
  CartLine line;
  line.name = item_name(item);
  line.quantity = *quantity;
  line.unit_price = *price;
  if (__builtin_mul_overflow(*price, *quantity, &line.line_total) ||
      line.line_total > kMaxMoneyMagnitude || line.line_total < -kMaxMoneyMagnitude)
    return at(path, "price times quantity out of range");
  line.kind = classify(item, line.line_total, options);
  return line;
}

// A present total string wins; an absent one is derived.
Result<MinorUnits> total_or(const std::string& text, const char* name, MinorUnits derived,
                            int decimals) {
  if (text.empty()) return derived;
  auto parsed = parse_money(text, decimals);
  if (!parsed.is_ok()) return at(name, parsed.status().message());
  return parsed;
}

Status fill_totals(CartView& view, MinorUnits line_sum, const CartTotalsText& totals,
                   int decimals) {
  MinorUnits tax_sum = 0;
  for (const TaxSummaryLine& row : view.taxes) {
    Status added = add_checked(tax_sum, row.amount, "taxLines");
    if (!added.is_ok()) return added;
  }
  auto total = total_or(totals.total_price, "totalPrice", line_sum, decimals);
  if (!total.is_ok()) return total.status();
  auto tax = total_or(totals.total_tax, "totalTax", tax_sum, decimals);
  if (!tax.is_ok()) return tax.status();
  // Both are within kMaxMoneyMagnitude, so the difference cannot overflow.
  auto subtotal = total_or(totals.subtotal_price, "subtotalPrice", *total - *tax, decimals);
  if (!subtotal.is_ok()) return subtotal.status();
  view.total = *total;
  view.tax = *tax;
  view.subtotal = *subtotal;
  return Status::ok();
}

// Totals in a body are strings; a number (older senders) is turned into the same text form.
Result<std::string> total_text(const cJSON* body, const char* name, int decimals) {
  const cJSON* value = cJSON_GetObjectItemCaseSensitive(body, name);
  if (value == nullptr || cJSON_IsNull(value)) return std::string();
  if (cJSON_IsString(value)) return std::string(value->valuestring);
  auto parsed = money_field(value, name, decimals);
  if (!parsed.is_ok()) return parsed.status();
  return format_money(*parsed, decimals);
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

Result<CartView> build_cart_view(const cJSON* cart, const CartTotalsText& totals,
                                 const CartViewOptions& options) {
  if (options.decimals < 0 || options.decimals > kMaxDecimals)
    return Status::internal("decimals out of range");
  if (cart != nullptr && !cJSON_IsNull(cart) && !cJSON_IsArray(cart))
    return at("cart", "expected an array");
  CartView view;
  MinorUnits line_sum = 0;
  int index = 0;
  for (const cJSON* item = cart != nullptr ? cart->child : nullptr; item != nullptr;
       item = item->next, ++index) {
    const std::string path = "cart[" + std::to_string(index) + "]";
    auto line = build_line(item, path, options);
    if (!line.is_ok()) return line.status();
    Status status = add_tax_lines(item, path, options.decimals, view.taxes);
    if (!status.is_ok()) return status;
    status = add_checked(line_sum, line->line_total, path);
    if (!status.is_ok()) return status;
    if (line->kind == LineKind::kItem) view.item_count += line->quantity;
    view.lines.push_back(std::move(line).value());
  }
  Status status = fill_totals(view, line_sum, totals, options.decimals);
  if (!status.is_ok()) return status;
  return view;
}

Result<CartView> cart_view_from_body(const cJSON* body, const CartViewOptions& options) {
  if (!cJSON_IsObject(body)) return Status::invalid_input("body: expected an object");
  CartTotalsText totals;
  for (auto [name, target] : {std::pair{"totalPrice", &totals.total_price},
                              std::pair{"totalTax", &totals.total_tax},
                              std::pair{"subtotalPrice", &totals.subtotal_price}}) {
    auto text = total_text(body, name, options.decimals);
    if (!text.is_ok()) return text.status();
    *target = std::move(text).value();
  }
  return build_cart_view(cJSON_GetObjectItemCaseSensitive(body, "cart"), totals, options);
}

}  // namespace lanecast::display
