#include "daemon/app/mutator_setup.h"

#include "daemon/core/json.h"

namespace lanecast::app {

std::string echo_mutation(const cJSON* request) { return json_print(request); }

Status install_mutator(const config::Config&, MutatorSlot& slot) {
  slot.set(std::make_shared<const MutationFunction>(
      [](const cJSON* request, const webhooks::CartMutatorRequest&) {
        return MutationOutcome{echo_mutation(request), storage::MutationInfo{}};
      }));
  return Status::ok();
}

}  // namespace lanecast::app
