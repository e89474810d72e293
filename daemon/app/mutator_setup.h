// Chooses the cart mutator's pricing function from the configuration.
//
// Thread: main thread (start-up and SIGHUP).
#pragma once

#include "daemon/app/mutator_slot.h"
#include "daemon/config/config.h"

namespace lanecast::app {

// The valid "no change" mutation: the request echoed unchanged.
std::string echo_mutation(const cJSON* request);

// Installs the mutation function the configuration asks for. On error the slot keeps what it
// had (at start-up: nothing, and the caller stops).
Status install_mutator(const config::Config& config, MutatorSlot& slot);

}  // namespace lanecast::app
