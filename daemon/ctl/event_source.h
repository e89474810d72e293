// Where replay and export read stored events from: the database file, or another daemon's
// GET /api/events. Both hand out pages in sequence order.
//
// Thread: one thread per source.
#pragma once

#include <cjson/cJSON.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/ctl/daemon_client.h"
#include "storage/reader.h"

namespace lanecast::ctl {

class EventSource {
 public:
  virtual ~EventSource() = default;
  // Events with seq > after, ascending, at most `limit` (1..1000); empty at the end.
  virtual Result<std::vector<storage::StoredEvent>> page(std::int64_t after, int limit) = 0;
  // How many events there are in all, for a progress bar; 0 when unknown.
  virtual std::int64_t total_estimate() = 0;
  virtual std::string describe() const = 0;
};

// Reads the file read-only (the daemon may keep writing to it).
Result<std::unique_ptr<EventSource>> database_source(const std::string& path);
// Pages through another daemon's /api/events (a staff token off loopback).
std::unique_ptr<EventSource> http_source(const Url& url, std::chrono::milliseconds timeout,
                                         std::string staff_token);

// One event of a /api/events answer; invalid_input when a field is missing or mistyped.
Result<storage::StoredEvent> event_from_api_json(const cJSON* json);

}  // namespace lanecast::ctl
