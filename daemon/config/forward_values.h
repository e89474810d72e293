// Values of the [forward] section (the MQTT forwarder): the broker URL and MQTT topic levels.
//
// Failures are invalid_input with a reason that completes "<key>: ...", like config_values.h.
//
// Thread: any; no state.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::config {

// forward.url taken apart: "mqtt://host[:port]" (plain, port 1883 by default) or
// "mqtts://host[:port]" (TLS, 8883). The host is a name, an IPv4 address or a bracketed IPv6
// address. No user, path, query or fragment: credentials have keys of their own.
// Parsed by hand, not with a URL library: the accepted form is this narrow subset, which a
// general parser (libcurl's CURLU, linked by lanecastctl only) would take apart into the same
// three pieces and then need every one of these refusals on top.
struct BrokerUrl {
  std::string host;
  int port = 0;
  bool tls = false;
};
Result<BrokerUrl> parse_broker_url(std::string_view text);
Status check_optional_broker_url(std::string_view text);  // "" (forwarding off) or a URL

// A topic prefix: one or more levels separated by '/', none empty, no MQTT wildcards ('+',
// '#'), no control characters, not starting with '$' (reserved by brokers), at most 200 bytes.
Status check_topic_prefix(std::string_view text);
// "" or one topic level: 1..64 letters, digits, '.', '_', ':' or '-' (a store id).
Status check_optional_topic_level(std::string_view text);
// "" or an MQTT client id: 1..64 letters, digits, '.', '_', ':' or '-'.
Status check_optional_client_id(std::string_view text);

}  // namespace lanecast::config
