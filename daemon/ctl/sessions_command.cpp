// lanecastctl sessions: the shopping trips seen last.
#include "daemon/ctl/commands.h"
#include "daemon/ctl/format.h"
#include "daemon/ctl/records_json.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {
namespace {

constexpr OptionSpec kOptions[] = {
    {"limit", "N", "the N sessions seen last (default 20, at most 1000)"},
};

int run_sessions(const Context& context, const Args& args) {
  auto limit = args.integer("limit", 20, 1, 1000);
  if (!limit.is_ok()) return usage_error(limit.status().message());
  auto queries = open_database_for_reading(context);
  if (!queries.is_ok()) return fail(queries.status().message());
  auto sessions = (*queries)->recent_sessions(static_cast<int>(*limit));
  if (!sessions.is_ok()) return fail(sessions.status().message());
  if (context.json) {
    JsonPtr root(cJSON_CreateObject());
    cJSON* list = cJSON_AddArrayToObject(root.get(), "sessions");
    for (const auto& session : *sessions) cJSON_AddItemToArray(list, session_json(session).release());
    return write_json(root.get());
  }
  if (sessions->empty()) {
    write_out("no sessions yet\n");
    return kExitOk;
  }
  Table table({"SESSION", "FIRST SEEN", "LAST SEEN", "ZONE", ">ORDER", ">EVENTS"});
  for (const auto& s : *sessions) {
    table.add_row({s.session_id, human_time(s.first_seen_us), human_time(s.last_seen_us),
                   s.last_zone_id.empty() ? "-" : s.last_zone_id,
                   s.last_order_id ? std::to_string(*s.last_order_id) : "-", std::to_string(s.event_count)});
  }
  write_out(table.render());
  return kExitOk;
}

}  // namespace

const Command& sessions_command() {
  static const Command command{
      "sessions", "sessions [--limit N]", "the shopping trips seen last: zone, order, number of events",
      "Reads the database (--db). A session is one shopping trip (AiFi's session.sessionId).\n",
      kOptions, run_sessions};
  return command;
}

}  // namespace lanecast::ctl
