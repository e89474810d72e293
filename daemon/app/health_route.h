// GET /healthz: ok or degraded, version, uptime, database state, per-kind webhook counts.
// Answers from in-memory counters and two stat(2) calls for the database's size, so it
// stays fast when the disk is not.
//
// Thread: the handler runs on the libmicrohttpd thread; everything it reads is thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "daemon/app/stream_registry.h"
#include "daemon/app/webhook_stats.h"
#include "daemon/forward/forward_stats.h"
#include "daemon/http/router.h"
#include "storage/writer.h"

namespace lanecast::app {

struct HealthContext {
  const storage::Writer& writer;
  const WebhookStats& stats;
  const StreamRegistry& streams;
  std::int64_t started_at_us = 0;
  std::string database_path;
  std::function<std::size_t()> open_connections;  // from the server, set once it runs
  // With an HTTPS listener: its description and the certificate's notAfter (Unix seconds).
  std::string https_listener;
  const std::atomic<std::int64_t>* certificate_not_after = nullptr;
  // The MQTT forwarder's state; its trouble never makes the daemon "degraded": webhooks are
  // still answered and kept, and a backlog drains once the broker is back.
  const forward::ForwardStats* forward = nullptr;
};

// The health document, also used by the staff page and lanecastctl.
std::string health_json(const HealthContext& context, std::int64_t now_us, bool* degraded);

void add_health_route(http::Router& router, HealthContext& context);

}  // namespace lanecast::app
