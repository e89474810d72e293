#include "daemon/app/metrics_route.h"

#include <sys/stat.h>

#include <cinttypes>
#include <cstdio>

#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

using webhooks::WebhookKind;
constexpr WebhookKind kKinds[] = {WebhookKind::kCheckout, WebhookKind::kCartMutator,
                                  WebhookKind::kZoneEntered, WebhookKind::kZoneLeft};

class Exposition {
 public:
  void family(const char* name, const char* type, const char* help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  void sample(const char* name, const std::string& labels, double value) {
    char number[64];
    std::snprintf(number, sizeof number, "%.17g", value);
    out_ += name;
    if (!labels.empty()) out_ += "{" + labels + "}";
    out_ += ' ';
    out_ += number;
    out_ += '\n';
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::int64_t file_size(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? static_cast<std::int64_t>(info.st_size) : 0;
}

std::string kind_label(WebhookKind kind) { return std::string("kind=\"") + webhooks::kind_name(kind) + "\""; }

void webhook_metrics(Exposition& m, const WebhookStats& stats) {
  m.family("lanecast_webhooks_total", "counter", "Webhooks answered, by kind and HTTP status.");
  for (WebhookKind kind : kKinds) {
    for (std::size_t i = 0; i <= WebhookStats::kOtherStatus; ++i) {
      const std::string status = i < WebhookStats::kStatuses.size()
                                     ? std::to_string(WebhookStats::kStatuses[i]) : "other";
      m.sample("lanecast_webhooks_total", kind_label(kind) + ",status=\"" + status + "\"",
               static_cast<double>(stats.by_status(kind, i)));
    }
  }
  m.family("lanecast_webhook_duplicates_total", "counter",
           "Redeliveries answered from storage, by kind.");
  for (WebhookKind kind : kKinds)
    m.sample("lanecast_webhook_duplicates_total", kind_label(kind),
             static_cast<double>(stats.counts(kind).duplicates));
  m.family("lanecast_webhook_answer_seconds", "histogram",
           "Time from a webhook's first byte to its answer, by kind.");
  for (WebhookKind kind : kKinds) {
    const auto latency = stats.latency(kind);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < latency.buckets.size(); ++i) {
      cumulative += latency.buckets[i];
      char bound[32];
      if (i < WebhookStats::kLatencyBoundsUs.size()) {
        std::snprintf(bound, sizeof bound, "%g", static_cast<double>(WebhookStats::kLatencyBoundsUs[i]) / 1e6);
      } else {
        std::snprintf(bound, sizeof bound, "+Inf");
      }
      m.sample("lanecast_webhook_answer_seconds_bucket", kind_label(kind) + ",le=\"" + bound + "\"",
               static_cast<double>(cumulative));
    }
    m.sample("lanecast_webhook_answer_seconds_sum", kind_label(kind), static_cast<double>(latency.sum_us) / 1e6);
    m.sample("lanecast_webhook_answer_seconds_count", kind_label(kind), static_cast<double>(latency.count));
  }
  m.family("lanecast_cart_mutator_fallbacks_total", "counter",
           "Cart mutations answered unchanged because pricing failed or took too long.");
  m.sample("lanecast_cart_mutator_fallbacks_total", "", static_cast<double>(stats.mutator_fallbacks()));
  m.family("lanecast_cart_mutations_skipped_total", "counter",
           "Completed orders whose total shows AiFi went ahead without lanecast's mutation.");
  m.sample("lanecast_cart_mutations_skipped_total", "", static_cast<double>(stats.mutation_skips()));
}

void http_metrics(Exposition& m, const http::ServerCounters* server) {
  if (server == nullptr) return;
  m.family("lanecast_http_requests_total", "counter", "HTTP requests received.");
  m.sample("lanecast_http_requests_total", "", static_cast<double>(server->requests.load()));
  m.family("lanecast_http_rejected_total", "counter",
           "Requests refused before reaching a handler (routing, auth, size, type), by status.");
  for (std::size_t i = 0; i < server->rejected_by_status.size(); ++i) {
    const auto count = server->rejected_by_status[i].load();
    if (count > 0)
      m.sample("lanecast_http_rejected_total", "status=\"" + std::to_string(400 + i) + "\"",
               static_cast<double>(count));
  }
  m.family("lanecast_http_deadline_closes_total", "counter",
           "Connections closed because a request passed http.request_deadline_s.");
  m.sample("lanecast_http_deadline_closes_total", "", static_cast<double>(server->deadline_kills.load()));
}

void storage_metrics(Exposition& m, const MetricsContext& c) {
  const storage::WriterStats writer = c.writer.stats();
  m.family("lanecast_storage_commits_total", "counter", "Write transactions committed.");
  m.sample("lanecast_storage_commits_total", "", static_cast<double>(writer.batches));
  m.family("lanecast_storage_records_total", "counter", "Webhooks written (new and redelivered).");
  m.sample("lanecast_storage_records_total", "", static_cast<double>(writer.records));
  m.family("lanecast_storage_failed_commits_total", "counter", "Write transactions that failed.");
  m.sample("lanecast_storage_failed_commits_total", "", static_cast<double>(writer.failures));
  m.family("lanecast_storage_checkpoints_total", "counter", "WAL checkpoints completed.");
  m.sample("lanecast_storage_checkpoints_total", "", static_cast<double>(writer.checkpoints));
  m.family("lanecast_storage_writer_checkpoints_total", "counter",
           "WAL checkpoints the writer finished between transactions (sustained load).");
  m.sample("lanecast_storage_writer_checkpoints_total", "",
           static_cast<double>(writer.checkpoints_by_writer));
  m.family("lanecast_storage_wal_pages", "gauge", "Pages in the write-ahead log after the last commit.");
  m.sample("lanecast_storage_wal_pages", "", static_cast<double>(writer.wal_pages));
  m.family("lanecast_storage_queue_depth", "gauge", "Webhooks waiting for the writer.");
  m.sample("lanecast_storage_queue_depth", "", static_cast<double>(writer.queue_depth));
  m.family("lanecast_database_bytes", "gauge", "Size of the database file.");
  m.sample("lanecast_database_bytes", "", static_cast<double>(file_size(c.database_path)));
  m.family("lanecast_wal_bytes", "gauge", "Size of the write-ahead log.");
  m.sample("lanecast_wal_bytes", "", static_cast<double>(file_size(c.database_path + "-wal")));
  m.family("lanecast_retention_events_pruned_total", "counter", "Old webhooks removed by retention.");
  m.sample("lanecast_retention_events_pruned_total", "", static_cast<double>(c.gauges.events_pruned.load()));
  m.family("lanecast_retention_bodies_dropped_total", "counter",
           "Old webhooks kept for their order, raw body dropped by retention.");
  m.sample("lanecast_retention_bodies_dropped_total", "", static_cast<double>(c.gauges.bodies_dropped.load()));
  if (c.gauges.free_disk_bytes.load() >= 0) {
    m.family("lanecast_disk_free_bytes", "gauge", "Free space on the database's file system.");
    m.sample("lanecast_disk_free_bytes", "", static_cast<double>(c.gauges.free_disk_bytes.load()));
  }
  if (c.gauges.certificate_not_after.load() >= 0) {
    m.family("lanecast_tls_certificate_not_after_seconds", "gauge",
             "When the HTTPS certificate expires, in Unix seconds.");
    m.sample("lanecast_tls_certificate_not_after_seconds", "",
             static_cast<double>(c.gauges.certificate_not_after.load()));
  }
}

void screen_metrics(Exposition& m, const MetricsContext& c) {
  m.family("lanecast_display_clients", "gauge", "Screens connected to event streams.");
  m.sample("lanecast_display_clients", "", static_cast<double>(c.streams.size()));
  const display::HubStats hub = c.hub.stats();
  m.family("lanecast_lanes", "gauge", "Lanes known to the screens.");
  m.sample("lanecast_lanes", "", static_cast<double>(hub.lanes));
  m.family("lanecast_alerts_open", "gauge", "Staff alerts not yet acknowledged.");
  m.sample("lanecast_alerts_open", "", static_cast<double>(hub.open_alerts));
  const auto pole = c.pole ? c.pole() : std::nullopt;
  if (!pole) return;
  m.family("lanecast_pole_display_connected", "gauge", "1 while the pole display's port is open.");
  m.sample("lanecast_pole_display_connected", "", pole->connected ? 1 : 0);
  m.family("lanecast_pole_display_bytes_total", "counter", "Bytes written to the pole display.");
  m.sample("lanecast_pole_display_bytes_total", "", static_cast<double>(pole->bytes_written));
  m.family("lanecast_pole_display_errors_total", "counter", "Failed opens and writes of the pole display.");
  m.sample("lanecast_pole_display_errors_total", "", static_cast<double>(pole->open_errors + pole->write_errors));
}

// Only while forwarding is configured: a store without a broker has nothing to watch here.
void forward_metrics(Exposition& m, const forward::ForwardStats* f, std::int64_t now_us) {
  if (f == nullptr || !f->enabled.load()) return;
  struct Row {
    const char* name;
    const char* type;
    const char* help;
    double value;
  };
  const std::int64_t oldest = f->oldest_unacked_us.load();
  const Row rows[] = {
      {"lanecast_forward_connected", "gauge", "1 while connected to the MQTT broker.",
       f->connected.load() ? 1.0 : 0.0},
      {"lanecast_forward_reconnects_total", "counter",
       "Connections to the broker lost, refused or failed.", static_cast<double>(f->reconnects.load())},
      {"lanecast_forward_in_flight", "gauge", "Events handed to the broker, not yet acknowledged.",
       static_cast<double>(f->in_flight.load())},
      {"lanecast_forward_published_total", "counter", "Messages handed to the broker, retries included.",
       static_cast<double>(f->published.load())},
      {"lanecast_forward_acknowledged_total", "counter", "Messages the broker acknowledged.",
       static_cast<double>(f->acknowledged.load())},
      {"lanecast_forward_rejected_total", "counter",
       "Messages the broker refused (PUBACK reason >= 0x80): dead letters.",
       static_cast<double>(f->rejected.load())},
      {"lanecast_forward_dead_letters", "gauge", "Dead letters recorded in the database.",
       static_cast<double>(f->dead_letters.load())},
      {"lanecast_forward_gaps_total", "counter", "Gap messages acknowledged (journal ranges missing).",
       static_cast<double>(f->gaps.load())},
      {"lanecast_forward_cursor_sequence", "gauge", "Every event up to this sequence is forwarded.",
       static_cast<double>(f->acked_seq.load())},
      {"lanecast_forward_backlog_events", "gauge", "Events not yet acknowledged by the broker.",
       static_cast<double>(f->backlog_events.load())},
      {"lanecast_forward_backlog_bytes", "gauge",
       "Bodies and answers of those events, in bytes as stored (compressed).",
       static_cast<double>(f->backlog_bytes.load())},
      {"lanecast_forward_oldest_unacknowledged_seconds", "gauge",
       "Age of the oldest event not yet acknowledged; 0 when none.",
       oldest > 0 && now_us > oldest ? static_cast<double>(now_us - oldest) / 1e6 : 0.0},
  };
  for (const Row& row : rows) {
    m.family(row.name, row.type, row.help);
    m.sample(row.name, "", row.value);
  }
}

}  // namespace

std::string metrics_text(const MetricsContext& context) {
  Exposition m;
  webhook_metrics(m, context.stats);
  http_metrics(m, context.server ? context.server() : nullptr);
  storage_metrics(m, context);
  screen_metrics(m, context);
  forward_metrics(m, context.forward, now_micros());
  return m.take();
}

void add_metrics_route(http::Router& router, MetricsContext& context) {
  router.add(http::Route{"GET", "/metrics", http::Access::kStaff, false,
                         [&context](http::Request&, std::shared_ptr<http::Reply> reply) {
                           http::HttpAnswer answer;
                           answer.content_type = "text/plain; version=0.0.4; charset=utf-8";
                           answer.body = metrics_text(context);
                           reply->send(std::move(answer));
                         }});
}

}  // namespace lanecast::app
