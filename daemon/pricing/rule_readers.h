// Readers for the rule lists of a rules file: deposits, adjustments, removals, and the
// matchers, money and time windows they contain.
//
// Used only by the rules loader. Failures are Status::invalid_input "$.path: reason".
#pragma once

#include <cjson/cJSON.h>

#include <map>
#include <string>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/pricing/rule_set.h"
#include "daemon/pricing/rules_json.h"

namespace lanecast::pricing {

// What the rule lists may refer to, known once taxes and store settings are read.
struct RuleContext {
  int decimals = 2;
  std::string added_line_prefix;
  std::map<std::string, TaxIndex, std::less<>> tax_ids;
};

// A string naming a key of $.taxes.
Result<TaxIndex> read_tax_ref(const cJSON* node, const std::string& path, const RuleContext& ctx);
// A decimal string with at most ctx.decimals places, not negative ("0.25").
Result<MinorUnits> read_money(const cJSON* node, const std::string& path, int decimals);
// The optional free-text "note" every rule object may carry.
Status read_note(ObjectReader& reader);

Status read_matcher(const cJSON* node, const std::string& path, Matcher& out);
Status read_time_window(const cJSON* node, const std::string& path, TimeWindow& out);

// Each list is optional (absent: empty) and must be an array of objects.
Status read_deposits(const cJSON* node, const std::string& path, const RuleContext& ctx,
                     std::vector<Deposit>& out);
Status read_adjustments(const cJSON* node, const std::string& path, const RuleContext& ctx,
                        std::vector<Adjustment>& out);
Status read_removals(const cJSON* node, const std::string& path, std::vector<Matcher>& out);

}  // namespace lanecast::pricing
