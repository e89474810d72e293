// What pricing needs from a cart-mutator request body, read straight from its JSON tree.
//
// Pure; callable from any thread. The tree is only borrowed: PricingRequest points into it and
// must not outlive it. Failures are Status::invalid_input with the JSON path first
// ("cart[2].quantity: expected a whole number from 0 to 1000000").
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/status.h"
#include "daemon/pricing/rule_set.h"

namespace lanecast::pricing {

inline constexpr std::int64_t kMaxQuantity = 1'000'000;
inline constexpr std::size_t kMaxCartLines = 10'000;

struct RequestItem {
  const cJSON* source = nullptr;  // the item object in the request, echoed in the answer
  std::size_t cart_index = 0;     // its index in the request's cart
  ItemKeys keys;
  MinorUnits unit_price = 0;  // per StoreSettings::base_price
  std::int64_t quantity = 0;
};

struct PricingRequest {
  // Cart items in request order, without the lines the mutator added on an earlier call
  // (recognised by their externalId prefix): those are derived anew from the rules.
  std::vector<RequestItem> items;
  std::optional<std::int64_t> time_of_origin;  // Unix seconds; absent when not sent
  std::optional<MinorUnits> reviewed_total;    // reviewedTotalPrice, string or number
};

Result<PricingRequest> read_request(const cJSON* root, const RuleSet& rules, int decimals);

}  // namespace lanecast::pricing
