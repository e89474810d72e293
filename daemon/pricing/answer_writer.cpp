#include "daemon/pricing/answer_writer.h"

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

}  // namespace

Result<std::string> write_answer(const cJSON* request_root, const PricingRequest& request,
                                 const PricedCart& cart, const RuleSet& rules, int decimals) {
  JsonPtr answer(cJSON_Duplicate(request_root, 1));
  cJSON* lines = cJSON_CreateArray();
  if (!answer || lines == nullptr) {
    cJSON_Delete(lines);
    return Status::internal("out of memory writing the mutator answer");
  }
  set_member(answer.get(), "cart", lines);
  for (const PricedLine& line : cart.lines) {
    cJSON* object = answer_line(line, request, rules, decimals);
    if (object == nullptr) return Status::internal("out of memory writing the mutator answer");
    cJSON_AddItemToArray(lines, object);
  }
  set_member(answer.get(), "totalPrice",
             cJSON_CreateString(format_money(cart.total, decimals).c_str()));
  set_member(answer.get(), "totalTax",
             cJSON_CreateString(format_money(cart.tax, decimals).c_str()));
  set_member(answer.get(), "subtotalPrice",
             cJSON_CreateString(format_money(cart.subtotal, decimals).c_str()));
  std::string text = json_print(answer.get());
  if (text.empty()) return Status::internal("out of memory writing the mutator answer");
  return text;
}

}  // namespace lanecast::pricing
