#include "daemon/app/read_routes.h"

#include <cerrno>
#include <cstdlib>

#include "daemon/core/json.h"
#include "daemon/core/money.h"
#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

constexpr int kDefaultEventLimit = 100;
constexpr int kMaxEventLimit = 1000;

// Parses a non-negative decimal integer; nullopt for anything else.
std::optional<std::int64_t> parse_count(const char* text) {
  if (text == nullptr || *text == '\0' || *text == '-' || *text == '+') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  if (*end != '\0' || errno == ERANGE) return std::nullopt;
  return value;
}

void add_money(cJSON* object, const char* name, const std::optional<std::int64_t>& minor,
               int decimals) {
  if (minor) {
    cJSON_AddStringToObject(object, name, format_money(*minor, decimals).c_str());
  } else {
    cJSON_AddNullToObject(object, name);
  }
}

void add_time(cJSON* object, const char* name, std::int64_t micros) {
  cJSON_AddStringToObject(object, name, format_timestamp(micros).c_str());
}

cJSON* mutation_json(const storage::OrderMutation& mutation, int decimals) {
  cJSON* m = cJSON_CreateObject();
  cJSON_AddNumberToObject(m, "seq", static_cast<double>(mutation.seq));
  cJSON_AddStringToObject(m, "status", mutation.status.c_str());
  add_time(m, "receivedAt", mutation.received_at_us);
  cJSON_AddStringToObject(m, "rulesVersion", mutation.rules_version.c_str());
  cJSON_AddNumberToObject(m, "durationUs", static_cast<double>(mutation.duration_us));
  cJSON_AddBoolToObject(m, "fellBack", mutation.fell_back);
  cJSON_AddStringToObject(m, "failure", mutation.failure.c_str());
  add_money(m, "totalPrice", mutation.total_minor, decimals);
  add_money(m, "totalTax", mutation.tax_minor, decimals);
  return m;
}

cJSON* order_json(const storage::OrderSummary& summary, int decimals) {
  const storage::OrderState& order = summary.order;
  cJSON* o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "orderId", static_cast<double>(order.order_id));
  cJSON_AddStringToObject(o, "externalId", order.external_ref.c_str());
  cJSON_AddStringToObject(o, "sessionId", order.session_id.c_str());
  cJSON_AddStringToObject(o, "status", order.status.c_str());
  add_money(o, "totalPrice", order.total_minor, decimals);
  add_money(o, "totalTax", order.tax_minor, decimals);
  add_money(o, "subtotalPrice", order.subtotal_minor, decimals);
  cJSON_AddStringToObject(o, "paymentStatus", order.payment_status.c_str());
  add_time(o, "firstSeen", order.first_seen_us);
  add_time(o, "updatedAt", order.updated_at_us);
  cJSON* revisions = cJSON_AddArrayToObject(o, "revisions");
  for (const auto& revision : order.revisions) {
    cJSON* r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "seq", static_cast<double>(revision.seq));
    cJSON_AddStringToObject(r, "status", revision.status.c_str());
    add_time(r, "receivedAt", revision.received_at_us);
    add_money(r, "totalPrice", revision.total_minor, decimals);
    add_money(r, "totalTax", revision.tax_minor, decimals);
    add_money(r, "subtotalPrice", revision.subtotal_minor, decimals);
    cJSON_AddStringToObject(r, "paymentStatus", revision.payment_status.c_str());
    cJSON_AddBoolToObject(r, "applied", revision.applied);
    cJSON_AddItemToArray(revisions, r);
  }
  cJSON* mutations = cJSON_AddArrayToObject(o, "mutations");
  for (const auto& mutation : summary.mutations)
    cJSON_AddItemToArray(mutations, mutation_json(mutation, decimals));
  return o;
}

cJSON* event_json(const storage::StoredEvent& event) {
  cJSON* e = cJSON_CreateObject();
  cJSON_AddNumberToObject(e, "seq", static_cast<double>(event.seq));
  cJSON_AddStringToObject(e, "kind", event.kind.c_str());
  cJSON_AddStringToObject(e, "path", event.path.c_str());
  add_time(e, "receivedAt", event.received_at_us);
  cJSON_AddStringToObject(e, "sessionId", event.session_id.c_str());
  if (event.order_id) {
    cJSON_AddNumberToObject(e, "orderId", static_cast<double>(*event.order_id));
  } else {
    cJSON_AddNullToObject(e, "orderId");
  }
  cJSON_AddStringToObject(e, "status", event.status.c_str());
  cJSON_AddStringToObject(e, "zoneId", event.zone_id.c_str());
  cJSON_AddNumberToObject(e, "redeliveries", event.redeliveries);
  // Bodies and answers are kept as the exact text received and sent.
  cJSON_AddStringToObject(e, "body", event.body.c_str());
  cJSON_AddStringToObject(e, "answer", event.answer.c_str());
  return e;
}

void get_order(ReadContext& context, http::Request& request, std::shared_ptr<http::Reply> reply) {
  const auto order_id = parse_count(request.params["orderId"].c_str());
  if (!order_id) {
    reply->send(http::json_error(400, "invalid_order_id", "the order id must be a non-negative integer"));
    return;
  }
  const int decimals = context.decimals;
  context.reader.post([id = *order_id, decimals, reply](storage::ReadQueries& queries) {
    auto order = queries.order_summary(id);
    if (!order.is_ok()) {
      if (order.status().kind() == Status::Kind::kNotFound) {
        reply->send(http::json_error(404, "order_not_found", "no order " + std::to_string(id)));
      } else {
        reply->send(http::answer_for_status(order.status()));
      }
      return;
    }
    JsonPtr body(order_json(*order, decimals));
    reply->send(http::json_answer(200, json_print(body.get())));
  });
}

void get_orders(ReadContext& context, http::Request& request, std::shared_ptr<http::Reply> reply) {
  const char* limit_text = request.query("limit");
  const auto limit = limit_text ? parse_count(limit_text) : std::optional<std::int64_t>(20);
  if (!limit || *limit < 1 || *limit > kMaxEventLimit) {
    reply->send(http::json_error(400, "invalid_query", "'limit' must be an integer from 1 to 1000"));
    return;
  }
  const int decimals = context.decimals;
  context.reader.post([limit = static_cast<int>(*limit), decimals, reply](storage::ReadQueries& queries) {
    auto orders = queries.recent_orders(limit);
    if (!orders.is_ok()) {
      reply->send(http::answer_for_status(orders.status()));
      return;
    }
    JsonPtr root(cJSON_CreateObject());
    cJSON* list = cJSON_AddArrayToObject(root.get(), "orders");
    for (const auto& order : *orders) cJSON_AddItemToArray(list, order_json(order, decimals));
    reply->send(http::json_answer(200, json_print(root.get())));
  });
}

void get_events(ReadContext& context, http::Request& request, std::shared_ptr<http::Reply> reply) {
  const char* after_text = request.query("after");
  const char* limit_text = request.query("limit");
  const auto after = after_text ? parse_count(after_text) : std::optional<std::int64_t>(0);
  const auto limit = limit_text ? parse_count(limit_text) : std::optional<std::int64_t>(kDefaultEventLimit);
  if (!after) {
    reply->send(http::json_error(400, "invalid_query", "'after' must be a non-negative integer"));
    return;
  }
  if (!limit || *limit < 1 || *limit > kMaxEventLimit) {
    reply->send(http::json_error(400, "invalid_query", "'limit' must be an integer from 1 to 1000"));
    return;
  }
  context.reader.post([after = *after, limit = static_cast<int>(*limit), reply](
                          storage::ReadQueries& queries) {
    auto events = queries.events_after(after, limit);
    if (!events.is_ok()) {
      reply->send(http::answer_for_status(events.status()));
      return;
    }
    JsonPtr root(cJSON_CreateObject());
    cJSON* list = cJSON_AddArrayToObject(root.get(), "events");
    std::int64_t last = after;
    for (const auto& event : *events) {
      cJSON_AddItemToArray(list, event_json(event));
      last = event.seq;
    }
    cJSON_AddNumberToObject(root.get(), "nextAfter", static_cast<double>(last));
    reply->send(http::json_answer(200, json_print(root.get())));
  });
}

}  // namespace

void add_read_routes(http::Router& router, ReadContext& context) {
  router.add(http::Route{"GET", "/api/orders/{orderId}", http::Access::kStaff, false,
                         [&context](http::Request& r, std::shared_ptr<http::Reply> reply) {
                           get_order(context, r, std::move(reply));
                         }});
  router.add(http::Route{"GET", "/api/orders", http::Access::kStaff, false,
                         [&context](http::Request& r, std::shared_ptr<http::Reply> reply) {
                           get_orders(context, r, std::move(reply));
                         }});
  router.add(http::Route{"GET", "/api/events", http::Access::kStaff, false,
                         [&context](http::Request& r, std::shared_ptr<http::Reply> reply) {
                           get_events(context, r, std::move(reply));
                         }});
}

}  // namespace lanecast::app
