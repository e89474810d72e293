#include "daemon/app/webhook_stats.h"

namespace lanecast::app {

void WebhookStats::record(webhooks::WebhookKind kind, unsigned int http_status, bool duplicate,
                          std::int64_t now_us, std::int64_t latency_us) {
  Slot& slot = slots_[static_cast<std::size_t>(kind)];
  if (http_status >= 500) {
    slot.failed++;
  } else if (http_status >= 400) {
    slot.rejected++;
  } else {
    (duplicate ? slot.duplicates : slot.accepted)++;
    slot.last_at_us.store(now_us, std::memory_order_relaxed);
  }
  std::size_t status_slot = kOtherStatus;
  for (std::size_t i = 0; i < kStatuses.size(); ++i)
    if (kStatuses[i] == http_status) status_slot = i;
  slot.statuses[status_slot]++;
  if (latency_us < 0) return;
  std::size_t bucket = kLatencyBoundsUs.size();
  for (std::size_t i = 0; i < kLatencyBoundsUs.size(); ++i) {
    if (latency_us <= kLatencyBoundsUs[i]) {
      bucket = i;
      break;
    }
  }
  slot.latency[bucket]++;
  slot.latency_count++;
  slot.latency_sum_us += latency_us;
}

WebhookStats::KindCounts WebhookStats::counts(webhooks::WebhookKind kind) const {
  const Slot& slot = slots_[static_cast<std::size_t>(kind)];
  return {slot.accepted.load(), slot.duplicates.load(), slot.rejected.load(), slot.failed.load(),
          slot.last_at_us.load()};
}

std::uint64_t WebhookStats::by_status(webhooks::WebhookKind kind, std::size_t status_slot) const {
  return slots_[static_cast<std::size_t>(kind)].statuses[status_slot].load();
}

WebhookStats::Latency WebhookStats::latency(webhooks::WebhookKind kind) const {
  const Slot& slot = slots_[static_cast<std::size_t>(kind)];
  Latency out;
  for (std::size_t i = 0; i < out.buckets.size(); ++i) out.buckets[i] = slot.latency[i].load();
  out.count = slot.latency_count.load();
  out.sum_us = slot.latency_sum_us.load();
  return out;
}

}  // namespace lanecast::app
