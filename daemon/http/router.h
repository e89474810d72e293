// The route table: method + path pattern -> access policy and handler.
//
// Thread: built on the main thread before the server starts, then read-only; handlers run on
// the libmicrohttpd thread and must not block (storage work is posted to storage threads).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/reply.h"
#include "daemon/http/request.h"

namespace lanecast::http {

// Who may use a route; auth_check.h says how each is decided.
enum class Access {
  kPublic,       // anyone (health, customer display)
  kWebhook,      // a webhook bearer token (or none configured, on a loopback listener)
  kStaff,        // loopback clients, or a staff bearer token in the Authorization header
  kStaffStream,  // as kStaff, and the token may come as ?token=: an event stream, which a
                 // browser's EventSource opens without a way to add a header
};

using Handler = std::function<void(Request&, std::shared_ptr<Reply>)>;

struct Route {
  std::string method;   // "GET", "POST"
  std::string pattern;  // "/aifi/checkout", "/api/orders/{id}" ({name} matches one segment)
  Access access = Access::kPublic;
  bool takes_body = false;  // a JSON body is required (POST webhooks)
  Handler handler;
};

struct RouteMatch {
  const Route* route = nullptr;         // null: see status
  unsigned int status = 0;              // 404 unknown path, 405 known path, other method
  std::string allow;                    // for 405: "GET, POST"
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void add(Route route);
  RouteMatch match(std::string_view method, std::string_view path) const;

 private:
  static bool matches(std::string_view pattern, std::string_view path,
                      std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
};

}  // namespace lanecast::http
