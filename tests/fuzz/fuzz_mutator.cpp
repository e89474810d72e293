// Fuzzes the cart mutator: the request as the daemon hands it over (strictly parsed, accepted
// by parse_cart_mutator), priced by each example rule set (German VAT with deposits and
// adjustments, US sales tax on top, yen without decimals).
//
// Checks: an answer is strict JSON whose totals add up (total = subtotal + tax); the same request
// gives the same bytes (mutate is a pure function); a refusal is invalid_input, after which
// the echo answer is strict JSON too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/pricing/mutator.h"
#include "daemon/webhooks/parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using lanecast::Status;
using namespace lanecast;

struct LoadedRules {
  std::shared_ptr<const pricing::RuleSet> rules;
  int decimals;
};

std::vector<LoadedRules> load_examples() {
  std::vector<LoadedRules> loaded;
  for (auto [file, decimals] : {std::pair{"pricing-de.json", 2}, std::pair{"pricing-us.json", 2},
                                std::pair{"pricing-jp.json", 0}}) {
    auto rules = pricing::load_rules_file(std::string(LANECAST_EXAMPLES_DIR) + "/" + file, decimals);
    FUZZ_CHECK(rules.is_ok(), rules.status().message().c_str());
    loaded.push_back({*rules, decimals});
  }
  return loaded;
}

const std::vector<LoadedRules>& examples() {
  static const std::vector<LoadedRules> loaded = load_examples();
  return loaded;
}

void check_strict_json(const std::string& text, const char* what) {
  auto parsed = webhooks::parse_json_strict(text, webhooks::JsonLimits{});
  FUZZ_CHECK(parsed.is_ok(), what);
}

void price(const cJSON* request, const LoadedRules& loaded) {
  auto typed = webhooks::parse_cart_mutator(request, loaded.decimals);
  if (!typed.is_ok()) return;
  auto first = pricing::mutate(request, *typed, *loaded.rules, loaded.decimals);
  if (!first.is_ok()) {
    FUZZ_CHECK(first.status().kind() == Status::Kind::kInvalidInput, first.status().message().c_str());
    check_strict_json(pricing::echo_answer(request), "the echo answer is not strict JSON");
    return;
  }
  FUZZ_CHECK(first->total == first->subtotal + first->tax, "the totals do not add up");
  check_strict_json(first->answer_json, "the mutator's answer is not strict JSON");
  auto second = pricing::mutate(request, *typed, *loaded.rules, loaded.decimals);
  FUZZ_CHECK(second.is_ok() && second->answer_json == first->answer_json, "mutate is not deterministic");
  // Read by itself (as tools do), the request prices the same.
  auto alone = pricing::mutate(request, *loaded.rules, loaded.decimals);
  FUZZ_CHECK(alone.is_ok() && alone->answer_json == first->answer_json, "the two entries differ");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  examples();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto root = webhooks::parse_json_strict(body, webhooks::JsonLimits{});
  if (!root.is_ok()) return 0;
  for (const LoadedRules& loaded : examples()) price(root->get(), loaded);
  return 0;
}
