// lanecastctl orders / order ID: orders as stored, with every revision and every cart-mutator
// request and answer.
#include "daemon/core/escape.h"
#include "daemon/ctl/commands.h"
#include "daemon/ctl/format.h"
#include "daemon/ctl/records_json.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {
namespace {

constexpr OptionSpec kOrdersOptions[] = {
    {"limit", "N", "the N orders updated last (default 20, at most 1000)"},
};

constexpr OptionSpec kOrderOptions[] = {
    {"bodies", "", "also print the checkout webhooks' bodies and answers"},
};

std::string priced_text(const storage::OrderSummary& summary) {
  std::size_t fell_back = 0;
  for (const auto& mutation : summary.mutations) fell_back += mutation.fell_back ? 1 : 0;
  std::string text = std::to_string(summary.mutations.size());
  if (fell_back > 0) text += " (" + std::to_string(fell_back) + " fell back)";
  return text;
}

std::string orders_table(const std::vector<storage::OrderSummary>& orders, int decimals) {
  if (orders.empty()) return "no orders yet\n";
  Table table({">ORDER", "EXTERNAL", "STATUS", ">TOTAL", ">TAX", "PAYMENT", ">REVISIONS", "PRICED", "UPDATED", "SESSION"});
  for (const auto& summary : orders) {
    const storage::OrderState& o = summary.order;
    table.add_row({std::to_string(o.order_id), o.external_ref, o.status, human_money(o.total_minor, decimals),
                   human_money(o.tax_minor, decimals), o.payment_status.empty() ? "-" : o.payment_status,
                   std::to_string(o.revisions.size()), priced_text(summary), human_time(o.updated_at_us),
                   shorten(o.session_id, 24)});
  }
  return table.render();
}

int run_orders(const Context& context, const Args& args) {
  auto limit = args.integer("limit", 20, 1, 1000);
  if (!limit.is_ok()) return usage_error(limit.status().message());
  auto queries = open_database_for_reading(context);
  if (!queries.is_ok()) return fail(queries.status().message());
  auto orders = (*queries)->recent_orders(static_cast<int>(*limit));
  if (!orders.is_ok()) return fail(orders.status().message());
  if (!context.json) {
    write_out(orders_table(*orders, context.decimals));
    return kExitOk;
  }
  JsonPtr root(cJSON_CreateObject());
  cJSON* list = cJSON_AddArrayToObject(root.get(), "orders");
  for (const auto& summary : *orders) cJSON_AddItemToArray(list, order_json(summary, context.decimals).release());
  return write_json(root.get());
}

Result<std::vector<storage::StoredEvent>> order_events(storage::ReadQueries& queries, std::int64_t order_id) {
  storage::EventFilter filter;
  filter.order_id = order_id;
  filter.limit = 1000;
  std::vector<storage::StoredEvent> events;
  for (;;) {
    auto page = queries.find_events(filter);
    if (!page.is_ok()) return page.status();
    if (page->empty()) return events;
    filter.after_seq = page->back().seq;
    for (auto& event : *page) events.push_back(std::move(event));
  }
}

std::string order_header(const storage::OrderState& o, int decimals) {
  // The fields from webhooks are escaped: a line break in a session id stays in its line.
  const auto field = [](const std::string& text) { return text.empty() ? "-" : escape_control_characters(text); };
  return "order " + std::to_string(o.order_id) + "  " + field(o.external_ref) + "  " + field(o.status) + "  total " +
         human_money(o.total_minor, decimals) + "  tax " + human_money(o.tax_minor, decimals) + "  subtotal " +
         human_money(o.subtotal_minor, decimals) + "  payment " + field(o.payment_status) + "\nsession " +
         field(o.session_id) + "  first seen " + human_time(o.first_seen_us) + "  updated " +
         human_time(o.updated_at_us) + "\n";
}

std::string revisions_table(const storage::OrderState& o, int decimals) {
  Table table({">SEQ", "RECEIVED", "STATUS", ">TOTAL", ">TAX", ">SUBTOTAL", "PAYMENT", "APPLIED"});
  for (const auto& r : o.revisions) {
    table.add_row({std::to_string(r.seq), human_time(r.received_at_us), r.status, human_money(r.total_minor, decimals),
                   human_money(r.tax_minor, decimals), human_money(r.subtotal_minor, decimals),
                   r.payment_status.empty() ? "-" : r.payment_status, r.applied ? "yes" : "no (late)"});
  }
  return table.render();
}

std::string mutations_table(const std::vector<storage::OrderMutation>& mutations, int decimals) {
  if (mutations.empty()) return "no cart-mutator requests for this order\n";
  Table table({">SEQ", "RECEIVED", "STATUS", "RULES", ">TOOK", "ANSWER", ">TOTAL", ">TAX", "FAILURE"});
  for (const auto& m : mutations) {
    table.add_row({std::to_string(m.seq), human_time(m.received_at_us), m.status.empty() ? "-" : m.status,
                   m.rules_version.empty() ? "none" : m.rules_version.substr(0, 12), human_micros(m.duration_us),
                   m.fell_back ? "unchanged echo" : "priced", human_money(m.total_minor, decimals),
                   human_money(m.tax_minor, decimals), m.failure.empty() ? "-" : shorten(m.failure, 40)});
  }
  return table.render();
}

std::string exchanges(const std::vector<storage::StoredEvent>& events, bool checkouts_too) {
  std::string text;
  for (const auto& e : events) {
    if (e.kind != "cart_mutator" && !checkouts_too) continue;
    text += "\n" + e.kind + " request #" + std::to_string(e.seq) + " (" + e.status + ") at " +
            human_time(e.received_at_us) + ":\n" + (e.body.empty() ? "(body dropped by retention)\n" : pretty_body(e.body)) +
            "answer:\n" + pretty_body(e.answer);
  }
  return text;
}

int run_order(const Context& context, const Args& args) {
  if (args.positionals.size() != 1) return usage_error("order wants one order id");
  auto order_id = parse_integer_value("the order id", args.positionals.front(), 0, INT64_MAX);
  if (!order_id.is_ok()) return usage_error(order_id.status().message());
  auto queries = open_database_for_reading(context);
  if (!queries.is_ok()) return fail(queries.status().message());
  auto summary = (*queries)->order_summary(*order_id);
  if (!summary.is_ok()) return fail(summary.status().message());
  auto events = order_events(**queries, *order_id);
  if (!events.is_ok()) return fail(events.status().message());
  if (context.json) {
    JsonPtr root(cJSON_CreateObject());
    cJSON_AddItemToObject(root.get(), "order", order_json(*summary, context.decimals).release());
    cJSON* list = cJSON_AddArrayToObject(root.get(), "events");
    for (const auto& event : *events) cJSON_AddItemToArray(list, event_json(event).release());
    return write_json(root.get());
  }
  write_out(order_header(summary->order, context.decimals) + "\nrevisions:\n" +
            revisions_table(summary->order, context.decimals) + "\ncart-mutator answers:\n" +
            mutations_table(summary->mutations, context.decimals) + exchanges(*events, args.has("bodies")));
  return kExitOk;
}

}  // namespace

const Command& orders_command() {
  static const Command command{
      "orders", "orders [--limit N]", "the orders updated last, with totals, revisions and pricing",
      "Reads the database (--db). PRICED counts the cart-mutator answers given for the order; an\n"
      "answer that \"fell back\" was the unchanged cart (no rules, an error, or past the deadline).\n",
      kOrdersOptions, run_orders};
  return command;
}

const Command& order_command() {
  static const Command command{
      "order", "order ID [--bodies]", "one order: every revision, every cart-mutator request and answer",
      "Reads the database (--db). Shows the order's latest state, each checkout revision (a late\n"
      "draft is kept but not applied), each cart-mutator answer with its rules version and timing,\n"
      "and the exact request and answer texts. --json adds every event of the order.\n",
      kOrderOptions, run_order};
  return command;
}

}  // namespace lanecast::ctl
