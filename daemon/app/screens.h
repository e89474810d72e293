// The screens as one part of the daemon: the lane hub, the event streams that feed the pages,
// the page settings, and the pole display when one is configured.
//
// Thread: built and ticked on the main thread; the hub and registry are thread-safe, the pole
// display runs its own thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/app/lane_stream_snapshots.h"
#include "daemon/app/stream_registry.h"
#include "daemon/config/config.h"
#include "daemon/core/status.h"
#include "display/lane_hub.h"
#include "display/pole_display.h"
#include "display/pole_follower.h"

namespace lanecast::app {

class Screens {
 public:
  // Fails on an unreadable logo file, an unknown store.time_zone or a bad pole setting (the
  // daemon does not start).
  static Result<std::unique_ptr<Screens>> start(const config::Config& config, std::int64_t now_us);
  ~Screens();

  display::LaneHub& hub() { return hub_; }
  StreamRegistry& streams() { return streams_; }
  LaneStreamSnapshots& snapshots() { return snapshots_; }
  const std::string& page_config_json() const { return page_config_json_; }
  const std::string& logo() const { return logo_; }
  const std::string& logo_type() const { return logo_type_; }

  // The pole display's state; nullopt when none is configured.
  std::optional<display::PoleStats> pole_stats() const {
    if (!pole_) return std::nullopt;
    return pole_->stats();
  }

  // About once a second: lane timers and stream heartbeats.
  void tick(std::int64_t now_us);
  // Before the HTTP server stops: every stream ends, so no connection stays suspended.
  void close_streams() { streams_.close_all(); }

 private:
  explicit Screens(const config::Config& config, std::int64_t now_us);
  Status start_pole(const config::Config& config);

  display::LaneHub hub_;
  StreamRegistry streams_;
  LaneStreamSnapshots snapshots_;
  std::string page_config_json_;
  std::string logo_;
  std::string logo_type_;
  std::int64_t heartbeat_us_;
  std::int64_t last_heartbeat_us_ = 0;
  std::unique_ptr<display::PoleDisplay> pole_;
  std::unique_ptr<display::PoleFollower> pole_follower_;  // after pole_: destroyed first
};

// The page settings document (GET /api/display/config): the store's look, its locales with
// the catalogs each one reads (catalog.h), its time zone and its currency.
std::string page_config_json(const config::Config& config, bool has_logo);

// ok, or invalid_input when store.time_zone names no zone in the system's zone files (the
// pages' Intl.DateTimeFormat would throw). Screens::start checks it too.
Status check_store_time_zone(const config::Config& config);

// Which catalogs the screens' locales get, one sentence each, for --check-config and the
// start-up log ("display.locale pt-BR: no catalog for pt-BR or pt; English (en) is used").
std::vector<std::string> screens_notices(const config::Config& config);

}  // namespace lanecast::app
