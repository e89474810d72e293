#include "daemon/pricing/answer_writer.h"

#include <cstring>
#include <new>

#include "daemon/core/json_writer.h"

namespace lanecast::pricing {
namespace {

constexpr const char* kReplacedMembers[] = {"cart", "totalPrice", "totalTax", "subtotalPrice"};

void key(std::string& out, const char* name) {
  append_json_string(out, name);
  out += ':';
}

// A string member followed by a comma.
void text_member(std::string& out, const char* name, std::string_view value) {
  key(out, name);
  append_json_string(out, value);
  out += ',';
}

// `price` is a JSON number written from exact decimal text, never through a double.
void money_number(std::string& out, MinorUnits amount, int decimals) {
  out += format_money(amount, decimals);
}

void tax_lines(std::string& out, const PricedLine& line, const RuleSet& rules, int decimals) {
  const TaxDefinition& tax = rules.tax(line.tax);
  out += "[{";
  text_member(out, "taxId", tax.id);
  text_member(out, "title", tax.title);
  text_member(out, "rate", tax.rate_text);
  key(out, "amount");
  append_json_string(out, format_money(line.tax_amount, decimals));
  out += "}]";
}

// An item AiFi sent: every member as it came, `price` and `taxLines` replaced where they
// stand, or added at the end (price first) when the item had none.
void echoed_item(std::string& out, const cJSON* source, const PricedLine& line,
                 const RuleSet& rules, int decimals) {
  bool wrote_price = false, wrote_taxes = false;
  out += '{';
  for (const cJSON* member = source->child; member != nullptr; member = member->next) {
    append_json_string(out, member->string);
    out += ':';
    // The first byte decides for most members, without a call.
    const char first = member->string[0];
    if (!wrote_price && first == 'p' && std::strcmp(member->string, "price") == 0) {
      money_number(out, line.unit_price, decimals);
      wrote_price = true;
    } else if (!wrote_taxes && first == 't' && std::strcmp(member->string, "taxLines") == 0) {
      tax_lines(out, line, rules, decimals);
      wrote_taxes = true;
    } else {
      append_json(out, member);
    }
    out += ',';
  }
  if (!wrote_price) {
    key(out, "price");
    money_number(out, line.unit_price, decimals);
    out += ',';
  }
  if (!wrote_taxes) {
    key(out, "taxLines");
    tax_lines(out, line, rules, decimals);
    out += ',';
  }
  out.back() = '}';
}

// A line the rules added (a discount, a deposit): no AiFi id.
void added_line(std::string& out, const PricedLine& line, std::string_view external_id,
                std::string_view name, const RuleSet& rules, int decimals) {
  out += '{';
  text_member(out, "externalId", external_id);
  text_member(out, "name", name);
  key(out, "price");
  money_number(out, line.unit_price, decimals);
  out += ',';
  key(out, "quantity");
  out += std::to_string(line.quantity);
  out += ',';
  key(out, "taxLines");
  tax_lines(out, line, rules, decimals);
  out += '}';
}

void answer_cart(std::string& out, const PricingRequest& request, const PricedCart& cart,
                 const RuleSet& rules, int decimals) {
  out += '[';
  for (const PricedLine& line : cart.lines) {
    switch (line.kind) {
      case LineKind::kItem:
        echoed_item(out, request.items[line.item].source, line, rules, decimals);
        break;
      case LineKind::kDiscount:
        added_line(out, line, line.discount->external_id, line.discount->title, rules, decimals);
        break;
      case LineKind::kDeposit:
        added_line(out, line, line.deposit->external_id, line.deposit->name, rules, decimals);
        break;
    }
    out += ',';
  }
  if (out.back() == ',') out.pop_back();
  out += ']';
}

// Writes the value of a replaced member; false for a member echoed as sent.
bool replacement(std::string& out, const char* name, const PricingRequest& request,
                 const PricedCart& cart, const RuleSet& rules, int decimals) {
  if (std::strcmp(name, "cart") == 0) {
    answer_cart(out, request, cart, rules, decimals);
    return true;
  }
  const std::pair<const char*, MinorUnits> kTotals[] = {
      {"totalPrice", cart.total}, {"totalTax", cart.tax}, {"subtotalPrice", cart.subtotal}};
  for (const auto& [total, amount] : kTotals) {
    if (std::strcmp(name, total) != 0) continue;
    append_json_string(out, format_money(amount, decimals));
    return true;
  }
  return false;
}

// True when an earlier member of `object` has the same key (only the first one is answered).
bool seen_before(const cJSON* object, const cJSON* member) {
  for (const cJSON* earlier = object->child; earlier != member; earlier = earlier->next)
    if (std::strcmp(earlier->string, member->string) == 0) return true;
  return false;
}

}  // namespace

Result<std::string> write_answer(const cJSON* request_root, const PricingRequest& request,
                                 const PricedCart& cart, const RuleSet& rules, int decimals) {
  try {
    std::string out;
    // About what a priced line takes in AiFi's shape, so the answer grows without copying.
    out.reserve(1024 + 640 * cart.lines.size());
    bool written[std::size(kReplacedMembers)] = {};
    out += '{';
    // Member by member, in the order AiFi sent them.
    for (const cJSON* member = request_root->child; member != nullptr; member = member->next) {
      if (seen_before(request_root, member)) continue;
      append_json_string(out, member->string);
      out += ':';
      if (!replacement(out, member->string, request, cart, rules, decimals))
        append_json(out, member);
      for (std::size_t i = 0; i < std::size(kReplacedMembers); ++i)
        if (std::strcmp(member->string, kReplacedMembers[i]) == 0) written[i] = true;
      out += ',';
    }
    for (std::size_t i = 0; i < std::size(kReplacedMembers); ++i) {
      if (written[i]) continue;
      key(out, kReplacedMembers[i]);
      replacement(out, kReplacedMembers[i], request, cart, rules, decimals);
      out += ',';
    }
    out.back() = '}';
    return out;
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory writing the mutator answer");
  }
}

}  // namespace lanecast::pricing
