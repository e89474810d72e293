#include "daemon/webhooks/events.h"

#include <string_view>

namespace lanecast::webhooks {

const char* kind_name(WebhookKind kind) {
  switch (kind) {
    case WebhookKind::kCheckout: return "checkout";
    case WebhookKind::kCartMutator: return "cart_mutator";
    case WebhookKind::kZoneEntered: return "zone_entered";
    case WebhookKind::kZoneLeft: return "zone_left";
  }
  return "unknown";
}

const char* status_name(OrderStatus status) {
  switch (status) {
    case OrderStatus::kDraft: return "draft";
    case OrderStatus::kCompleted: return "completed";
    case OrderStatus::kReviewed: return "reviewed";
  }
  return "unknown";
}

int status_rank(OrderStatus status) { return static_cast<int>(status); }

bool ZoneEvent::attention_needed() const {
  if (special_attention) return true;
  // Substrings rather than a fixed list: AiFi adds flags without notice, and any flag about
  // alcohol, restricted or age-checked products needs a member of staff at the exit.
  for (const std::string& flag : shopper_flags) {
    const std::string_view f = flag;
    if (f.find("ALCOHOL") != f.npos || f.find("RESTRICTED") != f.npos || f.find("AGE") != f.npos)
      return true;
  }
  return false;
}

}  // namespace lanecast::webhooks
