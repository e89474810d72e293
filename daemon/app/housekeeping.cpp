#include "daemon/app/housekeeping.h"

#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

constexpr std::int64_t kPruneEveryUs = 60'000'000;
constexpr std::int64_t kDiskCheckEveryUs = 30'000'000;
// The forwarder measures its backlog every 2 s; the disk is measured every 30 s.
constexpr std::int64_t kBacklogCheckEveryUs = 5'000'000;

storage::RetentionOptions retention_options(const config::Config& config) {
  storage::RetentionOptions options;
  options.path = config.storage_path;
  options.max_age_us = std::int64_t{config.retention_max_age_days} * storage::kMicrosPerDay;
  options.busy_timeout_ms = config.storage_busy_timeout_ms;
  return options;
}

}  // namespace

Housekeeping::Housekeeping(const config::Config& config, HousekeepingGauges& gauges,
                           ScreenFeed& screens,
                           const std::optional<http::CertificateInfo>& certificate,
                           const forward::ForwardStats& forward)
    : retention_(retention_options(config)),
      database_path_(config.storage_path),
      min_free_bytes_(config.retention_min_free_bytes),
      gauges_(gauges),
      screens_(screens),
      forward_(forward) {
  if (!certificate) return;
  auto raise = [&screens](const std::string& text, std::int64_t now_us) {
    screens.post([text, now_us](display::LaneHub& hub) {
      hub.raise_alert(display::AlertKind::kCertificateExpiring, text, now_us);
    });
  };
  certificate_.emplace(*certificate, raise, gauges.certificate_not_after);
  certificate_->announce(now_micros());
}

void Housekeeping::tick(std::int64_t now_us) {
  if (now_us >= next_prune_us_) prune(now_us);
  if (now_us >= next_disk_check_us_) watch_disk(now_us);
  if (now_us >= next_backlog_check_us_) watch_forward_backlog(now_us);
  if (certificate_) certificate_->tick(now_us);
}

void Housekeeping::prune(std::int64_t now_us) {
  auto report = retention_.run_once(now_us);
  if (!report.is_ok()) {
    gauges_.retention_failures++;
    LOG_WARNING("retention: %s", report.status().to_string().c_str());
    next_prune_us_ = now_us + kPruneEveryUs;
    return;
  }
  gauges_.events_pruned += report->events_deleted;
  gauges_.bodies_dropped += report->bodies_dropped;
  if (report->changed_anything())
    LOG_INFO("retention: %lld old webhook(s) removed, %lld kept for their orders without body",
             static_cast<long long>(report->events_deleted),
             static_cast<long long>(report->bodies_dropped));
  // Unfinished work continues on the next tick; otherwise wait a while.
  next_prune_us_ = report->finished ? now_us + kPruneEveryUs : now_us;
}

void Housekeeping::watch_disk(std::int64_t now_us) {
  next_disk_check_us_ = now_us + kDiskCheckEveryUs;
  auto free_bytes = storage::free_disk_bytes(database_path_);
  if (!free_bytes.is_ok()) return;
  gauges_.free_disk_bytes = *free_bytes;
  const bool low = *free_bytes < min_free_bytes_;
  if (low && !disk_low_) {
    LOG_WARNING("only %lld bytes free beside the database (watermark %lld)",
                static_cast<long long>(*free_bytes), static_cast<long long>(min_free_bytes_));
    std::string text = "only " + std::to_string(*free_bytes / (1024 * 1024)) +
                       " MiB free on the database's disk";
    screens_.post([text = std::move(text), now_us](display::LaneHub& hub) {
      hub.raise_alert(display::AlertKind::kDiskLow, text, now_us);
    });
  }
  disk_low_ = low;
}

// Retention cannot free what the broker has not acknowledged, so an unforwarded backlog grows
// into the disk. The staff hear about it once the backlog is larger than the room left above
// the free-disk watermark: at this pace the disk reaches the watermark before long.
void Housekeeping::watch_forward_backlog(std::int64_t now_us) {
  next_backlog_check_us_ = now_us + kBacklogCheckEveryUs;
  const std::int64_t free_bytes = gauges_.free_disk_bytes.load();
  if (!forward_.enabled.load() || free_bytes < 0) return;
  const std::int64_t backlog = forward_.backlog_bytes.load();
  const bool near = backlog > 0 && free_bytes - min_free_bytes_ < backlog;
  if (near && !backlog_alerted_) {
    LOG_WARNING("forward: backlog of %lld event(s), %lld bytes, nears the free-disk watermark",
                static_cast<long long>(forward_.backlog_events.load()),
                static_cast<long long>(backlog));
    std::string text = "MQTT backlog of " + std::to_string(forward_.backlog_events.load()) +
                       " events (" + std::to_string(backlog / (1024 * 1024)) +
                       " MiB) nears the disk watermark: the broker is not acknowledging";
    screens_.post([text = std::move(text), now_us](display::LaneHub& hub) {
      hub.raise_alert(display::AlertKind::kForwardBacklog, text, now_us);
    });
  }
  backlog_alerted_ = near;
}

}  // namespace lanecast::app
