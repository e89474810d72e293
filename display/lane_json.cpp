#include "display/lane_json.h"

#include <string>

namespace lanecast::display {
namespace {

// Every key below is a string literal, added without a copy (cJSON's "CS" calls): the hub
// renders a lane for every change, and a copy of each key was a malloc and a free per field.
void add_item(cJSON* object, const char* key, cJSON* item) { cJSON_AddItemToObjectCS(object, key, item); }
void add_string(cJSON* object, const char* key, const char* text) {
  add_item(object, key, cJSON_CreateString(text));
}
// For names the enums give as literals: neither copied nor freed.
void add_literal(cJSON* object, const char* key, const char* literal) {
  add_item(object, key, cJSON_CreateStringReference(literal));
}
void add_null(cJSON* object, const char* key) { add_item(object, key, cJSON_CreateNull()); }
void add_bool(cJSON* object, const char* key, bool value) { add_item(object, key, cJSON_CreateBool(value)); }
cJSON* add_array(cJSON* object, const char* key) {
  cJSON* array = cJSON_CreateArray();
  add_item(object, key, array);
  return array;
}

void add_optional_integer(cJSON* object, const char* name, const std::optional<std::int64_t>& value) {
  if (value.has_value()) {
    add_json_integer(object, name, *value);
  } else {
    add_null(object, name);
  }
}

// add_json_money with both keys literal.
void add_money(cJSON* object, const char* minor_key, const char* key, MinorUnits amount, int decimals) {
  add_json_integer(object, minor_key, amount);
  add_string(object, key, format_money(amount, decimals).c_str());
}

JsonPtr line_to_json(const CartLine& line, int decimals) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  add_string(json.get(), "name", line.name.c_str());
  add_json_integer(json.get(), "quantity", line.quantity);
  add_literal(json.get(), "kind", line_kind_name(line.kind));
  add_money(json.get(), "unit_price_minor", "unit_price", line.unit_price, decimals);
  add_money(json.get(), "line_total_minor", "line_total", line.line_total, decimals);
  return json;
}

JsonPtr tax_to_json(const TaxSummaryLine& tax, int decimals) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  add_string(json.get(), "title", tax.title.c_str());
  add_string(json.get(), "rate", tax.rate.c_str());
  add_money(json.get(), "amount_minor", "amount", tax.amount, decimals);
  return json;
}

}  // namespace

void add_json_integer(cJSON* object, const char* name, std::int64_t value) {
  add_item(object, name, cJSON_CreateRaw(std::to_string(value).c_str()));
}

void add_json_money(cJSON* object, const char* name, MinorUnits amount, int decimals) {
  // "<name>_minor" is built here, so it is copied into the object.
  cJSON_AddRawToObject(object, (std::string(name) + "_minor").c_str(), std::to_string(amount).c_str());
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
  cJSON* lines = add_array(json.get(), "lines");
  for (std::size_t i = omitted; i < cart.lines.size(); ++i)
    cJSON_AddItemToArray(lines, line_to_json(cart.lines[i], decimals).release());
  cJSON* taxes = add_array(json.get(), "taxes");
  for (const TaxSummaryLine& tax : cart.taxes) cJSON_AddItemToArray(taxes, tax_to_json(tax, decimals).release());
  add_money(json.get(), "total_minor", "total", cart.total, decimals);
  add_money(json.get(), "tax_minor", "tax", cart.tax, decimals);
  add_money(json.get(), "subtotal_minor", "subtotal", cart.subtotal, decimals);
  return json;
}

JsonPtr lane_to_json(const LaneView& lane, int decimals) {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  add_string(json.get(), "zone", lane.zone.c_str());
  add_json_integer(json.get(), "seq", static_cast<std::int64_t>(lane.seq));
  add_literal(json.get(), "phase", phase_name(lane.phase));
  add_json_integer(json.get(), "phase_since_us", lane.phase_since);
  add_json_integer(json.get(), "updated_at_us", lane.updated_at);
  add_json_integer(json.get(), "shoppers", lane.shoppers);
  add_bool(json.get(), "attention", lane.attention);
  add_optional_integer(json.get(), "order_id", lane.order_id);
  if (lane.payment == PaymentOutcome::kNone) {
    add_null(json.get(), "payment");
  } else {
    add_literal(json.get(), "payment", payment_outcome_name(lane.payment));
  }
  if (lane.cart.has_value()) {
    add_item(json.get(), "cart", cart_to_json(*lane.cart, decimals).release());
  } else {
    add_null(json.get(), "cart");
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
  add_literal(json.get(), "kind", alert_kind_name(alert.kind));
  if (alert.zone.empty()) {
    add_null(json.get(), "zone");
  } else {
    add_string(json.get(), "zone", alert.zone.c_str());
  }
  add_optional_integer(json.get(), "order_id", alert.order_id);
  add_string(json.get(), "text", alert.text.c_str());
  add_json_integer(json.get(), "raised_at_us", alert.raised_at);
  add_bool(json.get(), "acknowledged", alert.acknowledged);
  add_optional_integer(json.get(), "acknowledged_at_us",
                       alert.acknowledged ? std::optional<std::int64_t>(alert.acknowledged_at)
                                          : std::nullopt);
  return json;
}

}  // namespace lanecast::display
