#include "daemon/pricing/rules_loader.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/core/digest.h"
#include "daemon/pricing/rate.h"
#include "daemon/pricing/rule_readers.h"
#include "daemon/pricing/rules_json.h"

namespace lanecast::pricing {
namespace {

Status read_taxes(const cJSON* node, const std::string& path, RuleContext& ctx, RuleSetData& data) {
  if (!cJSON_IsObject(node) || node->child == nullptr)
    return path_error(path, "expected an object with at least one tax");
  if (Status s = check_unique_keys(node, path); !s.is_ok()) return s;
  for (const cJSON* entry = node->child; entry != nullptr; entry = entry->next) {
    ObjectReader r(entry, child_path(path, entry->string));
    TaxDefinition tax;
    tax.id = entry->string;
    std::string rate;
    Status s = r.check({"title", "rate", "note"});
    if (s.is_ok()) s = r.string("title", true, tax.title);
    if (s.is_ok()) s = r.string("rate", true, rate);
    if (s.is_ok()) s = read_note(r);
    if (!s.is_ok()) return s;
    Result<std::int64_t> ppm = parse_percent(rate);
    if (!ppm.is_ok()) return path_error(r.path_of("rate"), ppm.status().message());
    tax.rate_ppm = *ppm;
    tax.rate_text = format_rate_fraction(tax.rate_ppm);
    ctx.tax_ids.emplace(tax.id, data.taxes.size());
    data.taxes.push_back(std::move(tax));
  }
  return Status::ok();
}

Status read_tax_map(const cJSON* node, const std::string& path, const RuleContext& ctx,
                    std::map<std::string, TaxIndex, std::less<>>& out) {
  if (node == nullptr) return Status::ok();
  if (!cJSON_IsObject(node)) return path_error(path, "expected an object");
  if (Status s = check_unique_keys(node, path); !s.is_ok()) return s;
  for (const cJSON* entry = node->child; entry != nullptr; entry = entry->next) {
    Result<TaxIndex> index = read_tax_ref(entry, child_path(path, entry->string), ctx);
    if (!index.is_ok()) return index.status();
    out.emplace(entry->string, *index);
  }
  return Status::ok();
}

Status read_store_choices(const ObjectReader& r, StoreSettings& store) {
  int rounding = 0, level = 0, base = 0;
  Status s = r.boolean("pricesIncludeTax", true, store.prices_include_tax);
  if (s.is_ok()) s = r.choice("rounding", true, {"half-up", "half-even"}, rounding);
  if (s.is_ok()) s = r.choice("taxRoundingLevel", true, {"line", "order"}, level);
  if (s.is_ok()) s = r.choice("basePrice", false, {"productSnapshot", "item"}, base);
  if (s.is_ok()) s = r.string("addedLinePrefix", false, store.added_line_prefix);
  store.rounding = rounding == 0 ? RoundingMode::kHalfUp : RoundingMode::kHalfEven;
  store.tax_rounding_level = level == 0 ? TaxRoundingLevel::kLine : TaxRoundingLevel::kOrder;
  store.base_price = base == 0 ? BasePrice::kProductSnapshot : BasePrice::kItem;
  return s;
}

Status read_store(const cJSON* node, const std::string& path, const std::string& zoneinfo_dir,
                  RuleContext& ctx, RuleSetData& data) {
  ObjectReader r(node, path);
  Status s = r.check({"currency", "decimals", "pricesIncludeTax", "rounding", "taxRoundingLevel",
                      "timeZone", "defaultTax", "basePrice", "addedLinePrefix", "note"});
  std::string currency, zone;
  long long decimals = data.decimals;
  if (s.is_ok()) s = r.string("currency", false, currency);
  if (s.is_ok()) s = r.integer("decimals", false, 0, kMaxDecimals, decimals);
  if (s.is_ok() && decimals != data.decimals)
    s = path_error(r.path_of("decimals"), "the rules are written for " + std::to_string(decimals) +
                                              " decimals but the store has " +
                                              std::to_string(data.decimals));
  if (s.is_ok()) s = read_store_choices(r, data.store);
  if (s.is_ok()) s = read_note(r);
  if (s.is_ok()) s = r.string("timeZone", true, zone);
  if (!s.is_ok()) return s;
  Result<TimeZone> time_zone = TimeZone::load(zone, zoneinfo_dir);
  if (!time_zone.is_ok()) return path_error(r.path_of("timeZone"), time_zone.status().message());
  data.time_zone = std::move(time_zone).value();
  Result<const cJSON*> default_tax = r.require("defaultTax");
  if (!default_tax.is_ok()) return default_tax.status();
  Result<TaxIndex> index = read_tax_ref(*default_tax, r.path_of("defaultTax"), ctx);
  if (!index.is_ok()) return index.status();
  data.store.default_tax = *index;
  ctx.added_line_prefix = data.store.added_line_prefix;
  return Status::ok();
}

// Taxes first: the store and every rule refer to them by name.
Status read_document(const cJSON* root, const std::string& zoneinfo_dir, RuleSetData& data) {
  ObjectReader r(root, "$");
  Status s = r.check({"format", "store", "taxes", "taxCodes", "taxCategories", "deposits",
                      "adjustments", "removals", "note"});
  std::string format;
  if (s.is_ok()) s = r.string("format", true, format);
  if (s.is_ok() && format != kRulesFormat)
    s = path_error(r.path_of("format"), std::string("expected \"") + kRulesFormat + "\"");
  if (s.is_ok()) s = read_note(r);
  if (!s.is_ok()) return s;
  RuleContext ctx;
  ctx.decimals = data.decimals;
  Result<const cJSON*> taxes = r.require("taxes");
  if (!taxes.is_ok()) return taxes.status();
  if (s = read_taxes(*taxes, r.path_of("taxes"), ctx, data); !s.is_ok()) return s;
  Result<const cJSON*> store = r.require("store");
  if (!store.is_ok()) return store.status();
  s = read_store(*store, r.path_of("store"), zoneinfo_dir, ctx, data);
  if (s.is_ok()) s = read_tax_map(r.find("taxCodes"), r.path_of("taxCodes"), ctx, data.tax_codes);
  if (s.is_ok())
    s = read_tax_map(r.find("taxCategories"), r.path_of("taxCategories"), ctx, data.tax_categories);
  if (s.is_ok()) s = read_deposits(r.find("deposits"), r.path_of("deposits"), ctx, data.deposits);
  if (s.is_ok())
    s = read_adjustments(r.find("adjustments"), r.path_of("adjustments"), ctx, data.adjustments);
  if (s.is_ok()) s = read_removals(r.find("removals"), r.path_of("removals"), data.removals);
  return s;
}

int line_of(std::string_view text, std::size_t offset) {
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

Result<JsonPtr> parse_document(std::string_view json) {
  JsonDocument document = json_parse_document(json);
  if (document.problem == JsonDocument::Problem::kNone) return std::move(document.root);
  const std::string line = std::to_string(line_of(json, document.offset));
  if (document.problem == JsonDocument::Problem::kInvalid)
    return path_error("$", "not valid JSON (line " + line + ")");
  return path_error("$", "text after the JSON document (line " + line + ")");
}

void sort_keys(cJSON* node) {
  for (cJSON* child = node->child; child != nullptr; child = child->next) sort_keys(child);
  if (!cJSON_IsObject(node)) return;
  std::vector<cJSON*> members;
  while (node->child != nullptr) members.push_back(cJSON_DetachItemViaPointer(node, node->child));
  std::stable_sort(members.begin(), members.end(), [](const cJSON* a, const cJSON* b) {
    return std::strcmp(a->string, b->string) < 0;
  });
  for (cJSON* member : members) cJSON_AddItemToObject(node, member->string, member);
}

}  // namespace

std::string canonical_rules_text(const cJSON* root) {
  JsonPtr copy(cJSON_Duplicate(root, 1));
  if (!copy) return std::string();
  sort_keys(copy.get());
  return json_print(copy.get());
}

Result<std::shared_ptr<const RuleSet>> load_rules(std::string_view json, const std::string& name,
                                                  int decimals, const std::string& zoneinfo_dir) {
  if (decimals < 0 || decimals > kMaxDecimals)
    return Status::invalid_input(name + ": store decimals out of range");
  Result<JsonPtr> root = parse_document(json);
  RuleSetData data;
  data.name = name;
  data.decimals = decimals;
  Status s = root.is_ok() ? read_document(root->get(), zoneinfo_dir, data) : root.status();
  if (!s.is_ok()) return Status::invalid_input(name + ": " + s.message());
  data.version = sha256_hex(canonical_rules_text(root->get()));
  return std::shared_ptr<const RuleSet>(std::make_shared<RuleSet>(std::move(data)));
}

}  // namespace lanecast::pricing
