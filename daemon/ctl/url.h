// Where lanecastctl sends its requests: plain-HTTP base URLs (no TLS: lanecastd speaks plain
// HTTP on the store's network, and no TLS library is allowed in the project).
//
// Thread: any; no state.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::ctl {

struct Url {
  std::string host;    // a name, an IPv4 address, or an IPv6 address without brackets
  int port = 80;
  std::string prefix;  // path prefix without a trailing '/': "" or "/lanecast"

  // The request target for an absolute API path: prefix + path ("/healthz").
  std::string target(std::string_view path) const;
  // host:port as the Host header wants it ("[::1]:8080" for IPv6).
  std::string authority() const;
  std::string to_string() const;  // "http://" + authority + prefix
};

// Accepts "http://host[:port][/prefix]" with the host a name, IPv4 address or [IPv6]
// address, the port 1..65535, and a prefix of path characters. Rejects https (not
// supported), user info, queries, fragments, empty hosts, bad ports and anything after them.
Result<Url> parse_url(std::string_view text);

}  // namespace lanecast::ctl
