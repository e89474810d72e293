#include "daemon/app/mutator_setup.h"

#include <sys/stat.h>

#include <chrono>

#include "daemon/app/priced_cart_view.h"
#include "daemon/core/log.h"
#include "daemon/pricing/mutator.h"

namespace lanecast::app {
namespace {

MutationOutcome echo(const cJSON* request, std::string failure, std::int64_t duration_us,
                     const std::string& version) {
  MutationOutcome outcome;
  outcome.answer = pricing::echo_answer(request);
  outcome.info.rules_version = version;
  outcome.info.duration_us = duration_us;
  outcome.info.fell_back = !failure.empty();
  outcome.info.failure = std::move(failure);
  return outcome;
}

bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

}  // namespace

MutationFunction pricing_function(std::shared_ptr<const pricing::RuleSet> rules, int decimals,
                                  std::int64_t deadline_us) {
  display::CartViewOptions view_options;
  view_options.decimals = decimals;
  for (const auto& deposit : rules->deposits()) view_options.deposit_ids.push_back(deposit.external_id);
  return [rules = std::move(rules), decimals, deadline_us, view_options = std::move(view_options)](
             const cJSON* request, const webhooks::CartMutatorRequest& typed) {
    const auto started = std::chrono::steady_clock::now();
    auto mutation = pricing::mutate(request, typed, *rules, decimals);
    const auto elapsed_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
    if (!mutation.is_ok()) {
      LOG_WARNING("cart mutator: order %lld answered unchanged: %s",
                  static_cast<long long>(typed.order_id), mutation.status().message().c_str());
      return echo(request, mutation.status().to_string(), elapsed_us, rules->version());
    }
    if (elapsed_us > deadline_us) {
      LOG_WARNING("cart mutator: order %lld took %lld us, over the %lld us deadline; answered "
                  "unchanged", static_cast<long long>(typed.order_id),
                  static_cast<long long>(elapsed_us), static_cast<long long>(deadline_us));
      return echo(request, "deadline of " + std::to_string(deadline_us) + " us passed",
                  elapsed_us, rules->version());
    }
    MutationOutcome outcome;
    // A view that does not add up shows an empty cart; the answer stands regardless.
    auto view = priced_cart_view(*mutation, typed, *rules, view_options);
    outcome.cart = view.is_ok() ? std::move(view).value() : display::CartView{};
    outcome.answer = std::move(mutation->answer_json);
    outcome.info.rules_version = rules->version();
    outcome.info.duration_us = elapsed_us;
    outcome.info.total_minor = mutation->total;
    outcome.info.tax_minor = mutation->tax;
    return outcome;
  };
}

std::string rules_path(const config::Config& config, const std::string& config_dir) {
  if (!config.pricing_rules_file.empty()) return config.pricing_rules_file;
  const std::string fallback = config_dir + "/pricing.json";
  return file_exists(fallback) ? fallback : std::string();
}

Status check_pricing_rules(const config::Config& config, const std::string& config_dir) {
  const std::string path = rules_path(config, config_dir);
  if (path.empty()) return Status::ok();
  auto rules = pricing::load_rules_file(path, config.store_decimals);
  if (!rules.is_ok()) return Status::invalid_input("pricing rules: " + rules.status().message());
  return Status::ok();
}

Status install_mutator(const config::Config& config, const std::string& config_dir,
                       MutatorSlot& slot) {
  const std::string path = rules_path(config, config_dir);
  if (path.empty()) {
    LOG_NOTICE("no pricing rules: the cart mutator answers every cart unchanged");
    slot.set(std::make_shared<const Mutator>(
        Mutator{[](const cJSON* request, const webhooks::CartMutatorRequest&) {
                  return echo(request, "", 0, "");
                },
                {}}));
    return Status::ok();
  }
  auto rules = pricing::load_rules_file(path, config.store_decimals);
  if (!rules.is_ok()) return Status::invalid_input("pricing rules: " + rules.status().message());
  const std::string version = (*rules)->version();
  std::vector<std::string> deposit_ids;
  for (const auto& deposit : (*rules)->deposits()) deposit_ids.push_back(deposit.external_id);
  slot.set(std::make_shared<const Mutator>(
      Mutator{pricing_function(std::move(*rules), config.store_decimals,
                               std::int64_t{config.pricing_deadline_ms} * 1000),
              std::move(deposit_ids)}));
  // Said once the rules are in force, so whoever waits for this line sees them applied.
  LOG_NOTICE("pricing rules %s loaded (version %.12s)", path.c_str(), version.c_str());
  return Status::ok();
}

}  // namespace lanecast::app
