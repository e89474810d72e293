// The forwarder's settings, taken from the [forward] configuration keys with the defaults
// that depend on the machine filled in (store id = host name).
//
// Thread: any; built once on the main thread and then copied.
#pragma once

#include <string>

#include "daemon/config/config.h"
#include "daemon/config/forward_values.h"
#include "daemon/core/status.h"

namespace lanecast::forward {

struct ForwardSettings {
  config::BrokerUrl broker;
  std::string topic_prefix;
  std::string store_id;
  std::string client_id;
  std::string ca_path;    // "" with mqtts: the system's CAs
  std::string cert_path;  // "" = no client certificate
  std::string key_path;
  std::string username;
  std::string password;
  int max_inflight = 64;
  int max_rate = 500;        // per second; 0 = no limit
  int reconnect_max_s = 60;
  int keepalive_s = 30;
  std::string database_path;
  int busy_timeout_ms = 5000;
};

// nullopt-like: enabled() false when forward.url is empty.
struct ForwardPlan {
  bool enabled = false;
  ForwardSettings settings;
};

// invalid_input when the host name cannot serve as a store id and forward.store_id is empty.
Result<ForwardPlan> forward_plan(const config::Config& config);

}  // namespace lanecast::forward
