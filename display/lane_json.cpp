#include "display/lane_json.h"

#include <string>

namespace lanecast::display {
namespace {

void add_optional_integer(cJSON* object, const char* name, const std::optional<std::int64_t>& value) {
  if (value.has_value()) {
    add_json_integer(object, name, *value);
  } else {
    cJSON_AddNullToObject(object, name);
  }
}

JsonPtr line_to_json(const CartLine& line, int decimals) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  cJSON_AddStringToObject(json.get(), "name", line.name.c_str());
  add_json_integer(json.get(), "quantity", line.quantity);
  cJSON_AddStringToObject(json.get(), "kind", line_kind_name(line.kind));
  add_json_money(json.get(), "unit_price", line.unit_price, decimals);
  add_json_money(json.get(), "line_total", line.line_total, decimals);
  return json;
}

JsonPtr tax_to_json(const TaxSummaryLine& tax, int decimals) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  cJSON_AddStringToObject(json.get(), "title", tax.title.c_str());
  cJSON_AddStringToObject(json.get(), "rate", tax.rate.c_str());
  add_json_money(json.get(), "amount", tax.amount, decimals);
  return json;
}

}  // namespace

void add_json_integer(cJSON* object, const char* name, std::int64_t value) {
  cJSON_AddRawToObject(object, name, std::to_string(value).c_str());
}

void add_json_money(cJSON* object, const char* name, MinorUnits amount, int decimals) {
  add_json_integer(object, (std::string(name) + "_minor").c_str(), amount);
  cJSON_AddStringToObject(object, name, format_money(amount, decimals).c_str());
}

JsonPtr cart_to_json(const CartView& cart, int decimals) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  add_json_integer(json.get(), "item_count", cart.item_count);
  // The last lines are the shopper's latest, the ones a screen keeps in view; the totals
  // still cover every line.
  const std::size_t omitted =
      cart.lines.size() > kMaxLinesShown ? cart.lines.size() - kMaxLinesShown : 0;
  add_json_integer(json.get(), "omitted_lines", static_cast<std::int64_t>(omitted));
  cJSON* lines = cJSON_AddArrayToObject(json.get(), "lines");
  for (std::size_t i = omitted; i < cart.lines.size(); ++i)
    cJSON_AddItemToArray(lines, line_to_json(cart.lines[i], decimals).release());
  cJSON* taxes = cJSON_AddArrayToObject(json.get(), "taxes");
  for (const TaxSummaryLine& tax : cart.taxes) cJSON_AddItemToArray(taxes, tax_to_json(tax, decimals).release());
  add_json_money(json.get(), "total", cart.total, decimals);
  add_json_money(json.get(), "tax", cart.tax, decimals);
  add_json_money(json.get(), "subtotal", cart.subtotal, decimals);
  return json;
}

JsonPtr lane_to_json(const LaneView& lane, int decimals) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  cJSON_AddStringToObject(json.get(), "zone", lane.zone.c_str());
  add_json_integer(json.get(), "seq", static_cast<std::int64_t>(lane.seq));
  cJSON_AddStringToObject(json.get(), "phase", phase_name(lane.phase));
  add_json_integer(json.get(), "phase_since_us", lane.phase_since);
  add_json_integer(json.get(), "updated_at_us", lane.updated_at);
  add_json_integer(json.get(), "shoppers", lane.shoppers);
  cJSON_AddBoolToObject(json.get(), "attention", lane.attention);
  add_optional_integer(json.get(), "order_id", lane.order_id);
  if (lane.payment == PaymentOutcome::kNone) {
    cJSON_AddNullToObject(json.get(), "payment");
  } else {
    cJSON_AddStringToObject(json.get(), "payment", payment_outcome_name(lane.payment));
  }
  if (lane.cart.has_value()) {
    cJSON_AddItemToObject(json.get(), "cart", cart_to_json(*lane.cart, decimals).release());
  } else {
    cJSON_AddNullToObject(json.get(), "cart");
  }
  return json;
}

std::string sse_event(std::uint64_t id, std::string_view type, std::string_view json) {
  std::string event;
  event.reserve(json.size() + type.size() + 40);
  event.append("id: ").append(std::to_string(id)).append("\nevent: ").append(type);
  event.append("\ndata: ").append(json).append("\n\n");
  return event;
}

std::size_t sse_data_offset(std::uint64_t id, std::string_view type) {
  return 4 + std::to_string(id).size() + 8 + type.size() + 7;  // "id: " "\nevent: " "\ndata: "
}

JsonPtr alert_to_json(const Alert& alert) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  add_json_integer(json.get(), "id", static_cast<std::int64_t>(alert.id));
  add_json_integer(json.get(), "seq", static_cast<std::int64_t>(alert.seq));
  cJSON_AddStringToObject(json.get(), "kind", alert_kind_name(alert.kind));
  if (alert.zone.empty()) {
    cJSON_AddNullToObject(json.get(), "zone");
  } else {
    cJSON_AddStringToObject(json.get(), "zone", alert.zone.c_str());
  }
  add_optional_integer(json.get(), "order_id", alert.order_id);
  cJSON_AddStringToObject(json.get(), "text", alert.text.c_str());
  add_json_integer(json.get(), "raised_at_us", alert.raised_at);
  cJSON_AddBoolToObject(json.get(), "acknowledged", alert.acknowledged);
  add_optional_integer(json.get(), "acknowledged_at_us",
                       alert.acknowledged ? std::optional<std::int64_t>(alert.acknowledged_at)
                                          : std::nullopt);
  return json;
}

}  // namespace lanecast::display
