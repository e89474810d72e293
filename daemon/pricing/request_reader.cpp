#include "daemon/pricing/request_reader.h"

#include <chrono>
#include <string>
#include <string_view>

namespace lanecast::pricing {
namespace {

Status field_error(const std::string& path, const std::string& reason) {
  return Status::invalid_input(path + ": " + reason);
}

// The item's own key, else its productSnapshot's, else "".
std::string_view key_of(const std::string& own, const std::string& snapshot) {
  return own.empty() ? std::string_view(snapshot) : std::string_view(own);
}

Result<MinorUnits> not_negative(MinorUnits amount, const std::string& path) {
  if (amount < 0) return field_error(path, "must not be negative");
  return amount;
}

Result<MinorUnits> snapshot_price(const webhooks::CartItem& item, const std::string& path) {
  if (item.snapshot_price) return not_negative(*item.snapshot_price, path + ".productSnapshot.price");
  return field_error(path + ".productSnapshot.price", item.snapshot_price_problem);
}

// The parser has made sure the line has a price of its own or a snapshot price.
Result<MinorUnits> unit_price(const webhooks::CartItem& item, const std::string& path,
                              const RuleSet& rules) {
  const bool has_snapshot_price = item.snapshot_price || !item.snapshot_price_problem.empty();
  if (rules.store().base_price == BasePrice::kProductSnapshot && has_snapshot_price)
    return snapshot_price(item, path);
  if (item.price_sent) return not_negative(item.price, path + ".price");
  if (has_snapshot_price) return snapshot_price(item, path);
  return field_error(path + ".price", "missing");
}

Result<RequestItem> read_item(const webhooks::CartItem& item, const cJSON* source,
                              std::size_t index, const RuleSet& rules) {
  const std::string path = "cart[" + std::to_string(index) + "]";
  RequestItem out;
  out.source = source;
  out.cart_index = index;
  out.keys.sku = key_of(item.sku, item.snapshot_sku);
  out.keys.barcode = key_of(item.barcode, item.snapshot_barcode);
  out.keys.external_id = key_of(item.external_id, item.snapshot_external_id);
  out.keys.category = key_of(item.category, item.snapshot_category);
  out.keys.tax_code = item.tax_code;
  Result<MinorUnits> price = unit_price(item, path, rules);
  if (!price.is_ok()) return price.status();
  out.unit_price = *price;
  out.quantity = item.quantity;
  return out;
}

}  // namespace

Result<PricingRequest> read_request(const webhooks::CartMutatorRequest& typed, const cJSON* root,
                                    const RuleSet& rules) {
  const cJSON* cart = cJSON_GetObjectItemCaseSensitive(root, "cart");
  if (!cJSON_IsArray(cart)) return field_error("cart", "expected an array");
  PricingRequest request;
  request.items.reserve(typed.cart.size());
  std::size_t index = 0;
  for (const cJSON* source = cart->child; source != nullptr; source = source->next, ++index) {
    if (index >= typed.cart.size()) return Status::internal("the typed cart is not the request's");
    const webhooks::CartItem& item = typed.cart[index];
    if (rules.is_added_line(item.external_id)) continue;
    Result<RequestItem> read = read_item(item, source, index, rules);
    if (!read.is_ok()) return read.status();
    request.items.push_back(std::move(read).value());
  }
  if (index != typed.cart.size()) return Status::internal("the typed cart is not the request's");
  if (typed.envelope.time_of_origin)
    request.time_of_origin = std::chrono::floor<std::chrono::seconds>(
                                 std::chrono::microseconds(*typed.envelope.time_of_origin))
                                 .count();
  if (typed.reviewed_total_price) {
    Result<MinorUnits> total = not_negative(*typed.reviewed_total_price, "reviewedTotalPrice");
    if (!total.is_ok()) return total.status();
    request.reviewed_total = *total;
  }
  return request;
}

}  // namespace lanecast::pricing
