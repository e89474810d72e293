#include "daemon/pricing/rule_readers.h"

#include <optional>
#include <utility>

#include "daemon/core/money.h"
#include "daemon/pricing/rate.h"

namespace lanecast::pricing {
namespace {

Status read_string_field(const cJSON* node, const std::string& path, std::string& out) {
  if (!cJSON_IsString(node) || node->valuestring[0] == '\0')
    return path_error(path, "expected a non-empty string");
  out = node->valuestring;
  return Status::ok();
}

Status check_added_line_id(const std::string& id, const std::string& path, const RuleContext& ctx) {
  if (id.compare(0, ctx.added_line_prefix.size(), ctx.added_line_prefix) == 0) return Status::ok();
  return path_error(path, "'" + id + "' must start with the added-line prefix '" +
                              ctx.added_line_prefix + "' ($.store.addedLinePrefix)");
}

// Calls `read_one(element, path)` for each element of an optional array.
template <typename ReadOne>
Status for_each_element(const cJSON* node, const std::string& path, ReadOne read_one) {
  if (node == nullptr) return Status::ok();
  if (!cJSON_IsArray(node)) return path_error(path, "expected an array");
  std::size_t index = 0;
  for (const cJSON* item = node->child; item != nullptr; item = item->next, ++index)
    if (Status s = read_one(item, index_path(path, index)); !s.is_ok()) return s;
  return Status::ok();
}

Status read_weekdays(const cJSON* node, const std::string& path, std::uint8_t& out) {
  if (!cJSON_IsArray(node) || node->child == nullptr)
    return path_error(path, "expected a non-empty array of weekdays");
  out = 0;
  std::size_t index = 0;
  for (const cJSON* item = node->child; item != nullptr; item = item->next, ++index) {
    const std::string item_path = index_path(path, index);
    Result<int> day = parse_weekday(cJSON_IsString(item) ? item->valuestring : "");
    if (!day.is_ok()) return path_error(item_path, day.status().message());
    const auto bit = static_cast<std::uint8_t>(1u << *day);
    if (out & bit) return path_error(item_path, "weekday listed twice");
    out = static_cast<std::uint8_t>(out | bit);
  }
  return Status::ok();
}

Result<std::int64_t> read_date(const cJSON* node, const std::string& path) {
  Result<std::int64_t> day = parse_date(cJSON_IsString(node) ? node->valuestring : "");
  if (!day.is_ok()) return path_error(path, day.status().message());
  return day;
}

Status read_adjustment_kind(const ObjectReader& r, const RuleContext& ctx, Adjustment& out);

Status read_adjustment(const cJSON* node, const std::string& path, const RuleContext& ctx,
                       Adjustment& out) {
  ObjectReader r(node, path);
  Status s = r.check({"title", "match", "when", "fixedPrice", "percentOff", "amountOff", "buy",
                      "pay", "externalId", "note"});
  if (s.is_ok()) s = r.string("title", true, out.title);
  if (s.is_ok()) s = read_note(r);
  if (!s.is_ok()) return s;
  Result<const cJSON*> match = r.require("match");
  if (!match.is_ok()) return match.status();
  if (s = read_matcher(*match, r.path_of("match"), out.match); !s.is_ok()) return s;
  if (const cJSON* when = r.find("when")) {
    out.when.emplace();
    if (s = read_time_window(when, r.path_of("when"), *out.when); !s.is_ok()) return s;
  }
  return read_adjustment_kind(r, ctx, out);
}

Status read_multi_buy(const ObjectReader& r, const RuleContext& ctx, Adjustment& out) {
  long long buy = 0, pay = 0;
  Status s = r.integer("buy", true, 2, 1000, buy);
  if (s.is_ok()) s = r.integer("pay", true, 1, 999, pay);
  if (s.is_ok() && pay >= buy) s = path_error(r.path_of("pay"), "must be less than \"buy\"");
  if (s.is_ok()) s = r.string("externalId", true, out.external_id);
  if (s.is_ok()) s = check_added_line_id(out.external_id, r.path_of("externalId"), ctx);
  out.kind = Adjustment::Kind::kMultiBuy;
  out.buy = buy;
  out.pay = pay;
  return s;
}

Status read_adjustment_kind(const ObjectReader& r, const RuleContext& ctx, Adjustment& out) {
  const char* const kKinds[] = {"fixedPrice", "percentOff", "amountOff", "buy"};
  int present = 0;
  for (const char* key : kKinds) present += r.find(key) != nullptr ? 1 : 0;
  if (present != 1)
    return path_error(r.path(), "expected exactly one of fixedPrice, percentOff, amountOff, buy");
  if (r.find("buy") != nullptr) return read_multi_buy(r, ctx, out);
  for (const char* key : {"pay", "externalId"})
    if (r.find(key) != nullptr) return path_error(r.path_of(key), "only allowed with \"buy\"");
  if (const cJSON* percent = r.find("percentOff")) {
    out.kind = Adjustment::Kind::kPercentOff;
    Result<std::int64_t> ppm = parse_percent(cJSON_IsString(percent) ? percent->valuestring : "");
    if (!ppm.is_ok()) return path_error(r.path_of("percentOff"), ppm.status().message());
    out.percent_ppm = *ppm;
    return Status::ok();
  }
  const bool fixed = r.find("fixedPrice") != nullptr;
  out.kind = fixed ? Adjustment::Kind::kFixedPrice : Adjustment::Kind::kAmountOff;
  const char* key = fixed ? "fixedPrice" : "amountOff";
  Result<MinorUnits> amount = read_money(r.find(key), r.path_of(key), ctx.decimals);
  if (!amount.is_ok()) return amount.status();
  out.amount = *amount;
  return Status::ok();
}

Status read_deposit(const cJSON* node, const std::string& path, const RuleContext& ctx,
                    Deposit& out) {
  ObjectReader r(node, path);
  Status s = r.check({"match", "externalId", "name", "price", "tax", "note"});
  if (s.is_ok()) s = read_note(r);
  if (s.is_ok()) s = r.string("externalId", true, out.external_id);
  if (s.is_ok()) s = check_added_line_id(out.external_id, r.path_of("externalId"), ctx);
  if (s.is_ok()) s = r.string("name", true, out.name);
  if (!s.is_ok()) return s;
  Result<const cJSON*> match = r.require("match");
  if (!match.is_ok()) return match.status();
  if (s = read_matcher(*match, r.path_of("match"), out.match); !s.is_ok()) return s;
  Result<const cJSON*> price = r.require("price");
  if (!price.is_ok()) return price.status();
  Result<MinorUnits> amount = read_money(*price, r.path_of("price"), ctx.decimals);
  if (!amount.is_ok()) return amount.status();
  out.unit_price = *amount;
  if (const cJSON* tax = r.find("tax")) {
    Result<TaxIndex> index = read_tax_ref(tax, r.path_of("tax"), ctx);
    if (!index.is_ok()) return index.status();
    out.tax = *index;
  }
  return Status::ok();
}

}  // namespace

Result<TaxIndex> read_tax_ref(const cJSON* node, const std::string& path, const RuleContext& ctx) {
  std::string id;
  if (Status s = read_string_field(node, path, id); !s.is_ok()) return s;
  const auto found = ctx.tax_ids.find(id);
  if (found == ctx.tax_ids.end())
    return path_error(path, "unknown tax '" + id + "' (not a key of $.taxes)");
  return found->second;
}

Result<MinorUnits> read_money(const cJSON* node, const std::string& path, int decimals) {
  if (!cJSON_IsString(node)) return path_error(path, "expected a decimal string like \"0.25\"");
  const std::string text = node->valuestring;
  if (!text.empty() && text.front() == '-') return path_error(path, "must not be negative");
  const std::size_t dot = text.find('.');
  if (dot != std::string::npos && text.size() - dot - 1 > static_cast<std::size_t>(decimals))
    return path_error(path, "'" + text + "' has more decimal places than the store's " +
                                std::to_string(decimals));
  Result<MinorUnits> amount = parse_money(text, decimals);
  if (!amount.is_ok()) return path_error(path, amount.status().message());
  return amount;
}

Status read_note(ObjectReader& reader) {
  const cJSON* note = reader.find("note");
  if (note != nullptr && !cJSON_IsString(note))
    return path_error(reader.path_of("note"), "expected a string");
  return Status::ok();
}

Status read_matcher(const cJSON* node, const std::string& path, Matcher& out) {
  ObjectReader r(node, path);
  if (Status s = r.check({"sku", "barcode", "externalId", "category"}); !s.is_ok()) return s;
  if (node->child == nullptr || node->child->next != nullptr)
    return path_error(path, "expected exactly one of sku, barcode, externalId, category");
  const std::string key = node->child->string;
  out.field = key == "sku"          ? Matcher::Field::kSku
              : key == "barcode"    ? Matcher::Field::kBarcode
              : key == "externalId" ? Matcher::Field::kExternalId
                                    : Matcher::Field::kCategory;
  return read_string_list(node->child, r.path_of(key.c_str()), out.values);
}

Status read_time_window(const cJSON* node, const std::string& path, TimeWindow& out) {
  ObjectReader r(node, path);
  if (Status s = r.check({"days", "hours", "dateFrom", "dateTo"}); !s.is_ok()) return s;
  if (node->child == nullptr)
    return path_error(path, "expected at least one of days, hours, dateFrom, dateTo");
  if (const cJSON* days = r.find("days"))
    if (Status s = read_weekdays(days, r.path_of("days"), out.weekdays); !s.is_ok()) return s;
  if (const cJSON* hours = r.find("hours")) {
    Status s = parse_hours(cJSON_IsString(hours) ? hours->valuestring : "", out.start_second,
                           out.end_second);
    if (!s.is_ok()) return path_error(r.path_of("hours"), s.message());
  }
  const std::pair<const char*, std::optional<std::int64_t>*> kDates[] = {
      {"dateFrom", &out.first_day}, {"dateTo", &out.last_day}};
  for (const auto& [key, target] : kDates) {
    const cJSON* date = r.find(key);
    if (date == nullptr) continue;
    Result<std::int64_t> day = read_date(date, r.path_of(key));
    if (!day.is_ok()) return day.status();
    *target = *day;
  }
  if (out.first_day && out.last_day && *out.first_day > *out.last_day)
    return path_error(r.path_of("dateTo"), "comes before dateFrom");
  return Status::ok();
}

Status read_deposits(const cJSON* node, const std::string& path, const RuleContext& ctx,
                     std::vector<Deposit>& out) {
  return for_each_element(node, path, [&](const cJSON* item, const std::string& item_path) {
    Deposit deposit;
    Status s = read_deposit(item, item_path, ctx, deposit);
    if (s.is_ok()) out.push_back(std::move(deposit));
    return s;
  });
}

Status read_adjustments(const cJSON* node, const std::string& path, const RuleContext& ctx,
                        std::vector<Adjustment>& out) {
  return for_each_element(node, path, [&](const cJSON* item, const std::string& item_path) {
    Adjustment adjustment;
    Status s = read_adjustment(item, item_path, ctx, adjustment);
    if (s.is_ok()) out.push_back(std::move(adjustment));
    return s;
  });
}

Status read_removals(const cJSON* node, const std::string& path, std::vector<Matcher>& out) {
  return for_each_element(node, path, [&](const cJSON* item, const std::string& item_path) {
    ObjectReader r(item, item_path);
    Status s = r.check({"match", "note"});
    if (s.is_ok()) s = read_note(r);
    if (!s.is_ok()) return s;
    Result<const cJSON*> match = r.require("match");
    if (!match.is_ok()) return match.status();
    Matcher matcher;
    s = read_matcher(*match, r.path_of("match"), matcher);
    if (s.is_ok()) out.push_back(std::move(matcher));
    return s;
  });
}

}  // namespace lanecast::pricing
