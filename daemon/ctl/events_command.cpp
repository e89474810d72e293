// lanecastctl events: the webhooks the daemon stored, from its database.
#include <algorithm>

#include "daemon/core/timestamp.h"
#include "daemon/ctl/commands.h"
#include "daemon/ctl/format.h"
#include "daemon/ctl/records_json.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {
namespace {

constexpr int kPage = 1000;
constexpr std::string_view kKinds[] = {"checkout", "cart_mutator", "zone_entered", "zone_left"};

constexpr OptionSpec kOptions[] = {
    {"since", "TIME", "received at or after TIME: 2026-11-28T10:15:00Z, 2026-11-28, or an age (15m, 2h, 7d)"},
    {"kind", "KIND", "checkout, cart_mutator, zone_entered or zone_left"},
    {"order", "ID", "events of one AiFi order"},
    {"session", "ID", "events of one shopping session"},
    {"after", "SEQ", "events after this sequence number"},
    {"limit", "N", "at most N events (default 50)"},
    {"oldest", "", "the first matches instead of the newest (the default without --since/--after)"},
    {"bodies", "", "print each event's body and answer (tables only; --json always has them)"},
};

Result<storage::EventFilter> make_filter(const Args& args) {
  storage::EventFilter filter;
  if (const std::string* since = args.value("since")) {
    auto at = parse_since(*since, now_micros());
    if (!at.is_ok()) return at.status();
    filter.since_us = *at;
  }
  filter.kind = args.text("kind", "");
  if (!filter.kind.empty() && std::find(std::begin(kKinds), std::end(kKinds), filter.kind) == std::end(kKinds)) {
    return Status::invalid_input("--kind must be checkout, cart_mutator, zone_entered or zone_left");
  }
  if (args.has("order")) {
    auto order = args.integer("order", 0, 0, INT64_MAX);
    if (!order.is_ok()) return order.status();
    filter.order_id = *order;
  }
  filter.session_id = args.text("session", "");
  auto after = args.integer("after", 0, 0, INT64_MAX);
  if (!after.is_ok()) return after.status();
  filter.after_seq = *after;
  filter.newest_first = !args.has("oldest") && !args.has("since") && !args.has("after");
  return filter;
}

// Pages through the matches until `limit`; returned in ascending order either way.
Result<std::vector<storage::StoredEvent>> collect(storage::ReadQueries& queries, storage::EventFilter filter,
                                                 std::int64_t limit) {
  std::vector<storage::StoredEvent> events;
  while (static_cast<std::int64_t>(events.size()) < limit) {
    filter.limit = static_cast<int>(std::min<std::int64_t>(kPage, limit - static_cast<std::int64_t>(events.size())));
    auto page = queries.find_events(filter);
    if (!page.is_ok()) return page.status();
    if (page->empty()) break;
    (filter.newest_first ? filter.before_seq : filter.after_seq) = page->back().seq;
    for (auto& event : *page) events.push_back(std::move(event));
  }
  if (filter.newest_first) std::reverse(events.begin(), events.end());
  return events;
}

std::string events_table(const std::vector<storage::StoredEvent>& events, bool bodies) {
  Table table({">SEQ", "RECEIVED", "KIND", "STATUS", ">ORDER", "ZONE", "SESSION", ">REDELIV", ">BYTES"});
  std::string blocks;
  for (const auto& e : events) {
    table.add_row({std::to_string(e.seq), human_time(e.received_at_us), e.kind, e.status.empty() ? "-" : e.status,
                   e.order_id ? std::to_string(*e.order_id) : "-", e.zone_id.empty() ? "-" : e.zone_id,
                   e.session_id.empty() ? "-" : shorten(e.session_id, 24), std::to_string(e.redeliveries),
                   e.body.empty() ? "pruned" : std::to_string(e.body.size())});
    if (bodies) {
      blocks += "\n#" + std::to_string(e.seq) + " " + e.kind + " " + e.path + " body:\n" +
                (e.body.empty() ? "(dropped by retention)\n" : pretty_body(e.body)) + "answer:\n" + pretty_body(e.answer);
    }
  }
  if (table.empty()) return "no events match\n";
  return table.render() + blocks;
}

int run_events(const Context& context, const Args& args) {
  auto filter = make_filter(args);
  if (!filter.is_ok()) return usage_error(filter.status().message());
  auto limit = args.integer("limit", 50, 1, 1'000'000);
  if (!limit.is_ok()) return usage_error(limit.status().message());
  auto queries = open_database_for_reading(context);
  if (!queries.is_ok()) return fail(queries.status().message());
  auto events = collect(**queries, *filter, *limit);
  if (!events.is_ok()) return fail(events.status().message());
  if (!context.json) {
    write_out(events_table(*events, args.has("bodies")));
    return kExitOk;
  }
  JsonPtr root(cJSON_CreateObject());
  cJSON* list = cJSON_AddArrayToObject(root.get(), "events");
  for (const auto& event : *events) cJSON_AddItemToArray(list, event_json(event).release());
  return write_json(root.get());
}

}  // namespace

const Command& events_command() {
  static const Command command{
      "events", "events [--since TIME] [--kind KIND] [--order ID] [--session ID] [--limit N]",
      "stored webhooks: when, what, for which order and session, redeliveries",
      "Reads the database (--db). Without --since or --after it shows the newest matches, oldest\n"
      "of them first. A body of \"pruned\" was dropped by retention; the event's answer is kept.\n",
      kOptions, run_events};
  return command;
}

}  // namespace lanecast::ctl
