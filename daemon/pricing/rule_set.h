// The store's pricing rules, as loaded from a rules file (docs/pricing-rules.md).
//
// A RuleSet is built once by the loader (rules_loader.h) and never changes afterwards; it is
// shared as std::shared_ptr<const RuleSet> and read concurrently by any thread. It does no
// I/O: its time zone was read when the rules were loaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/pricing/rounding.h"
#include "daemon/pricing/time_window.h"
#include "daemon/pricing/time_zone.h"

namespace lanecast::pricing {

// Index into RuleSet::taxes().
using TaxIndex = std::size_t;

struct TaxDefinition {
  std::string id;     // written as taxLines[].taxId
  std::string title;  // written as taxLines[].title
  std::int64_t rate_ppm = 0;
  std::string rate_text;  // the rate as AiFi writes it, a fraction of one ("0.19")
};

// What rules match a cart line on: the line's own field, else its productSnapshot's; empty
// when neither has it. Views into the request's JSON tree, which must outlive them.
struct ItemKeys {
  std::string_view sku;
  std::string_view barcode;
  std::string_view external_id;
  std::string_view category;
  std::string_view tax_code;  // productSnapshot.taxCode
};

// A line matches when its `field` equals one of `values` (exact, case-sensitive).
struct Matcher {
  enum class Field { kSku, kBarcode, kExternalId, kCategory };
  Field field = Field::kSku;
  std::vector<std::string> values;

  bool matches(const ItemKeys& keys) const;
};

struct Adjustment {
  enum class Kind { kFixedPrice, kPercentOff, kAmountOff, kMultiBuy };
  Kind kind = Kind::kFixedPrice;
  std::string title;
  Matcher match;
  std::optional<TimeWindow> when;  // absent: always
  MinorUnits amount = 0;           // kFixedPrice: the unit price; kAmountOff: off each unit
  std::int64_t percent_ppm = 0;    // kPercentOff
  std::int64_t buy = 0;            // kMultiBuy: for every `buy` units ...
  std::int64_t pay = 0;            // ... pay for `pay`
  std::string external_id;         // kMultiBuy: externalId of the discount line

  bool active_at(const std::optional<LocalTime>& local) const;
};

struct Deposit {
  Matcher match;
  std::string external_id;
  std::string name;
  MinorUnits unit_price = 0;
  std::optional<TaxIndex> tax;  // absent: the tax of the item it belongs to
};

enum class TaxRoundingLevel { kLine, kOrder };
// Where a line's undiscounted unit price comes from.
enum class BasePrice { kProductSnapshot, kItem };

struct StoreSettings {
  bool prices_include_tax = true;
  RoundingMode rounding = RoundingMode::kHalfUp;
  TaxRoundingLevel tax_rounding_level = TaxRoundingLevel::kLine;
  BasePrice base_price = BasePrice::kProductSnapshot;
  std::string added_line_prefix = "lanecast-";
  TaxIndex default_tax = 0;
};

// Everything a rules file says, checked and resolved (tax names are indexes).
struct RuleSetData {
  std::string name;     // the file name, for messages
  std::string version;  // sha256 hex of the canonical rules text
  int decimals = 2;
  StoreSettings store;
  TimeZone time_zone = TimeZone::utc();
  std::vector<TaxDefinition> taxes;
  std::map<std::string, TaxIndex, std::less<>> tax_codes;
  std::map<std::string, TaxIndex, std::less<>> tax_categories;
  std::vector<Deposit> deposits;
  std::vector<Adjustment> adjustments;
  std::vector<Matcher> removals;
};

class RuleSet {
 public:
  explicit RuleSet(RuleSetData data) : data_(std::move(data)) {}

  const std::string& version() const { return data_.version; }
  const std::string& name() const { return data_.name; }
  int decimals() const { return data_.decimals; }
  const StoreSettings& store() const { return data_.store; }
  const TimeZone& time_zone() const { return data_.time_zone; }
  const TaxDefinition& tax(TaxIndex index) const { return data_.taxes[index]; }
  const std::vector<Deposit>& deposits() const { return data_.deposits; }

  // By taxCode, else by category, else the store's default.
  TaxIndex tax_for(const ItemKeys& keys) const;
  // The first matching rule of each kind in file order, or nullptr.
  const Deposit* deposit_for(const ItemKeys& keys) const;
  const Adjustment* adjustment_for(const ItemKeys& keys,
                                   const std::optional<LocalTime>& local) const;
  bool removes(const ItemKeys& keys) const;
  // Whether a cart line with this externalId is one the mutator added itself.
  bool is_added_line(std::string_view external_id) const;

 private:
  RuleSetData data_;
};

}  // namespace lanecast::pricing
