#include "daemon/pricing/answer_writer.h"

#include <cstring>

#include "daemon/core/json.h"

namespace lanecast::pricing {
namespace {

// Replaces `key` in place (keeping the member order AiFi sent), or appends it.
void set_member(cJSON* object, const char* key, cJSON* value) {
  if (cJSON_GetObjectItemCaseSensitive(object, key) != nullptr)
    cJSON_ReplaceItemInObjectCaseSensitive(object, key, value);
  else
    cJSON_AddItemToObject(object, key, value);
}

cJSON* money_number(MinorUnits amount, int decimals) {
  return cJSON_CreateRaw(format_money(amount, decimals).c_str());
}

cJSON* tax_lines(const PricedLine& line, const RuleSet& rules, int decimals) {
  const TaxDefinition& tax = rules.tax(line.tax);
  cJSON* entry = cJSON_CreateObject();
  cJSON_AddStringToObject(entry, "taxId", tax.id.c_str());
  cJSON_AddStringToObject(entry, "title", tax.title.c_str());
  cJSON_AddStringToObject(entry, "rate", tax.rate_text.c_str());
  cJSON_AddStringToObject(entry, "amount", format_money(line.tax_amount, decimals).c_str());
  cJSON* list = cJSON_CreateArray();
  cJSON_AddItemToArray(list, entry);
  return list;
}

cJSON* added_line(const PricedLine& line, const std::string& external_id, const std::string& name,
                  int decimals) {
  cJSON* object = cJSON_CreateObject();
  cJSON_AddStringToObject(object, "externalId", external_id.c_str());
  cJSON_AddStringToObject(object, "name", name.c_str());
  cJSON_AddItemToObject(object, "price", money_number(line.unit_price, decimals));
  cJSON_AddItemToObject(object, "quantity", cJSON_CreateRaw(std::to_string(line.quantity).c_str()));
  return object;
}

cJSON* answer_line(const PricedLine& line, const PricingRequest& request, const RuleSet& rules,
                   int decimals) {
  cJSON* object = nullptr;
  switch (line.kind) {
    case LineKind::kItem:
      object = cJSON_Duplicate(request.items[line.item].source, 1);
      if (object != nullptr) set_member(object, "price", money_number(line.unit_price, decimals));
      break;
    case LineKind::kDiscount:
      object = added_line(line, line.discount->external_id, line.discount->title, decimals);
      break;
    case LineKind::kDeposit:
      object = added_line(line, line.deposit->external_id, line.deposit->name, decimals);
      break;
  }
  if (object != nullptr) set_member(object, "taxLines", tax_lines(line, rules, decimals));
  return object;
}

cJSON* answer_cart(const PricingRequest& request, const PricedCart& cart, const RuleSet& rules,
                   int decimals) {
  cJSON* lines = cJSON_CreateArray();
  for (const PricedLine& line : cart.lines) {
    cJSON* object = lines != nullptr ? answer_line(line, request, rules, decimals) : nullptr;
    if (object == nullptr) {
      cJSON_Delete(lines);
      return nullptr;
    }
    cJSON_AddItemToArray(lines, object);
  }
  return lines;
}

// The new value of a member the answer replaces, or nullptr for a member echoed as sent.
cJSON* replacement(const char* key, JsonPtr& cart_lines, const PricedCart& cart, int decimals) {
  if (std::strcmp(key, "cart") == 0) return cart_lines.release();
  const std::pair<const char*, MinorUnits> kTotals[] = {
      {"totalPrice", cart.total}, {"totalTax", cart.tax}, {"subtotalPrice", cart.subtotal}};
  for (const auto& [name, amount] : kTotals)
    if (std::strcmp(key, name) == 0)
      return cJSON_CreateString(format_money(amount, decimals).c_str());
  return nullptr;
}

}  // namespace

Result<std::string> write_answer(const cJSON* request_root, const PricingRequest& request,
                                 const PricedCart& cart, const RuleSet& rules, int decimals) {
  const Status out_of_memory = Status::internal("out of memory writing the mutator answer");
  JsonPtr answer(cJSON_CreateObject());
  JsonPtr cart_lines(answer_cart(request, cart, rules, decimals));
  if (!answer || !cart_lines) return out_of_memory;
  // Member by member, so the old cart is never copied and the order AiFi sent is kept.
  for (const cJSON* member = request_root->child; member != nullptr; member = member->next) {
    if (cJSON_GetObjectItemCaseSensitive(answer.get(), member->string) != nullptr) continue;
    cJSON* value = replacement(member->string, cart_lines, cart, decimals);
    if (value == nullptr) value = cJSON_Duplicate(member, 1);
    if (value == nullptr || !cJSON_AddItemToObject(answer.get(), member->string, value))
      return out_of_memory;
  }
  for (const char* key : {"cart", "totalPrice", "totalTax", "subtotalPrice"}) {
    if (cJSON_GetObjectItemCaseSensitive(answer.get(), key) != nullptr) continue;
    cJSON* value = replacement(key, cart_lines, cart, decimals);
    if (value == nullptr || !cJSON_AddItemToObject(answer.get(), key, value)) return out_of_memory;
  }
  std::string text = json_print(answer.get());
  if (text.empty()) return out_of_memory;
  return text;
}

}  // namespace lanecast::pricing
