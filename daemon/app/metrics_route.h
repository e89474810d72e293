// GET /metrics: the daemon's counters in the Prometheus text exposition format (0.0.4).
//
// Thread: the handler runs on the libmicrohttpd thread; every source is thread-safe (atomics,
// the writer's and hub's own locks, two stat(2) calls for file sizes).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "daemon/app/stream_registry.h"
#include "daemon/app/webhook_stats.h"
#include "daemon/forward/forward_stats.h"
#include "daemon/http/router.h"
#include "daemon/http/server.h"
#include "display/lane_hub.h"
#include "display/pole_display.h"
#include "storage/writer.h"

namespace lanecast::app {

// What the main loop's housekeeping learns (retention, free disk), for metrics and health.
struct HousekeepingGauges {
  std::atomic<std::int64_t> events_pruned{0};
  std::atomic<std::int64_t> bodies_dropped{0};
  std::atomic<std::int64_t> free_disk_bytes{-1};  // -1 until first measured
  std::atomic<std::int64_t> retention_failures{0};
  std::atomic<std::int64_t> certificate_not_after{-1};  // Unix seconds; -1 without HTTPS
};

struct MetricsContext {
  const WebhookStats& stats;
  const storage::Writer& writer;
  const StreamRegistry& streams;
  const display::LaneHub& hub;
  const HousekeepingGauges& gauges;
  std::string database_path;
  std::function<const http::ServerCounters*()> server;     // set once the server runs
  std::function<std::optional<display::PoleStats>()> pole;  // nullopt without a pole display
  const forward::ForwardStats* forward = nullptr;            // the MQTT forwarder's
};

std::string metrics_text(const MetricsContext& context);

void add_metrics_route(http::Router& router, MetricsContext& context);

}  // namespace lanecast::app
