// Loading a rules file (format: docs/pricing-rules.md) into an immutable RuleSet.
//
// Runs on whichever thread loads rules (start-up, reload); reads the time zone file once.
// Every rejection is Status::invalid_input "NAME: $.path.to.field: reason", naming the first
// problem found in file order.
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <string>
#include <string_view>

#include "daemon/core/status.h"
#include "daemon/pricing/rule_set.h"
#include "daemon/pricing/time_zone.h"

namespace lanecast::pricing {

inline constexpr const char* kRulesFormat = "lanecast-pricing/1";

// `decimals` is the store's configured number of decimals: money in the file may not have
// more, and a "decimals" key in the file must agree with it. `zoneinfo_dir` is a seam for tests.
Result<std::shared_ptr<const RuleSet>> load_rules(std::string_view json, const std::string& name,
                                                  int decimals,
                                                  const std::string& zoneinfo_dir = kZoneinfoDir);

// The text a rule set's version hashes: the document printed without whitespace, with the
// keys of every object sorted bytewise (array order is kept: it matters). Reformatting or
// reordering keys in the file does not change the version; changing a rule does.
std::string canonical_rules_text(const cJSON* root);

}  // namespace lanecast::pricing
