#include "daemon/http/router.h"

namespace lanecast::http {
namespace {

// Splits off the next '/'-separated segment of `path` (which starts after a '/').
std::string_view next_segment(std::string_view& rest) {
  const auto slash = rest.find('/');
  std::string_view segment = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  return segment;
}

}  // namespace

void Router::add(Route route) { routes_.push_back(std::move(route)); }

bool Router::matches(std::string_view pattern, std::string_view path,
                     std::map<std::string, std::string>* params) {
  if (pattern.find('{') == std::string_view::npos) return pattern == path;
  if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
  pattern.remove_prefix(1);
  path.remove_prefix(1);
  std::map<std::string, std::string> found;
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty()) return false;
    const bool pattern_ends = pattern.find('/') == std::string_view::npos;
    const bool path_ends = path.find('/') == std::string_view::npos;
    std::string_view want = next_segment(pattern);
    std::string_view have = next_segment(path);
    if (pattern_ends != path_ends) return false;
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (have.empty()) return false;
      found.emplace(std::string(want.substr(1, want.size() - 2)), std::string(have));
    } else if (want != have) {
      return false;
    }
  }
  if (params != nullptr) *params = std::move(found);
  return true;
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(route.pattern, path, &params)) continue;
    if (route.method == method) {
      result.route = &route;
      result.params = std::move(params);
      result.status = 0;
      return result;
    }
    if (result.allow.find(route.method) == std::string::npos)
      result.allow += (result.allow.empty() ? "" : ", ") + route.method;
    result.status = 405;
  }
  if (result.status == 0) result.status = 404;
  return result;
}

}  // namespace lanecast::http
