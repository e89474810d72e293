#include "daemon/app/webhook_stats.h"

namespace lanecast::app {

void WebhookStats::record(webhooks::WebhookKind kind, unsigned int http_status, bool duplicate,
                          std::int64_t now_us) {
  Slot& slot = slots_[static_cast<std::size_t>(kind)];
  if (http_status >= 500) {
    slot.failed++;
  } else if (http_status >= 400) {
    slot.rejected++;
  } else {
    (duplicate ? slot.duplicates : slot.accepted)++;
    slot.last_at_us.store(now_us, std::memory_order_relaxed);
  }
}

WebhookStats::KindCounts WebhookStats::counts(webhooks::WebhookKind kind) const {
  const Slot& slot = slots_[static_cast<std::size_t>(kind)];
  return {slot.accepted.load(), slot.duplicates.load(), slot.rejected.load(), slot.failed.load(),
          slot.last_at_us.load()};
}

}  // namespace lanecast::app
