#include "daemon/forward/message.h"

#include "daemon/core/json.h"
#include "daemon/core/timestamp.h"

namespace lanecast::forward {
namespace {

// The first and last non-whitespace bytes: a JSON object or array has brackets that match.
bool looks_like_json_container(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_json_whitespace(text[begin])) ++begin;
  while (end > begin && is_json_whitespace(text[end - 1])) --end;
  if (end - begin < 2) return false;
  return (text[begin] == '{' && text[end - 1] == '}') ||
         (text[begin] == '[' && text[end - 1] == ']');
}

void add_verbatim(cJSON* object, const char* name, const std::string& text) {
  if (text.empty()) {
    cJSON_AddNullToObject(object, name);
  } else if (looks_like_json_container(text)) {
    cJSON_AddRawToObject(object, name, text.c_str());
  } else {
    cJSON_AddStringToObject(object, name, text.c_str());
  }
}

void add_text_or_null(cJSON* object, const char* name, const std::string& text) {
  if (text.empty()) {
    cJSON_AddNullToObject(object, name);
  } else {
    cJSON_AddStringToObject(object, name, text.c_str());
  }
}

// The attributes every message shares; returns the envelope with an empty data object.
JsonPtr envelope(const MessageContext& context, std::int64_t sequence, const std::string& type,
                 std::int64_t time_us, cJSON** data) {
  JsonPtr root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "specversion", "1.0");
  const std::string id = context.store_id + "-" + std::to_string(sequence);
  cJSON_AddStringToObject(root.get(), "id", id.c_str());
  const std::string source = "urn:lanecast:store:" + context.store_id;
  cJSON_AddStringToObject(root.get(), "source", source.c_str());
  cJSON_AddStringToObject(root.get(), "type", type.c_str());
  cJSON_AddStringToObject(root.get(), "time", format_timestamp(time_us).c_str());
  cJSON_AddStringToObject(root.get(), "datacontenttype", "application/json");
  cJSON_AddNumberToObject(root.get(), "sequence", static_cast<double>(sequence));
  *data = cJSON_AddObjectToObject(root.get(), "data");
  return root;
}

}  // namespace

std::string event_topic(const MessageContext& context, std::string_view kind) {
  std::string topic = context.topic_prefix;
  topic += '/';
  topic += context.store_id;
  topic += '/';
  topic += kind;
  return topic;
}

std::string status_topic(const MessageContext& context) { return event_topic(context, "status"); }

std::string event_message(const MessageContext& context, const storage::StoredEvent& event) {
  cJSON* data = nullptr;
  JsonPtr root = envelope(context, event.seq, "lanecast." + event.kind, event.received_at_us,
                          &data);
  cJSON_AddNumberToObject(data, "seq", static_cast<double>(event.seq));
  cJSON_AddStringToObject(data, "kind", event.kind.c_str());
  if (event.order_id) {
    cJSON_AddNumberToObject(data, "orderId", static_cast<double>(*event.order_id));
  } else {
    cJSON_AddNullToObject(data, "orderId");
  }
  add_text_or_null(data, "sessionId", event.session_id);
  add_text_or_null(data, "status", event.status);
  add_text_or_null(data, "zoneId", event.zone_id);
  add_verbatim(data, "body", event.body);
  cJSON* answer = cJSON_AddObjectToObject(data, "answer");
  cJSON_AddNumberToObject(answer, "httpStatus", event.answer_http_status);
  add_verbatim(answer, "body", event.answer);
  return json_print(root.get());
}

std::string gap_message(const MessageContext& context, const storage::Gap& gap,
                        std::int64_t time_us) {
  cJSON* data = nullptr;
  JsonPtr root = envelope(context, gap.last_seq, "lanecast.gap", time_us, &data);
  cJSON_AddNumberToObject(data, "firstSeq", static_cast<double>(gap.first_seq));
  cJSON_AddNumberToObject(data, "lastSeq", static_cast<double>(gap.last_seq));
  return json_print(root.get());
}

std::string online_message(std::int64_t acked_seq, std::int64_t now_us) {
  JsonPtr root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "state", "online");
  cJSON_AddNumberToObject(root.get(), "acknowledgedSequence", static_cast<double>(acked_seq));
  cJSON_AddStringToObject(root.get(), "time", format_timestamp(now_us).c_str());
  cJSON_AddStringToObject(root.get(), "version", LANECAST_VERSION);
  return json_print(root.get());
}

std::string offline_message() { return R"({"state":"offline"})"; }

}  // namespace lanecast::forward
