#include "daemon/ctl/records_json.h"

#include "daemon/core/money.h"
#include "daemon/core/timestamp.h"

namespace lanecast::ctl {
namespace {

void add_text(cJSON* object, const char* name, const std::string& text) {
  cJSON_AddItemToObject(object, name, cJSON_CreateString(text.c_str()));
}

cJSON* revision_json(const storage::OrderRevision& revision, int decimals) {
  cJSON* r = cJSON_CreateObject();
  add_integer(r, "seq", revision.seq);
  add_text(r, "status", revision.status);
  add_time(r, "receivedAt", revision.received_at_us);
  add_money(r, "totalPrice", revision.total_minor, decimals);
  add_money(r, "totalTax", revision.tax_minor, decimals);
  add_money(r, "subtotalPrice", revision.subtotal_minor, decimals);
  add_text(r, "paymentStatus", revision.payment_status);
  cJSON_AddBoolToObject(r, "applied", revision.applied);
  return r;
}

cJSON* mutation_json(const storage::OrderMutation& mutation, int decimals) {
  cJSON* m = cJSON_CreateObject();
  add_integer(m, "seq", mutation.seq);
  add_text(m, "status", mutation.status);
  add_time(m, "receivedAt", mutation.received_at_us);
  add_text(m, "rulesVersion", mutation.rules_version);
  add_integer(m, "durationUs", mutation.duration_us);
  cJSON_AddBoolToObject(m, "fellBack", mutation.fell_back);
  add_text(m, "failure", mutation.failure);
  add_money(m, "totalPrice", mutation.total_minor, decimals);
  add_money(m, "totalTax", mutation.tax_minor, decimals);
  return m;
}

}  // namespace

void add_integer(cJSON* object, const char* name, std::int64_t value) {
  cJSON_AddRawToObject(object, name, std::to_string(value).c_str());
}

void add_optional_integer(cJSON* object, const char* name, const std::optional<std::int64_t>& value) {
  if (value) {
    add_integer(object, name, *value);
  } else {
    cJSON_AddNullToObject(object, name);
  }
}

void add_money(cJSON* object, const char* name, const std::optional<std::int64_t>& minor, int decimals) {
  const std::string minor_name = std::string(name) + "Minor";
  if (minor) {
    add_text(object, name, format_money(*minor, decimals));
    add_integer(object, minor_name.c_str(), *minor);
  } else {
    cJSON_AddNullToObject(object, name);
    cJSON_AddNullToObject(object, minor_name.c_str());
  }
}

void add_time(cJSON* object, const char* name, std::int64_t unix_micros) {
  if (unix_micros == 0) {
    cJSON_AddNullToObject(object, name);
  } else {
    add_text(object, name, format_timestamp(unix_micros));
  }
}

JsonPtr event_json(const storage::StoredEvent& event) {
  JsonPtr e(cJSON_CreateObject());
  add_integer(e.get(), "seq", event.seq);
  add_text(e.get(), "kind", event.kind);
  add_text(e.get(), "path", event.path);
  add_time(e.get(), "receivedAt", event.received_at_us);
  add_text(e.get(), "sessionId", event.session_id);
  add_optional_integer(e.get(), "orderId", event.order_id);
  add_text(e.get(), "status", event.status);
  add_text(e.get(), "zoneId", event.zone_id);
  add_integer(e.get(), "redeliveries", event.redeliveries);
  // The exact text received and answered; "" for a body that retention has dropped.
  add_text(e.get(), "body", event.body);
  add_text(e.get(), "answer", event.answer);
  return e;
}

JsonPtr order_json(const storage::OrderSummary& summary, int decimals) {
  const storage::OrderState& order = summary.order;
  JsonPtr o(cJSON_CreateObject());
  add_integer(o.get(), "orderId", order.order_id);
  add_text(o.get(), "externalId", order.external_ref);
  add_text(o.get(), "sessionId", order.session_id);
  add_text(o.get(), "status", order.status);
  add_money(o.get(), "totalPrice", order.total_minor, decimals);
  add_money(o.get(), "totalTax", order.tax_minor, decimals);
  add_money(o.get(), "subtotalPrice", order.subtotal_minor, decimals);
  add_text(o.get(), "paymentStatus", order.payment_status);
  add_time(o.get(), "firstSeen", order.first_seen_us);
  add_time(o.get(), "updatedAt", order.updated_at_us);
  cJSON* revisions = cJSON_AddArrayToObject(o.get(), "revisions");
  for (const auto& revision : order.revisions) cJSON_AddItemToArray(revisions, revision_json(revision, decimals));
  cJSON* mutations = cJSON_AddArrayToObject(o.get(), "mutations");
  for (const auto& mutation : summary.mutations) cJSON_AddItemToArray(mutations, mutation_json(mutation, decimals));
  return o;
}

JsonPtr session_json(const storage::SessionSummary& session) {
  JsonPtr s(cJSON_CreateObject());
  add_text(s.get(), "sessionId", session.session_id);
  add_time(s.get(), "firstSeen", session.first_seen_us);
  add_time(s.get(), "lastSeen", session.last_seen_us);
  add_text(s.get(), "lastZoneId", session.last_zone_id);
  add_optional_integer(s.get(), "lastOrderId", session.last_order_id);
  add_integer(s.get(), "events", session.event_count);
  return s;
}

std::string pretty_json(const cJSON* json) { return pretty_body(json_print(json)); }

std::string pretty_body(const std::string& body) {
  JsonPtr parsed = json_parse(body);
  if (!parsed) return body + "\n";
  std::string out;
  std::size_t depth = 0;
  bool in_string = false;
  bool line_pending = false;  // after '{', '[' or ',': the next token starts a new line
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < body.size()) out += body[++i];
      in_string = c != '"';
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    const bool closes = c == '}' || c == ']';
    if (closes) --depth;
    const bool empty_container = closes && line_pending;
    if ((line_pending || closes) && !empty_container) out += "\n" + std::string(depth * 2, ' ');
    line_pending = false;
    out += c;
    if (c == '{' || c == '[') ++depth;
    line_pending = c == '{' || c == '[' || c == ',';
    in_string = c == '"';
    if (c == ':') out += ' ';
  }
  return out + "\n";
}

}  // namespace lanecast::ctl
