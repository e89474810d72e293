#include "daemon/app/display_routes.h"

#include <cerrno>
#include <cstdlib>

#include "daemon/app/lane_stream.h"
#include "daemon/core/timestamp.h"
#include "display/assets.h"

namespace lanecast::app {
namespace {

using http::Access;
using http::Reply;
using http::Request;
using ReplyPtr = std::shared_ptr<Reply>;

std::optional<std::uint64_t> parse_id(const char* text) {
  if (text == nullptr || *text < '0' || *text > '9') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (*end != '\0' || errno == ERANGE) return std::nullopt;
  return value;
}

http::HttpAnswer asset_answer(std::string_view path) {
  const display::Asset* asset = display::find_asset(path);
  if (asset == nullptr) return http::json_error(404, "not_found", "no such asset: " + std::string(path));
  http::HttpAnswer answer;
  answer.content_type = std::string(asset->content_type);
  answer.static_body = asset->bytes;
  return answer;
}

void get_lane(DisplayContext& context, Request& request, ReplyPtr reply) {
  auto lane = context.hub.lane_json(request.params["zone"]);
  reply->send(lane.is_ok() ? http::json_answer(200, std::move(*lane))
                           : http::json_error(404, "lane_not_found",
                                              "no lane '" + request.params["zone"] + "'"));
}

void acknowledge(DisplayContext& context, Request& request, ReplyPtr reply) {
  const auto id = parse_id(request.params["alertId"].c_str());
  if (!id) {
    reply->send(http::json_error(400, "invalid_alert_id", "the alert id must be a number"));
    return;
  }
  Status status = context.hub.acknowledge_alert(*id, now_micros());
  if (!status.is_ok()) {
    reply->send(http::json_error(404, "alert_not_found", status.message()));
    return;
  }
  reply->send(http::json_answer(200, "{\"acknowledged\":" + std::to_string(*id) + "}"));
}

void stream(DisplayContext& context, Request& request, ReplyPtr reply, std::string zone, bool alerts) {
  StreamRequest stream_request;
  stream_request.filter.zone = std::move(zone);
  stream_request.filter.alerts = alerts;
  stream_request.last_event_id = parse_id(request.header("Last-Event-ID"));
  stream_request.client_address = request.client_address;
  open_lane_stream(context.hub, context.streams, context.snapshots, stream_request, reply);
}

void add(http::Router& router, const char* method, const char* pattern, Access access,
         std::function<void(Request&, ReplyPtr)> handler) {
  router.add(http::Route{method, pattern, access, false, std::move(handler)});
}

}  // namespace

void add_display_routes(http::Router& router, DisplayContext& c) {
  add(router, "GET", "/display/{zone}", Access::kPublic,
      [](Request&, ReplyPtr reply) { reply->send(asset_answer("display.html")); });
  add(router, "GET", "/staff", Access::kPublic,
      [](Request&, ReplyPtr reply) { reply->send(asset_answer("staff.html")); });
  add(router, "GET", "/assets/{name}", Access::kPublic,
      [](Request& request, ReplyPtr reply) { reply->send(asset_answer(request.params["name"])); });
  // The message catalogs, one folder down (catalog.h).
  add(router, "GET", "/assets/i18n/{name}", Access::kPublic, [](Request& request, ReplyPtr reply) {
    reply->send(asset_answer("i18n/" + request.params["name"]));
  });
  add(router, "GET", "/api/display/config", Access::kPublic,
      [&c](Request&, ReplyPtr reply) { reply->send(http::json_answer(200, c.page_config_json)); });
  add(router, "GET", "/api/display/logo", Access::kPublic, [&c](Request&, ReplyPtr reply) {
    if (c.logo.empty()) {
      reply->send(http::json_error(404, "not_found", "no store logo is configured"));
      return;
    }
    http::HttpAnswer answer;
    answer.content_type = c.logo_type;
    answer.static_body = c.logo;
    reply->send(std::move(answer));
  });
  add(router, "GET", "/api/lanes", Access::kPublic,
      [&c](Request&, ReplyPtr reply) { reply->send(http::json_answer(200, c.hub.lanes_json())); });
  add(router, "GET", "/api/lanes/{zone}", Access::kPublic,
      [&c](Request& request, ReplyPtr reply) { get_lane(c, request, std::move(reply)); });
  add(router, "GET", "/api/lanes/{zone}/events", Access::kPublic, [&c](Request& request, ReplyPtr reply) {
    stream(c, request, std::move(reply), request.params["zone"], false);
  });
  add(router, "GET", "/api/staff/events", Access::kStaffStream,
      [&c](Request& request, ReplyPtr reply) { stream(c, request, std::move(reply), "", true); });
  add(router, "GET", "/api/alerts", Access::kStaff,
      [&c](Request&, ReplyPtr reply) { reply->send(http::json_answer(200, c.hub.alerts_json())); });
  add(router, "POST", "/api/alerts/{alertId}/ack", Access::kStaff,
      [&c](Request& request, ReplyPtr reply) { acknowledge(c, request, std::move(reply)); });
}

}  // namespace lanecast::app
