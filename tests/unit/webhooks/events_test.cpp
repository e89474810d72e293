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

TEST(AZoneEvent, NeedsAttentionForSuchAFlagOnTheSession) {
  ZoneEvent event;
  event.session_flags = {"POTENTIALLY_INTERACTED_WITH_ALCOHOL"};
  CHECK_TRUE(event.attention_needed());
  event.session_flags = {"FREQUENT_SHOPPER"};
  CHECK_FALSE(event.attention_needed());
}

namespace {

ZoneEvent member_event(const char* shopper, bool flagged, bool entered = true,
                       const char* origin = "2026-11-28T10:14:00.120Z") {
  ZoneEvent event;
  event.envelope.session_id = "sess-g";
  event.envelope.time_of_origin_text = origin;
  event.zone_id = "2";
  event.entered = entered;
  event.shopper_id = shopper;
  if (flagged) event.shopper_flags = {"POTENTIALLY_INTERACTED_WITH_ALCOHOL"};
  return event;
}

struct KeyCase {
  const char* what;
  ZoneEvent event;
  const char* key;
};

}  // namespace

TEST_GROUP(AZoneDedupeKey){};

TEST(AZoneDedupeKey, NamesTheSessionZoneActionTimeShopperAndAttention) {
  const KeyCase cases[] = {
      {"a member", member_event("81", false),
       "zone|sess-g|2|entered|2026-11-28T10:14:00.120Z|shopper:81"},
      {"a flagged member", member_event("82", true),
       "zone|sess-g|2|entered|2026-11-28T10:14:00.120Z|shopper:82|attention"},
      {"a member leaving", member_event("81", false, false),
       "zone|sess-g|2|left|2026-11-28T10:14:00.120Z|shopper:81"},
      // The legacy payload: what earlier versions stored, so redeliveries across an upgrade
      // are still found.
      {"no shopper", member_event("", false), "zone|sess-g|2|entered|2026-11-28T10:14:00.120Z"},
      {"no shopper, flagged", member_event("", true),
       "zone|sess-g|2|entered|2026-11-28T10:14:00.120Z|attention"},
  };
  for (const KeyCase& c : cases) STRCMP_EQUAL_TEXT(c.key, c.event.dedupe_key().c_str(), c.what);
}

TEST(AZoneDedupeKey, IsTheSameForARedeliveryAndDiffersForAnotherMember) {
  CHECK_EQUAL(member_event("81", true).dedupe_key(), member_event("81", true).dedupe_key());
  const ZoneEvent others[] = {member_event("82", true), member_event("81", false),
                              member_event("", true), member_event("81", true, false),
                              member_event("81", true, true, "2026-11-28T10:14:00.121Z")};
  for (const ZoneEvent& other : others)
    CHECK_TEXT(other.dedupe_key() != member_event("81", true).dedupe_key(),
               other.dedupe_key().c_str());
}
