#include "daemon/http/auth_hosts.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

namespace lanecast::http {
namespace {

std::string normalised(std::string_view name) {
  while (!name.empty() && name.back() == '.') name.remove_suffix(1);
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

bool is_ipv4(const std::string& host) {
  in_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool is_ipv6(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

OwnHosts::OwnHosts(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    std::string host = normalised(name);
    if (!host.empty() && std::find(names_.begin(), names_.end(), host) == names_.end())
      names_.push_back(std::move(host));
  }
}

bool OwnHosts::contains(std::string_view host_header) const {
  if (!host_header.empty() && host_header.front() == '[') {
    const std::size_t close = host_header.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view after = host_header.substr(close + 1);
    if (!after.empty() && after.front() != ':') return false;
    return is_ipv6(std::string(host_header.substr(1, close - 1)));
  }
  const std::size_t colon = host_header.find(':');
  const std::string host = normalised(host_header.substr(0, colon));
  if (host.empty()) return false;
  if (is_ipv4(host)) return true;
  if (host == "localhost" || ends_with(host, ".localhost")) return true;
  return std::find(names_.begin(), names_.end(), host) != names_.end();
}

std::vector<std::string> OwnHosts::machine_names() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return {};
  std::vector<std::string> names{name};
  const std::string_view full(names.front());
  const std::size_t dot = full.find('.');
  if (dot != std::string_view::npos && dot > 0) names.emplace_back(full.substr(0, dot));
  return names;
}

}  // namespace lanecast::http
