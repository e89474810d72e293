#include "daemon/webhooks/events.h"

#include <CppUTest/TestHarness.h>

using lanecast::webhooks::OrderStatus;
using lanecast::webhooks::WebhookKind;
using lanecast::webhooks::ZoneEvent;

TEST_GROUP(AWebhookKind){};

TEST(AWebhookKind, HasTheNameStorageAndLogsUse) {
  STRCMP_EQUAL("checkout", kind_name(WebhookKind::kCheckout));
  STRCMP_EQUAL("cart_mutator", kind_name(WebhookKind::kCartMutator));
  STRCMP_EQUAL("zone_entered", kind_name(WebhookKind::kZoneEntered));
  STRCMP_EQUAL("zone_left", kind_name(WebhookKind::kZoneLeft));
}

TEST_GROUP(AnOrderStatus){};

TEST(AnOrderStatus, IsNamedAsOnTheWire) {
  STRCMP_EQUAL("draft", status_name(OrderStatus::kDraft));
  STRCMP_EQUAL("completed", status_name(OrderStatus::kCompleted));
  STRCMP_EQUAL("reviewed", status_name(OrderStatus::kReviewed));
}

TEST(AnOrderStatus, RanksDraftBelowCompletedBelowReviewed) {
  LONGS_EQUAL(0, status_rank(OrderStatus::kDraft));
  LONGS_EQUAL(1, status_rank(OrderStatus::kCompleted));
  LONGS_EQUAL(2, status_rank(OrderStatus::kReviewed));
}

namespace {
ZoneEvent zone_with_flags(std::vector<std::string> flags, bool special) {
  ZoneEvent event;
  event.shopper_flags = std::move(flags);
  event.special_attention = special;
  return event;
}
}  // namespace

TEST_GROUP(AZoneEvent){};

TEST(AZoneEvent, NeedsAttentionWhenAiFiSaysSpecialAttention) {
  CHECK_TRUE(zone_with_flags({}, true).attention_needed());
}

TEST(AZoneEvent, NeedsAttentionForAlcoholRestrictedOrAgeFlags) {
  const char* const flags[] = {"POTENTIALLY_INTERACTED_WITH_ALCOHOL", "RESTRICTED_PRODUCT",
                               "AGE_VERIFICATION_REQUIRED", "ALCOHOL"};
  for (const char* flag : flags) CHECK_TRUE_TEXT(zone_with_flags({"OTHER", flag}, false).attention_needed(), flag);
}

TEST(AZoneEvent, NeedsNoAttentionWithoutSuchAFlag) {
  CHECK_FALSE(zone_with_flags({}, false).attention_needed());
  CHECK_FALSE(zone_with_flags({"FREQUENT_SHOPPER", "LOYALTY_MEMBER"}, false).attention_needed());
}
