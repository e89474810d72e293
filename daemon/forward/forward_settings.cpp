#include "daemon/forward/forward_settings.h"

#include <unistd.h>

namespace lanecast::forward {
namespace {

Result<std::string> host_name_as_store_id() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) {
    return Status::invalid_input("forward.store_id is empty and the host name is unknown");
  }
  std::string id(name);
  if (id.empty() || !config::check_optional_topic_level(id).is_ok()) {
    return Status::invalid_input("forward.store_id is empty and the host name \"" + id +
                                 "\" cannot be a store id: set forward.store_id");
  }
  return id;
}

}  // namespace

Result<ForwardPlan> forward_plan(const config::Config& config) {
  ForwardPlan plan;
  if (config.forward_url.empty()) return plan;
  auto broker = config::parse_broker_url(config.forward_url);
  if (!broker.is_ok()) return Status::invalid_input("forward.url: " + broker.status().message());
  ForwardSettings& s = plan.settings;
  s.broker = *broker;
  s.topic_prefix = config.forward_topic_prefix;
  s.store_id = config.forward_store_id;
  if (s.store_id.empty()) {
    auto host = host_name_as_store_id();
    if (!host.is_ok()) return host.status();
    s.store_id = *host;
  }
  s.client_id = config.forward_client_id.empty() ? "lanecast-" + s.store_id
                                                 : config.forward_client_id;
  s.ca_path = config.forward_ca_path;
  s.cert_path = config.forward_cert_path;
  s.key_path = config.forward_key_path;
  s.username = config.forward_username;
  s.password = config.forward_password;
  s.max_inflight = config.forward_max_inflight;
  s.max_rate = config.forward_max_rate;
  s.reconnect_max_s = config.forward_reconnect_max_s;
  s.keepalive_s = config.forward_keepalive_s;
  s.database_path = config.storage_path;
  s.busy_timeout_ms = config.storage_busy_timeout_ms;
  plan.enabled = true;
  return plan;
}

}  // namespace lanecast::forward
