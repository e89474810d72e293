// Fuzzes loading a rules file (the text an operator writes, read at start-up and on SIGHUP),
// then prices a fixed cart-mutator request with whatever rule set was accepted.
//
// Checks: a refusal is invalid_input naming the file; an accepted rule set has a version that
// survives reformatting (its canonical text loads to the same version); pricing with it either
// answers with totals that add up or refuses with invalid_input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/core/json.h"
#include "daemon/pricing/mutator.h"
#include "daemon/pricing/rules_loader.h"
#include "daemon/webhooks/parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using lanecast::Status;
using namespace lanecast;

// A German cart: milk, a can with a deposit, tobacco the rules remove, a multi-buy.
constexpr std::string_view kRequest = R"({
  "orderId": 7, "status": "draft", "sessionId": "s", "timeOfOrigin": "2024-06-04T17:30:00Z",
  "cart": [
    {"id": "a", "sku": "MILCH1", "externalId": "4001", "category": "Milchprodukte", "price": 1.19,
     "quantity": 2, "productSnapshot": {"price": "1.19", "taxCode": "B"}},
    {"id": "b", "sku": "COLA05", "externalId": "4002", "category": "Getränke", "price": 1.49,
     "quantity": 3, "productSnapshot": {"price": "1.49", "taxCode": "A"}},
    {"id": "c", "sku": "TAB1", "category": "Tabak", "price": 8.0, "quantity": 1},
    {"id": "d", "barcode": "4000000000001", "category": "Obst & Gemüse", "price": "0.99",
     "quantity": 4}
  ]})";

const cJSON* request() {
  static const webhooks::JsonTree parsed = [] {
    auto root = webhooks::parse_json_strict(kRequest, webhooks::JsonLimits{});
    FUZZ_CHECK(root.is_ok(), "the fixed request does not parse");
    return std::move(*root);
  }();
  return parsed.get();
}

void check_version_is_canonical(std::string_view text, const pricing::RuleSet& rules, int decimals) {
  JsonPtr tree(cJSON_ParseWithLength(text.data(), text.size()));
  FUZZ_CHECK(tree != nullptr, "accepted rules that cJSON cannot parse");
  const std::string canonical = pricing::canonical_rules_text(tree.get());
  auto again = pricing::load_rules_text(canonical, "canonical", decimals);
  FUZZ_CHECK(again.is_ok(), again.status().message().c_str());
  FUZZ_CHECK((*again)->version() == rules.version(), "the canonical text has another version");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  request();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (int decimals : {2, 0}) {
    auto rules = pricing::load_rules_text(text, "fuzz.json", decimals);
    if (!rules.is_ok()) {
      FUZZ_CHECK(rules.status().kind() == Status::Kind::kInvalidInput, rules.status().message().c_str());
      FUZZ_CHECK(rules.status().message().rfind("fuzz.json: ", 0) == 0, rules.status().message().c_str());
      continue;
    }
    check_version_is_canonical(text, **rules, decimals);
    auto priced = pricing::mutate(request(), **rules, decimals);
    if (priced.is_ok())
      FUZZ_CHECK(priced->total == priced->subtotal + priced->tax, "the totals do not add up");
    else
      FUZZ_CHECK(priced.status().kind() == Status::Kind::kInvalidInput, priced.status().message().c_str());
  }
  return 0;
}
