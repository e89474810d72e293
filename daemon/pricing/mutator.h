// The cart mutator: prices an AiFi cart-mutator request with the store's own rules.
//
// Rules are loaded once (start-up or reload, any thread) into an immutable RuleSet shared as
// std::shared_ptr<const RuleSet>; mutate() and echo_answer() are pure functions, safe to
// call concurrently from the libmicrohttpd threads, doing no I/O. The rules file format and
// the meaning of every answered field are in docs/pricing-rules.md.
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/money.h"
#include "daemon/core/status.h"
#include "daemon/pricing/priced_cart.h"
#include "daemon/pricing/rule_set.h"
#include "daemon/webhooks/events.h"

namespace lanecast::pricing {

// Loads and validates a rules file. `decimals` is the store's number of decimals (money in
// the file may not have more). Errors: Status::invalid_input "FILE: $.path.to.field: reason"
// (unknown keys, bad rates, bad time windows, unknown time zones, ...), or "FILE: $: reason"
// when the file cannot be read or is not JSON.
Result<std::shared_ptr<const RuleSet>> load_rules_file(const std::string& path, int decimals);
// The same from text; `name` stands for the file in messages.
Result<std::shared_ptr<const RuleSet>> load_rules_text(std::string_view json,
                                                       const std::string& name, int decimals);

struct Mutation {
  std::string answer_json;  // the request echoed with cart, totalPrice, totalTax, subtotalPrice
  MinorUnits total = 0;
  MinorUnits tax = 0;
  MinorUnits subtotal = 0;  // total - tax
  // The answer's lines as values, for whoever shows them (the screens): no need to read the
  // answer back. Pointers in it refer into the RuleSet; PricedLine::item indexes item_cart_index.
  PricedCart cart;
  std::vector<std::size_t> item_cart_index;  // per priced request item: its index in the cart
};

// Pure function of (request, rules): the same inputs give a byte-identical answer. `typed` is
// what the webhook parser read from `request` (parse_cart_mutator): pricing reads the cart's
// money, quantities and keys from it, and echoes the tree's members.
// Lines the mutator added on an earlier call (externalId starting with the rules' added-line
// prefix) are dropped and derived anew; a reviewedTotalPrice is met exactly. Money is written
// with `decimals` places, which must be the decimals the rules were loaded with.
// Errors: invalid_input naming the request field ("cart[2].quantity: ..."), after which the
// caller answers with echo_answer(); internal when out of memory or when `decimals`
// differs from the rules' (a wiring bug).
Result<Mutation> mutate(const cJSON* request, const webhooks::CartMutatorRequest& typed,
                        const RuleSet& rules, int decimals);

// The same for a request nobody has read yet (tools, tests): read by
// webhooks::parse_cart_to_price first, whose rejections are returned as they are.
Result<Mutation> mutate(const cJSON* request, const RuleSet& rules, int decimals);

// The "no change" answer: the request echoed unchanged, as cJSON_PrintUnformatted prints it.
std::string echo_answer(const cJSON* request);

}  // namespace lanecast::pricing
