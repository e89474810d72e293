// The daemon's slow chores, run from the main loop: retention of old raw webhooks, the
// free-disk watermark, the MQTT forwarding backlog against that watermark, and the HTTPS
// certificate's expiry.
//
// Thread: main thread. A retention run blocks the main loop for at most its budget (200 ms),
// well inside the watchdog interval; the storage writer keeps committing meanwhile.
#pragma once

#include <cstdint>
#include <optional>

#include "daemon/app/certificate_watch.h"
#include "daemon/app/metrics_route.h"
#include "daemon/app/screen_feed.h"
#include "daemon/config/config.h"
#include "daemon/forward/forward_stats.h"
#include "storage/retention.h"

namespace lanecast::app {

class Housekeeping {
 public:
  // `certificate`: the HTTPS listener's, when there is one.
  Housekeeping(const config::Config& config, HousekeepingGauges& gauges, ScreenFeed& screens,
               const std::optional<http::CertificateInfo>& certificate,
               const forward::ForwardStats& forward);

  void tick(std::int64_t now_us);

 private:
  void prune(std::int64_t now_us);
  void watch_disk(std::int64_t now_us);
  void watch_forward_backlog(std::int64_t now_us);

  storage::RetentionJob retention_;
  std::string database_path_;
  std::int64_t min_free_bytes_;
  HousekeepingGauges& gauges_;
  ScreenFeed& screens_;
  std::int64_t next_prune_us_ = 0;
  std::int64_t next_disk_check_us_ = 0;
  bool disk_low_ = false;
  const forward::ForwardStats& forward_;
  bool backlog_alerted_ = false;
  std::int64_t next_backlog_check_us_ = 0;
  std::optional<CertificateWatch> certificate_;
};

}  // namespace lanecast::app
