#include "daemon/http/auth_check.h"

#include <strings.h>

#include <string>
#include <string_view>

namespace lanecast::http {
namespace {

HttpAnswer unauthorized(std::string_view detail) {
  HttpAnswer answer = json_error(401, "unauthorized", detail);
  answer.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"lanecast\"");
  return answer;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Loopback trust holds only for requests addressed to this daemon by one of its own names: a
// rebound name (a page's own, resolving to 127.0.0.1) is someone else's.
std::optional<HttpAnswer> check_host(const Request& request, const Authenticator& auth) {
  const char* host = request.header(MHD_HTTP_HEADER_HOST);
  // HTTP/1.0 may omit Host; a browser never does, so no page can be behind such a request.
  if (host == nullptr || auth.own_hosts()->contains(host)) return std::nullopt;
  return json_error(403, "host_not_allowed",
                    "Host '" + std::string(host) +
                        "' is not one of this daemon's names; clients on this machine are trusted "
                        "only under localhost, an IP address, the machine's name or a name in "
                        "auth.allowed_hosts");
}

std::optional<HttpAnswer> check_webhook(const Request& request, const Authenticator& auth,
                                        const AccessSettings& settings) {
  const auto tokens = auth.webhook_tokens();
  if (tokens->empty()) {
    if (!settings.listener_is_loopback)
      return unauthorized(
          "no webhook token is configured; unauthenticated webhooks are accepted only on a "
          "loopback listener");
    return check_host(request, auth);
  }
  const std::string_view token = bearer_token(request.header(MHD_HTTP_HEADER_AUTHORIZATION));
  if (!tokens->contains(token))
    return unauthorized(token.empty() ? "a bearer token is required" : "the bearer token is not accepted");
  return std::nullopt;
}

std::optional<HttpAnswer> check_staff(const Route& route, const Request& request,
                                      const Authenticator& auth, const AccessSettings& settings) {
  std::string_view token = bearer_token(request.header(MHD_HTTP_HEADER_AUTHORIZATION));
  const char* query_token = request.query("token");
  const bool query_allowed = route.access == Access::kStaffStream;
  if (token.empty() && query_token != nullptr && query_allowed) token = query_token;
  if (auth.staff_tokens()->contains(token)) return std::nullopt;
  if (settings.trust_loopback && request.from_loopback) return check_host(request, auth);
  if (query_token != nullptr && !query_allowed)
    return unauthorized(
        "a token in the query string is accepted only on event streams; send it as "
        "Authorization: Bearer");
  return unauthorized("a staff bearer token is required off the loopback interface");
}

bool changes_state(const Route& route) {
  return route.access != Access::kWebhook && route.method != "GET" && route.method != "HEAD";
}

// The host[:port] of an Origin ("http://localhost:8080" -> "localhost:8080"); "" for "null"
// and anything that is not scheme://authority.
std::string_view origin_authority(std::string_view origin) {
  const std::size_t separator = origin.find("://");
  if (separator == std::string_view::npos || separator == 0) return {};
  const std::string_view authority = origin.substr(separator + 3);
  if (authority.empty() || authority.find_first_of("/?#@") != std::string_view::npos) return {};
  return authority;
}

HttpAnswer cross_site(std::string_view detail) {
  return json_error(403, "cross_site_request", detail);
}

std::optional<HttpAnswer> refuse_cross_site(const Request& request) {
  if (const char* site = request.header("Sec-Fetch-Site")) {
    const std::string_view value(site);
    if (!equal_ignoring_case(value, "same-origin") && !equal_ignoring_case(value, "none"))
      return cross_site("a request from another site (Sec-Fetch-Site: " + std::string(value) +
                        ") may not change anything here");
  }
  if (const char* origin = request.header("Origin")) {
    const char* host = request.header(MHD_HTTP_HEADER_HOST);
    const std::string_view authority = origin_authority(origin);
    if (host == nullptr || authority.empty() || !equal_ignoring_case(authority, host))
      return cross_site("a request from origin '" + std::string(origin) +
                        "' may not change anything here; only pages served by this daemon may");
  }
  if (const char* type = request.header(MHD_HTTP_HEADER_CONTENT_TYPE); type != nullptr && !is_json_content_type(type))
    return json_error(415, "unsupported_media_type",
                      "a request that changes state takes no body or application/json, not '" +
                          std::string(type) + "' (a type any web page may send)");
  return std::nullopt;
}

}  // namespace

std::optional<HttpAnswer> check_access(const Route& route, const Request& request,
                                       const Authenticator& auth, const AccessSettings& settings) {
  std::optional<HttpAnswer> refused;
  switch (route.access) {
    case Access::kPublic:
      break;
    case Access::kWebhook:
      refused = check_webhook(request, auth, settings);
      break;
    case Access::kStaff:
    case Access::kStaffStream:
      refused = check_staff(route, request, auth, settings);
      break;
  }
  if (!refused && changes_state(route)) refused = refuse_cross_site(request);
  return refused;
}

}  // namespace lanecast::http
