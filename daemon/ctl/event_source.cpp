#include "daemon/ctl/event_source.h"

#include "daemon/core/json.h"
#include "daemon/core/timestamp.h"

namespace lanecast::ctl {
namespace {

class DatabaseSource : public EventSource {
 public:
  explicit DatabaseSource(std::string path) : path_(std::move(path)), queries_(path_) {}
  Status open() { return queries_.ping(); }
  Result<std::vector<storage::StoredEvent>> page(std::int64_t after, int limit) override {
    return queries_.events_after(after, limit);
  }
  std::int64_t total_estimate() override {
    auto count = queries_.event_count();
    return count.is_ok() ? *count : 0;
  }
  std::string describe() const override { return path_; }

 private:
  std::string path_;
  storage::ReadQueries queries_;
};

class HttpSource : public EventSource {
 public:
  HttpSource(const Url& url, std::chrono::milliseconds timeout, std::string staff_token)
      : client_(url, timeout), staff_token_(std::move(staff_token)) {}
  Result<std::vector<storage::StoredEvent>> page(std::int64_t after, int limit) override;
  std::int64_t total_estimate() override { return 0; }
  std::string describe() const override { return client_.base().to_string(); }

 private:
  HttpClient client_;
  std::string staff_token_;
};

Result<std::vector<storage::StoredEvent>> HttpSource::page(std::int64_t after, int limit) {
  const std::string path = "/api/events?after=" + std::to_string(after) + "&limit=" + std::to_string(limit);
  auto response = client_.get(path, staff_token_);
  if (!response.is_ok()) return response.status();
  if (response->status != 200) return Status::io_error(describe() + path + " answered " + describe_response(*response));
  JsonPtr root = json_parse(response->body);
  const cJSON* list = cJSON_GetObjectItemCaseSensitive(root.get(), "events");
  if (!cJSON_IsArray(list)) return Status::io_error(describe() + path + " answered without an events list");
  std::vector<storage::StoredEvent> events;
  const cJSON* item = nullptr;
  cJSON_ArrayForEach(item, list) {
    auto event = event_from_api_json(item);
    if (!event.is_ok()) return Status::io_error(describe() + path + ": " + event.status().message());
    events.push_back(std::move(event).value());
  }
  return events;
}

const char* string_field(const cJSON* json, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(json, name);
  return cJSON_IsString(item) ? item->valuestring : nullptr;
}

}  // namespace

Result<storage::StoredEvent> event_from_api_json(const cJSON* json) {
  const cJSON* seq = cJSON_GetObjectItemCaseSensitive(json, "seq");
  const char* kind = string_field(json, "kind");
  const char* path = string_field(json, "path");
  const char* body = string_field(json, "body");
  const char* answer = string_field(json, "answer");
  if (!cJSON_IsNumber(seq) || kind == nullptr || path == nullptr || body == nullptr || answer == nullptr) {
    return Status::invalid_input("an event without seq, kind, path, body or answer");
  }
  storage::StoredEvent event;
  event.seq = static_cast<std::int64_t>(seq->valuedouble);
  event.kind = kind;
  event.path = path;
  event.body = body;
  event.answer = answer;
  if (const char* status = string_field(json, "status")) event.status = status;
  if (const char* session = string_field(json, "sessionId")) event.session_id = session;
  if (const char* zone = string_field(json, "zoneId")) event.zone_id = zone;
  const cJSON* order = cJSON_GetObjectItemCaseSensitive(json, "orderId");
  if (cJSON_IsNumber(order)) event.order_id = static_cast<std::int64_t>(order->valuedouble);
  if (const char* received = string_field(json, "receivedAt")) {
    auto at = parse_timestamp(received);
    if (at.is_ok()) event.received_at_us = *at;
  }
  return event;
}

Result<std::unique_ptr<EventSource>> database_source(const std::string& path) {
  auto source = std::make_unique<DatabaseSource>(path);
  Status status = source->open();
  if (!status.is_ok()) return Status::io_error("cannot read the database " + path + ": " + status.message());
  return std::unique_ptr<EventSource>(std::move(source));
}

std::unique_ptr<EventSource> http_source(const Url& url, std::chrono::milliseconds timeout, std::string staff_token) {
  return std::make_unique<HttpSource>(url, timeout, std::move(staff_token));
}

}  // namespace lanecast::ctl
