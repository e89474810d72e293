// Helpers shared by the pricing tests: files, rules and money read back from answers.
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <string>

#include "daemon/core/json.h"
#include "daemon/core/money.h"
#include "daemon/pricing/mutator.h"

namespace pricing_test {

inline const std::string kExamplesDir = LANECAST_TEST_DATA_DIR "/../../packaging/examples/";
inline const std::string kPricingDataDir = LANECAST_TEST_DATA_DIR "/pricing/";

std::string read_text(const std::string& path);
lanecast::JsonPtr parse(const std::string& text);
// Loads a shipped example ("pricing-de.json"), failing the test if it does not load.
std::shared_ptr<const lanecast::pricing::RuleSet> example_rules(const char* file, int decimals);
// A money member of an answer line or total, as minor units: a string ("1.52") or a number
// (1.19), read through its decimal text.
lanecast::MinorUnits money_of(const cJSON* node, int decimals);

}  // namespace pricing_test
