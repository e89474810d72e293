// Cart lines and their tax lines, as checkout, cart-mutator and zone bodies carry them.
#include <string>

#include "daemon/webhooks/body_parts.h"

namespace lanecast::webhooks {
namespace {

// Incoming tax lines are informational (lanecast derives its own), and AiFi's reference
// example sends "string" as an amount: a text that is not a decimal marks the amount unknown
// instead of refusing the order. Every other type problem is still an error.
void read_tax_amount(const FieldReader& tax, TaxLine& out) {
  const cJSON* value = tax.find("amount");
  if (cJSON_IsString(value) && !parse_money(value->valuestring, tax.decimals()).is_ok()) {
    out.amount_known = false;
    return;
  }
  std::optional<MinorUnits> amount;
  tax.money("amount", amount);
  out.amount = amount.value_or(0);
  out.amount_known = amount.has_value();
}

void read_tax_lines(const FieldReader& line, std::vector<TaxLine>& out) {
  const cJSON* lines = line.array("taxLines");
  if (lines == nullptr) return;
  const JsonPath lines_path = line.path().member("taxLines");
  std::size_t index = 0;
  for (const cJSON* entry = lines->child; entry != nullptr; entry = entry->next, ++index) {
    const JsonPath entry_path = lines_path.element(index);
    if (!cJSON_IsObject(entry)) return line.errors().fail(entry_path, "expected an object");
    const FieldReader tax(line.errors(), entry, entry_path, line.decimals());
    TaxLine& tax_line = out.emplace_back();
    tax.text("taxId", tax_line.tax_id);
    tax.text("title", tax_line.title);
    tax.text_or_number("rate", tax_line.rate);
    read_tax_amount(tax, tax_line);
  }
}

// The unit price: the line's `price` (a number on the wire), else productSnapshot.price (a
// string). One of them is required: a line without a price cannot be priced or displayed.
void read_unit_price(const FieldReader& line, CartItem& item) {
  MinorUnits& out = item.price;
  std::optional<MinorUnits> price;
  line.money("price", price);
  item.price_sent = price.has_value();
  if (!price.has_value() && line.find("price") == nullptr) {
    if (auto snapshot = line.nested("productSnapshot")) snapshot->money("price", price);
  }
  if (price.has_value()) out = *price;
  else if (!line.errors().failed()) line.fail("price", "required (or productSnapshot.price)");
}

// A string member of the snapshot, or "": the snapshot is AiFi's copy of the catalogue, and
// its keys are only fallbacks (screens' names, pricing's keys), not worth refusing an order for.
std::string snapshot_text(const FieldReader& snapshot, const char* key) {
  const cJSON* value = snapshot.find(key);
  return cJSON_IsString(value) ? std::string(value->valuestring) : std::string();
}

void read_snapshot(const FieldReader& snapshot, CartItem& out) {
  out.snapshot_name = snapshot_text(snapshot, "name");
  out.snapshot_sku = snapshot_text(snapshot, "sku");
  out.snapshot_barcode = snapshot_text(snapshot, "barcode");
  out.snapshot_external_id = snapshot_text(snapshot, "externalId");
  out.snapshot_category = snapshot_text(snapshot, "category");
  const cJSON* price = snapshot.find("price");
  if (price == nullptr) return;
  Result<MinorUnits> amount = Status::invalid_input("expected a decimal string or a number");
  if (cJSON_IsString(price)) amount = parse_money(price->valuestring, snapshot.decimals());
  else if (cJSON_IsNumber(price)) amount = money_from_json_number(price->valuedouble, snapshot.decimals());
  if (amount.is_ok()) out.snapshot_price = *amount;
  else out.snapshot_price_problem = amount.status().message();
}

void read_quantity(const FieldReader& line, std::int64_t& out) {
  line.required_integer("quantity", out);
  if (!line.errors().failed() && (out < 0 || out > kMaxQuantity))
    line.fail("quantity", "out of range 0.." + std::to_string(kMaxQuantity));
}

void read_line(const FieldReader& line, CartItem& out) {
  line.text("id", out.id);
  line.text("externalId", out.external_id);
  line.text("name", out.name);
  line.text("barcode", out.barcode);
  line.text("category", out.category);
  line.text("sku", out.sku);
  line.integer("productId", out.product_id);
  read_quantity(line, out.quantity);
  read_unit_price(line, out);
  if (auto snapshot = line.nested("productSnapshot")) {
    snapshot->text("taxCode", out.tax_code);
    read_snapshot(*snapshot, out);
  }
  read_tax_lines(line, out.tax_lines);
}

}  // namespace

void read_cart(const FieldReader& body, const char* key, std::vector<CartItem>& out) {
  const cJSON* lines = body.array(key);
  if (lines == nullptr) return;
  const int count = cJSON_GetArraySize(lines);
  if (count > static_cast<int>(kMaxCartLines))
    return body.fail(key, "more than " + std::to_string(kMaxCartLines) + " lines");
  out.reserve(static_cast<std::size_t>(count));
  const JsonPath cart_path = body.path().member(key);
  std::size_t index = 0;
  for (const cJSON* entry = lines->child; entry != nullptr; entry = entry->next, ++index) {
    const JsonPath line_path = cart_path.element(index);
    if (!cJSON_IsObject(entry)) return body.errors().fail(line_path, "expected an object");
    read_line(FieldReader(body.errors(), entry, line_path, body.decimals()), out.emplace_back());
    if (body.errors().failed()) return;
  }
}

}  // namespace lanecast::webhooks
