// Where lanecastctl sends its requests: the daemon's base URL, http:// or https://, checked by
// libcurl's own URL parser (curl_url), the one that will connect to it.
//
// Thread: any; no state.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::ctl {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // a name, an IPv4 address, or an IPv6 address without brackets
  int port = 80;       // the scheme's default when the URL names none
  std::string prefix;  // path prefix without a trailing '/': "" or "/lanecast"
  // https: a PEM file of the CAs to trust instead of the system's store (--cacert).
  std::string ca_file;

  // The request target for an absolute API path: prefix + path ("/healthz").
  std::string target(std::string_view path) const;
  std::string to_string() const;  // "https://host:port/prefix", the whole URL of the base
};

// Accepts "http://host[:port][/prefix]" and "https://...", with the host a name, IPv4 address
// or [IPv6] address, the port 1..65535, and a path prefix. Rejects other schemes, user info,
// queries, fragments, empty hosts and bad ports, as invalid_input naming the URL.
Result<Url> parse_url(std::string_view text);

}  // namespace lanecast::ctl
