#include "daemon/pricing/rule_set.h"

#include <algorithm>

namespace lanecast::pricing {

bool Matcher::matches(const ItemKeys& keys) const {
  const std::string_view* value = nullptr;
  switch (field) {
    case Field::kSku:
      value = &keys.sku;
      break;
    case Field::kBarcode:
      value = &keys.barcode;
      break;
    case Field::kExternalId:
      value = &keys.external_id;
      break;
    case Field::kCategory:
      value = &keys.category;
      break;
  }
  // An absent field never matches, even a rule value that is empty.
  if (value->empty()) return false;
  return std::find(values.begin(), values.end(), *value) != values.end();
}

bool Adjustment::active_at(const std::optional<LocalTime>& local) const {
  if (!when) return true;
  // Without a trip time a time-limited offer cannot be shown to apply, so it does not.
  return local.has_value() && when->contains(*local);
}

TaxIndex RuleSet::tax_for(const ItemKeys& keys) const {
  if (!keys.tax_code.empty()) {
    const auto code = data_.tax_codes.find(keys.tax_code);
    if (code != data_.tax_codes.end()) return code->second;
  }
  if (!keys.category.empty()) {
    const auto category = data_.tax_categories.find(keys.category);
    if (category != data_.tax_categories.end()) return category->second;
  }
  return data_.store.default_tax;
}

const Deposit* RuleSet::deposit_for(const ItemKeys& keys) const {
  for (const Deposit& deposit : data_.deposits)
    if (deposit.match.matches(keys)) return &deposit;
  return nullptr;
}

const Adjustment* RuleSet::adjustment_for(const ItemKeys& keys,
                                          const std::optional<LocalTime>& local) const {
  for (const Adjustment& adjustment : data_.adjustments)
    if (adjustment.match.matches(keys) && adjustment.active_at(local)) return &adjustment;
  return nullptr;
}

bool RuleSet::removes(const ItemKeys& keys) const {
  return std::any_of(data_.removals.begin(), data_.removals.end(),
                     [&](const Matcher& m) { return m.matches(keys); });
}

bool RuleSet::is_added_line(std::string_view external_id) const {
  const std::string& prefix = data_.store.added_line_prefix;
  return external_id.size() >= prefix.size() && external_id.substr(0, prefix.size()) == prefix;
}

}  // namespace lanecast::pricing
