// The names this daemon answers to, for the Host header of requests that loopback trust lets
// in without a token.
//
// A web page on evil.example can have its name resolve to 127.0.0.1 (DNS rebinding): the
// browser then sends the page's requests to this daemon over loopback, as same-origin
// requests whose answers the page may read, but with "Host: evil.example". So where loopback
// trust is what admits a request, its Host must be one of these:
//   - an IP address literal (127.0.0.1, [::1], 192.0.2.7): no DNS name, nothing to rebind;
//   - localhost and any name under .localhost (RFC 6761: browsers resolve them to loopback
//     themselves);
//   - the machine's host name (gethostname(), and its first label when that is a full name);
//   - the host of a listen address when it is a name;
//   - the names configured in auth.allowed_hosts.
// Names are compared without case, without a trailing dot and without the port.
//
// Thread: built on the main thread; contains() is const and runs on the libmicrohttpd
// thread(s).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lanecast::http {

class OwnHosts {
 public:
  // Only the built-in names (IP literals, localhost).
  OwnHosts() = default;
  // The built-in names and `names` (host names, without port).
  explicit OwnHosts(const std::vector<std::string>& names);

  // Whether a Host header value ("name", "name:port", "1.2.3.4:8080", "[::1]:8080") names
  // this daemon.
  bool contains(std::string_view host_header) const;

  // The machine's host name as gethostname() gives it and, when it is a full name, its first
  // label: "store-7.example.lan" -> {"store-7.example.lan", "store-7"}.
  static std::vector<std::string> machine_names();

 private:
  std::vector<std::string> names_;  // lower case, no trailing dot
};

}  // namespace lanecast::http
