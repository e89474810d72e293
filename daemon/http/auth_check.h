// Who may use a route, decided before its handler runs: tokens, loopback trust, the Host
// header where loopback trust admits a request, and cross-site requests to routes that change
// state.
//
//   kPublic       anyone.
//   kWebhook      a configured webhook token in "Authorization: Bearer"; with none configured,
//                 anyone on a loopback listener whose Host is one of the daemon's own names.
//   kStaff        a staff token in "Authorization: Bearer"; or, with auth.trust_loopback, a
//                 loopback client whose Host is one of the daemon's own names (auth_hosts.h).
//                 A ?token= in the query is not accepted: URLs end up in logs, histories and
//                 Referer headers, and everything but EventSource can send a header.
//   kStaffStream  as kStaff, and ?token= is accepted when there is no Authorization header.
//
// Every other method than GET and HEAD on a route that is not a webhook changes state, and
// a web page open in the kiosk's browser could send it cross-site without a CORS preflight.
// Such a request is refused (as Go's net/http CrossOriginProtection and the Fetch Metadata
// guidance decide it) when
//   - Sec-Fetch-Site says "cross-site" or "same-site" (403 cross_site_request), or
//   - it has an Origin whose host[:port] is not its own Host, or Origin "null" (403), or
//   - its body type is one a page may send without preflight (text/plain, a form type) or
//     anything else but application/json (415 unsupported_media_type).
// Requests without Origin and Sec-Fetch-Site (curl, lanecastctl, scripts) are not from a
// browser page and pass. Webhooks come from AiFi's servers, never from a page, and keep
// their own rules (a token, and a JSON body).
//
// Thread: the libmicrohttpd thread(s).
#pragma once

#include <optional>

#include "daemon/http/auth.h"
#include "daemon/http/request.h"
#include "daemon/http/response.h"
#include "daemon/http/router.h"

namespace lanecast::http {

struct AccessSettings {
  bool trust_loopback = true;         // auth.trust_loopback
  bool listener_is_loopback = false;  // the request came in on a loopback-only listener
};

// nullopt: the request may go on to its handler. Otherwise the answer that refuses it:
// 401 (with WWW-Authenticate: Bearer), 403 host_not_allowed, 403 cross_site_request or 415.
std::optional<HttpAnswer> check_access(const Route& route, const Request& request,
                                       const Authenticator& auth, const AccessSettings& settings);

}  // namespace lanecast::http
