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

namespace {

// Substrings rather than a fixed list: AiFi adds flags without notice, and any flag about
// alcohol, restricted or age-checked products needs a member of staff at the exit.
bool needs_staff(const std::vector<std::string>& flags) {
  for (const std::string& flag : flags) {
    const std::string_view f = flag;
    if (f.find("ALCOHOL") != f.npos || f.find("RESTRICTED") != f.npos || f.find("AGE") != f.npos)
      return true;
  }
  return false;
}

}  // namespace

bool ZoneEvent::attention_needed() const {
  return special_attention || needs_staff(shopper_flags) || needs_staff(session_flags);
}

std::string ZoneEvent::dedupe_key() const {
  // timeOfOrigin is a validated timestamp and holds no '|': what follows it cannot be
  // mistaken for part of an earlier field.
  std::string key = "zone|" + envelope.session_id + "|" + zone_id + "|" +
                    (entered ? "entered" : "left") + "|" + envelope.time_of_origin_text;
  if (!shopper_id.empty()) key += "|shopper:" + shopper_id;
  if (attention_needed()) key += "|attention";
  return key;
}

}  // namespace lanecast::webhooks
