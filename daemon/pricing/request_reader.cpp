#include "daemon/pricing/request_reader.h"

#include <cmath>
#include <chrono>
#include <string>

#include "daemon/core/timestamp.h"

namespace lanecast::pricing {
namespace {

Status field_error(const std::string& path, const std::string& reason) {
  return Status::invalid_input(path + ": " + reason);
}

bool is_present(const cJSON* node) { return node != nullptr && !cJSON_IsNull(node); }

// The item's own string field, else its productSnapshot's, else "".
std::string_view key_of(const cJSON* item, const cJSON* snapshot, const char* key) {
  for (const cJSON* object : {item, snapshot}) {
    const cJSON* value = cJSON_GetObjectItemCaseSensitive(object, key);
    if (cJSON_IsString(value) && value->valuestring[0] != '\0') return value->valuestring;
  }
  return std::string_view();
}

// Money as AiFi sends it: a decimal string ("10.99") or a JSON number (10.99).
Result<MinorUnits> read_amount(const cJSON* node, const std::string& path, int decimals) {
  Result<MinorUnits> amount = Status::invalid_input("expected a decimal string or a number");
  if (cJSON_IsString(node))
    amount = parse_money(node->valuestring, decimals);
  else if (cJSON_IsNumber(node))
    amount = money_from_json_number(node->valuedouble, decimals);
  if (!amount.is_ok()) return field_error(path, amount.status().message());
  if (*amount < 0) return field_error(path, "must not be negative");
  return amount;
}

Result<std::int64_t> read_quantity(const cJSON* item, const std::string& path) {
  const cJSON* node = cJSON_GetObjectItemCaseSensitive(item, "quantity");
  // Comparisons only, before the double becomes an integer.
  if (!cJSON_IsNumber(node) || std::floor(node->valuedouble) != node->valuedouble ||
      node->valuedouble < 0 || node->valuedouble > static_cast<double>(kMaxQuantity))
    return field_error(path + ".quantity",
                       "expected a whole number from 0 to " + std::to_string(kMaxQuantity));
  return static_cast<std::int64_t>(node->valuedouble);
}

Result<MinorUnits> read_unit_price(const cJSON* item, const cJSON* snapshot,
                                   const std::string& path, const RuleSet& rules, int decimals) {
  const cJSON* snapshot_price = cJSON_GetObjectItemCaseSensitive(snapshot, "price");
  if (rules.store().base_price == BasePrice::kProductSnapshot && is_present(snapshot_price))
    return read_amount(snapshot_price, path + ".productSnapshot.price", decimals);
  const cJSON* price = cJSON_GetObjectItemCaseSensitive(item, "price");
  if (is_present(price)) return read_amount(price, path + ".price", decimals);
  if (is_present(snapshot_price))
    return read_amount(snapshot_price, path + ".productSnapshot.price", decimals);
  return field_error(path + ".price", "missing");
}

Result<RequestItem> read_item(const cJSON* item, const std::string& path, const RuleSet& rules,
                              int decimals) {
  if (!cJSON_IsObject(item)) return field_error(path, "expected an object");
  const cJSON* snapshot = cJSON_GetObjectItemCaseSensitive(item, "productSnapshot");
  if (!cJSON_IsObject(snapshot)) snapshot = nullptr;
  RequestItem out;
  out.source = item;
  out.keys.sku = key_of(item, snapshot, "sku");
  out.keys.barcode = key_of(item, snapshot, "barcode");
  out.keys.external_id = key_of(item, snapshot, "externalId");
  out.keys.category = key_of(item, snapshot, "category");
  out.keys.tax_code = key_of(snapshot, nullptr, "taxCode");
  Result<MinorUnits> price = read_unit_price(item, snapshot, path, rules, decimals);
  if (!price.is_ok()) return price.status();
  Result<std::int64_t> quantity = read_quantity(item, path);
  if (!quantity.is_ok()) return quantity.status();
  out.unit_price = *price;
  out.quantity = *quantity;
  return out;
}

Status read_cart(const cJSON* root, const RuleSet& rules, int decimals, PricingRequest& out) {
  const cJSON* cart = cJSON_GetObjectItemCaseSensitive(root, "cart");
  if (!cJSON_IsArray(cart)) return field_error("cart", "expected an array");
  if (static_cast<std::size_t>(cJSON_GetArraySize(cart)) > kMaxCartLines)
    return field_error("cart", "more than " + std::to_string(kMaxCartLines) + " lines");
  std::size_t index = 0;
  for (const cJSON* item = cart->child; item != nullptr; item = item->next, ++index) {
    const cJSON* external_id = cJSON_GetObjectItemCaseSensitive(item, "externalId");
    if (cJSON_IsString(external_id) && rules.is_added_line(external_id->valuestring)) continue;
    Result<RequestItem> read =
        read_item(item, "cart[" + std::to_string(index) + "]", rules, decimals);
    if (!read.is_ok()) return read.status();
    read->cart_index = index;
    out.items.push_back(std::move(read).value());
  }
  return Status::ok();
}

}  // namespace

Result<PricingRequest> read_request(const cJSON* root, const RuleSet& rules, int decimals) {
  if (!cJSON_IsObject(root)) return Status::invalid_input("the request is not a JSON object");
  PricingRequest request;
  if (Status s = read_cart(root, rules, decimals, request); !s.is_ok()) return s;
  const cJSON* origin = cJSON_GetObjectItemCaseSensitive(root, "timeOfOrigin");
  if (is_present(origin)) {
    Result<UnixMicros> micros = parse_timestamp(cJSON_IsString(origin) ? origin->valuestring : "");
    if (!micros.is_ok()) return field_error("timeOfOrigin", micros.status().message());
    request.time_of_origin =
        std::chrono::floor<std::chrono::seconds>(std::chrono::microseconds(*micros)).count();
  }
  const cJSON* reviewed = cJSON_GetObjectItemCaseSensitive(root, "reviewedTotalPrice");
  if (is_present(reviewed)) {
    Result<MinorUnits> total = read_amount(reviewed, "reviewedTotalPrice", decimals);
    if (!total.is_ok()) return total.status();
    request.reviewed_total = *total;
  }
  return request;
}

}  // namespace lanecast::pricing
