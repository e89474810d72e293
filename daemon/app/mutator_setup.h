// Chooses the cart mutator's pricing function from the configuration: the store's rules file,
// or "no change" (the request echoed) when there is none.
//
// Thread: main thread (start-up and SIGHUP). The installed function runs on the
// libmicrohttpd thread: it is pure and never fails - whatever goes wrong (rules that do not
// fit the cart, an internal error, the deadline) gives the unmodified echo, a valid "no
// change" answer, with MutationInfo::fell_back and the reason.
#pragma once

#include <string>

#include "daemon/app/mutator_slot.h"
#include "daemon/config/config.h"
#include "daemon/pricing/rule_set.h"

namespace lanecast::app {

// The rules file the configuration points at: pricing.rules_file, else
// <config dir>/pricing.json when that exists; "" for none.
std::string rules_path(const config::Config& config, const std::string& config_dir);

// The pricing function for a rule set: pricing::mutate, or the echo with the reason when it
// fails or takes longer than deadline_us.
MutationFunction pricing_function(std::shared_ptr<const pricing::RuleSet> rules, int decimals,
                                  std::int64_t deadline_us);

// Loads the rules file, if any, only to validate it (--check-config).
Status check_pricing_rules(const config::Config& config, const std::string& config_dir);

// Loads the rules and installs the function. On error (an unreadable or invalid rules file)
// the slot keeps what it had; the message names the file, the JSON path and the reason.
Status install_mutator(const config::Config& config, const std::string& config_dir,
                       MutatorSlot& slot);

}  // namespace lanecast::app
