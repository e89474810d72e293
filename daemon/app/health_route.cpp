#include "daemon/app/health_route.h"

#include <sys/stat.h>

#include "daemon/core/json.h"
#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

using webhooks::WebhookKind;

void add_kind(cJSON* webhooks, WebhookKind kind, const WebhookStats& stats) {
  const auto counts = stats.counts(kind);
  cJSON* k = cJSON_AddObjectToObject(webhooks, webhooks::kind_name(kind));
  cJSON_AddNumberToObject(k, "accepted", static_cast<double>(counts.accepted));
  cJSON_AddNumberToObject(k, "duplicates", static_cast<double>(counts.duplicates));
  cJSON_AddNumberToObject(k, "rejected", static_cast<double>(counts.rejected));
  cJSON_AddNumberToObject(k, "failed", static_cast<double>(counts.failed));
  if (counts.last_at_us > 0) {
    cJSON_AddStringToObject(k, "lastAt", format_timestamp(counts.last_at_us).c_str());
  } else {
    cJSON_AddNullToObject(k, "lastAt");
  }
}

// The database file and its write-ahead log, as the disk holds them.
std::int64_t database_bytes(const std::string& path) {
  std::int64_t total = 0;
  for (const std::string& file : {path, path + "-wal"}) {
    struct stat info {};
    if (::stat(file.c_str(), &info) == 0) total += info.st_size;
  }
  return total;
}

// Days left may be negative: an expired certificate is what this is here to show.
void add_https(cJSON* root, const HealthContext& context, std::int64_t now_us) {
  const std::int64_t not_after = context.certificate_not_after->load();
  cJSON* https = cJSON_AddObjectToObject(root, "https");
  cJSON_AddStringToObject(https, "listener", context.https_listener.c_str());
  cJSON_AddStringToObject(https, "certificateNotAfter",
                          format_timestamp(not_after * 1'000'000).c_str());
  const std::int64_t seconds_left = not_after - now_us / 1'000'000;
  cJSON_AddNumberToObject(https, "certificateDaysLeft",
                          static_cast<double>(seconds_left / 86'400));
}

// "forward": {"state": "off" | "connected" | "disconnected", cursor, backlog, ...}.
void add_forward(cJSON* root, const forward::ForwardStats* f, std::int64_t now_us) {
  cJSON* forward = cJSON_AddObjectToObject(root, "forward");
  if (f == nullptr || !f->enabled.load()) {
    cJSON_AddStringToObject(forward, "state", "off");
    return;
  }
  cJSON_AddStringToObject(forward, "state", f->connected.load() ? "connected" : "disconnected");
  if (f->connected.load())
    cJSON_AddStringToObject(forward, "protocol", f->protocol.load() == 5 ? "MQTT 5" : "MQTT 3.1.1");
  const std::string error = f->last_error();
  if (!error.empty()) cJSON_AddStringToObject(forward, "lastError", error.c_str());
  cJSON_AddNumberToObject(forward, "acknowledgedSequence", static_cast<double>(f->acked_seq.load()));
  cJSON_AddNumberToObject(forward, "inFlight", static_cast<double>(f->in_flight.load()));
  cJSON_AddNumberToObject(forward, "backlogEvents", static_cast<double>(f->backlog_events.load()));
  cJSON_AddNumberToObject(forward, "backlogBytes", static_cast<double>(f->backlog_bytes.load()));
  const std::int64_t oldest = f->oldest_unacked_us.load();
  cJSON_AddNumberToObject(forward, "oldestUnacknowledgedSeconds",
                          oldest > 0 && now_us > oldest ? static_cast<double>((now_us - oldest) / 1'000'000) : 0.0);
  cJSON_AddNumberToObject(forward, "published", static_cast<double>(f->published.load()));
  cJSON_AddNumberToObject(forward, "acknowledged", static_cast<double>(f->acknowledged.load()));
  cJSON_AddNumberToObject(forward, "rejected", static_cast<double>(f->rejected.load()));
  cJSON_AddNumberToObject(forward, "deadLetters", static_cast<double>(f->dead_letters.load()));
  cJSON_AddNumberToObject(forward, "reconnects", static_cast<double>(f->reconnects.load()));
}

}  // namespace

std::string health_json(const HealthContext& context, std::int64_t now_us, bool* degraded) {
  const storage::WriterStats writer = context.writer.stats();
  const bool database_ok = writer.last_error.empty();
  if (degraded != nullptr) *degraded = !database_ok;
  JsonPtr root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "status", database_ok ? "ok" : "degraded");
  cJSON_AddStringToObject(root.get(), "version", LANECAST_VERSION);
  cJSON_AddNumberToObject(root.get(), "uptimeSeconds",
                          static_cast<double>((now_us - context.started_at_us) / 1'000'000));
  cJSON* database = cJSON_AddObjectToObject(root.get(), "database");
  cJSON_AddStringToObject(database, "state", database_ok ? "ok" : "failing");
  cJSON_AddStringToObject(database, "path", context.database_path.c_str());
  if (!database_ok) cJSON_AddStringToObject(database, "lastError", writer.last_error.c_str());
  cJSON_AddNumberToObject(database, "sizeBytes",
                          static_cast<double>(database_bytes(context.database_path)));
  cJSON_AddNumberToObject(database, "queueDepth", static_cast<double>(writer.queue_depth));
  cJSON_AddNumberToObject(database, "batches", static_cast<double>(writer.batches));
  cJSON_AddNumberToObject(database, "records", static_cast<double>(writer.records));
  cJSON_AddNumberToObject(database, "failedBatches", static_cast<double>(writer.failures));
  if (context.open_connections) {
    cJSON* http = cJSON_AddObjectToObject(root.get(), "http");
    cJSON_AddNumberToObject(http, "openConnections",
                            static_cast<double>(context.open_connections()));
  }
  if (context.certificate_not_after != nullptr) add_https(root.get(), context, now_us);
  cJSON* screens = cJSON_AddObjectToObject(root.get(), "screens");
  cJSON_AddNumberToObject(screens, "connectedStreams", static_cast<double>(context.streams.size()));
  cJSON* mutator = cJSON_AddObjectToObject(root.get(), "cartMutator");
  cJSON_AddNumberToObject(mutator, "fallbacks", static_cast<double>(context.stats.mutator_fallbacks()));
  cJSON_AddNumberToObject(mutator, "skippedByAifi", static_cast<double>(context.stats.mutation_skips()));
  add_forward(root.get(), context.forward, now_us);
  cJSON* webhooks = cJSON_AddObjectToObject(root.get(), "webhooks");
  for (WebhookKind kind : {WebhookKind::kCheckout, WebhookKind::kCartMutator,
                           WebhookKind::kZoneEntered, WebhookKind::kZoneLeft})
    add_kind(webhooks, kind, context.stats);
  return json_print(root.get());
}

void add_health_route(http::Router& router, HealthContext& context) {
  router.add(http::Route{"GET", "/healthz", http::Access::kPublic, false,
                         [&context](http::Request&, std::shared_ptr<http::Reply> reply) {
                           bool degraded = false;
                           std::string body = health_json(context, now_micros(), &degraded);
                           // A load balancer or systemd check reads the code, people the body.
                           reply->send(http::json_answer(degraded ? 503 : 200, std::move(body)));
                         }});
}

}  // namespace lanecast::app
