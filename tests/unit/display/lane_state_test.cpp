#include "display/lane_state.h"

#include <string>
#include <vector>

#include "display_test_support.h"
#include "lane_table.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::display;
using namespace lanecast::display::testing;
using lanecast::webhooks::OrderStatus;

TEST_GROUP(AShopperAtOneLane) {
  LaneBoard board{LaneSettings{}};
};

TEST(AShopperAtOneLane, GoesFromWelcomeThroughCartAndPaidBackToIdle) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {priced("A", 100, 1099, 5), "1", {kCart, 1, true, 1099}},
      {leave("1", "A", 10), "1", {kCart, 0, true, 1099}},  // waits for the checkout
      {completed("A", 100, 1099, 12), "1", {kPaid, 0, true, 1099}},
      {tick(19), "1", {kPaid, 0, false}},                   // thank-you lasts 8 s
      {tick(20), "1", {kIdle, 0, true}},
  });
  CHECK_TRUE(board.lane("1")->payment == PaymentOutcome::kNone);
}

TEST(AShopperAtOneLane, ShowsTheOrderAndPaymentOnlyOncePriced) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {priced("A", 100, 500, 1), "1", {kCart, 1, true, 500}},
      {completed("A", 100, 500, 2), "1", {kPaid, 1, true, 500}},
  });
  CHECK_TRUE(board.lane("1")->order_id == 100);
  CHECK_TRUE(board.lane("1")->payment == PaymentOutcome::kPaid);
}

TEST(AShopperAtOneLane, ChangesNothingOnDuplicateZoneEvents) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {enter("1", "A", 1), "1", {kWelcome, 1, false}},
      {enter("1", "A", 2), "1", {kWelcome, 1, false}},
      {leave("1", "A", 3), "1", {kIdle, 0, true}},  // no cart: nothing to wait for
      {leave("1", "A", 4), "1", {kIdle, 0, false}},
  });
  LONGLONGS_EQUAL(3, board.counters().duplicates);
}

TEST(AShopperAtOneLane, ShowsTheLiveCartOfTheZoneEventOnTheWelcomeScreen) {
  play(board, {
      {enter_with_cart("1", "A", 0, 300), "1", {kWelcome, 1, true, 300}},
      {enter_with_cart("1", "A", 1, 300), "1", {kWelcome, 1, false, 300}},
      {enter_with_cart("1", "A", 2, 450), "1", {kWelcome, 1, true, 450}},
      {priced("A", 7, 470, 3), "1", {kCart, 1, true, 470}},
      {enter_with_cart("1", "A", 4, 999), "1", {kCart, 1, false, 470}},  // priced wins
  });
}

TEST(AShopperAtOneLane, KeepsALiveCartForTheGraceTimeAfterLeaving) {
  play(board, {
      {enter_with_cart("1", "A", 0, 300), "1", {kWelcome, 1, true, 300}},
      {leave("1", "A", 10), "1", {kWelcome, 0, true, 300}},
      {tick(39), "1", {kWelcome, 0, false}},
      {tick(40), "1", {kIdle, 0, true}},  // left_grace is 30 s
  });
}

TEST(AShopperAtOneLane, WhoNeverChecksOutTimesOut) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {priced("A", 100, 1099, 5), "1", {kCart, 1, true}},
      {tick(604), "1", {kCart, 1, false}},
      {tick(605), "1", {kIdle, 0, true}},  // idle_timeout is 10 min after the last input
  });
  LONGLONGS_EQUAL(1, board.counters().idle_timeouts);
}

TEST(AShopperAtOneLane, IsForgottenAfterTheSessionMemory) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {leave("1", "A", 1), "1", {kIdle, 0, true}},
      {tick(1800), "1", {kIdle, 0, false}},
  });
  LONGLONGS_EQUAL(1, board.session_count());
  board.tick(1801 * kSecond);
  LONGLONGS_EQUAL(0, board.session_count());
  LONGLONGS_EQUAL(1, board.counters().sessions_forgotten);
}

TEST(AShopperAtOneLane, NeverRevivesAnExpiredScreenWithAnEarlierTime) {
  play(board, {
      {enter("1", "A", 100), "1", {kWelcome, 1, true}},
      {completed("A", 1, 200, 101), "1", {kPaid, 1, true}},
      {tick(120), "1", {kIdle, 1, true}},
      {enter("1", "B", 105), "1", {kWelcome, 2, true}},  // stamped earlier than the tick
  });
  LONGLONGS_EQUAL(120 * kSecond, board.lane("1")->phase_since);
}

TEST_GROUP(SeveralShoppersInOneZone) {
  LaneBoard board{LaneSettings{}};
};

TEST(SeveralShoppersInOneZone, ShowTheMostRecentActiveSessionsCart) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {enter("1", "B", 1), "1", {kWelcome, 2, true}},
      {priced("A", 10, 100, 2), "1", {kCart, 2, true, 100}},
      {priced("B", 20, 200, 3), "1", {kCart, 2, true, 200}},
      {enter("1", "A", 4), "1", {kCart, 2, false, 200}},  // a duplicate is no activity
      {leave("1", "B", 5), "1", {kCart, 1, true, 100}},   // someone is still at the lane
      {leave("1", "A", 6), "1", {kCart, 0, true, 100}},
      {tick(36), "1", {kIdle, 0, true}},
  });
}

TEST(SeveralShoppersInOneZone, KeepTheLaneOccupiedUntilAllLeft) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {enter("1", "B", 1), "1", {kWelcome, 2, true}},
      {leave("1", "A", 2), "1", {kWelcome, 1, true}},
      {leave("1", "A", 3), "1", {kWelcome, 1, false}},
      {leave("1", "B", 4), "1", {kIdle, 0, true}},
  });
}

TEST(SeveralShoppersInOneZone, ShowAPresentShopperRatherThanOneWhoLeftAndPaid) {
  play(board, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {leave("1", "A", 1), "1", {kIdle, 0, true}},
      {enter("1", "B", 2), "1", {kWelcome, 1, true}},
      {completed("A", 10, 100, 3), "1", {kWelcome, 1, false}},
      {leave("1", "B", 4), "1", {kPaid, 0, true, 100}},  // A's thank-you, until 3 + 8 s
      {tick(11), "1", {kIdle, 0, true}},
  });
}

TEST_GROUP(AGroupOfShoppers) {
  LaneBoard board{LaneSettings{}};
};

TEST(AGroupOfShoppers, ProducesOneStateAndOneAlertFromItsMembersIdenticalEvents) {
  play(board, {
      {enter("1", "G", 0, true), "1", {kWelcome, 1, true, kAnyTotal, 1}},
      {enter("1", "G", 0, true), "1", {kWelcome, 1, false}},
      {enter("1", "G", 0, true), "1", {kWelcome, 1, false}},
      {leave("1", "G", 5), "1", {kIdle, 0, true}},
      {leave("1", "G", 5), "1", {kIdle, 0, false}},
  });
  LONGLONGS_EQUAL(1, board.alerts().all().size());
  CHECK_TRUE(board.alerts().all().front().kind == AlertKind::kAgeCheck);
  STRCMP_EQUAL("1", board.alerts().all().front().zone.c_str());
}

TEST(AGroupOfShoppers, RaisesAnAgeCheckWhenAMemberNeedingAttentionJoins) {
  play(board, {
      {enter("1", "G", 0), "1", {kWelcome, 1, true}},
      {enter("1", "G", 1, true), "1", {kWelcome, 1, true, kAnyTotal, 1}},
  });
  CHECK_TRUE(board.lane("1")->attention);
}

TEST(AGroupOfShoppers, RaisesAnotherAgeCheckOnlyAfterTheFirstWasAcknowledged) {
  play(board, {
      {enter("1", "G", 0, true), "1", {kWelcome, 1, true, kAnyTotal, 1}},
      {leave("1", "G", 1), "1", {kIdle, 0, true}},
      {enter("1", "G", 2, true), "1", {kWelcome, 1, true, kAnyTotal, 0}},
  });
  CHECK_TRUE(board.acknowledge(board.alerts().all().front().id, 3 * kSecond).is_ok());
  play(board, {
      {leave("1", "G", 4), "1", {kIdle, 0, true}},
      {enter("1", "G", 5, true), "1", {kWelcome, 1, true, kAnyTotal, 1}},
  });
}

TEST_GROUP(ACheckoutWithoutAZoneEntry){};

TEST(ACheckoutWithoutAZoneEntry, GoesToTheDefaultLane) {
  LaneBoard board(settings_with_default("main"));
  play(board, {
      {checkout("X", 5, OrderStatus::kDraft, 700, 0), "main", {kCart, 0, true, 700}},
      {completed("X", 5, 700, 10), "main", {kPaid, 0, true, 700}},
      {tick(18), "main", {kIdle, 0, true}},
  });
  LONGLONGS_EQUAL(0, board.counters().unattributed);
}

TEST(ACheckoutWithoutAZoneEntry, WithoutASessionIsTrackedByItsOrder) {
  LaneBoard board(settings_with_default("main"));
  play(board, {
      {priced("", 5, 700, 0), "main", {kCart, 0, true, 700}},
      {completed("", 5, 700, 1), "main", {kPaid, 0, true, 700}},
  });
  LONGLONGS_EQUAL(1, board.session_count());
}

TEST(ACheckoutWithoutAZoneEntry, IsIgnoredAndCountedWithoutADefaultLane) {
  LaneBoard board(LaneSettings{});
  CHECK_TRUE(board.checkout("X", 5, OrderStatus::kCompleted, cart_of(700), "success", 0).empty());
  CHECK_TRUE(board.cart_priced("Y", 6, cart_of(700), 0).empty());
  LONGLONGS_EQUAL(2, board.counters().unattributed);
  CHECK_TRUE(board.lanes().empty());
  LONGLONGS_EQUAL(0, board.last_seq());
}

TEST(ACheckoutWithoutAZoneEntry, FollowsALeftEventWhoseEntryWasMissed) {
  LaneBoard board(settings_with_default("main"));
  play(board, {
      {leave("2", "A", 0), "2", {kIdle, 0, false}},
      {completed("A", 9, 300, 1), "2", {kPaid, 0, true, 300}},
  });
  STRCMP_EQUAL("idle", phase_name(board.lane("main")->phase));
}

TEST_GROUP(ACompletedOrder) {
  LaneBoard board{LaneSettings{}};
  void setup() override {
    play(board, {
        {enter("1", "A", 0), "1", {kWelcome, 1, true}},
        {completed("A", 100, 1099, 1), "1", {kPaid, 1, true, 1099}},
    });
  }
};

TEST(ACompletedOrder, IgnoresALateDraft) {
  play(board, {{checkout("A", 100, OrderStatus::kDraft, 1, 2), "1", {kPaid, 1, false, 1099}}});
  LONGLONGS_EQUAL(1, board.counters().late);
}

TEST(ACompletedOrder, IgnoresALatePricedCart) {
  play(board, {{priced("A", 100, 1, 2), "1", {kPaid, 1, false, 1099}}});
  LONGLONGS_EQUAL(1, board.counters().late);
}

TEST(ACompletedOrder, IgnoresARedelivery) {
  play(board, {{completed("A", 100, 1099, 2), "1", {kPaid, 1, false, 1099}}});
  LONGLONGS_EQUAL(1, board.counters().duplicates);
}

TEST(ACompletedOrder, ShowsItsReviewAndTellsTheStaff) {
  play(board, {
      {checkout("A", 100, OrderStatus::kReviewed, 999, 60), "1", {kPaid, 1, true, 999, 1}},
      {checkout("A", 100, OrderStatus::kReviewed, 999, 61), "1", {kPaid, 1, false, 999, 0}},
      {completed("A", 100, 1099, 62), "1", {kPaid, 1, false, 999, 0}},
  });
  CHECK_TRUE(board.alerts().all().back().kind == AlertKind::kOrderReviewed);
  CHECK_TRUE(board.alerts().all().back().order_id == 100);
}

TEST(ACompletedOrder, ReviewedAfterItsSessionWasForgottenOnlyRaisesTheAlert) {
  LaneBoard with_default(settings_with_default("1"));
  auto changes = with_default.checkout("gone", 55, OrderStatus::kReviewed, cart_of(1), "success",
                                       kSecond);
  LONGLONGS_EQUAL(1, changes.size());
  CHECK_TRUE(changes[0].topic == ChangeTopic::kAlert);
  STRCMP_EQUAL("idle", phase_name(with_default.lane("1")->phase));
  LONGLONGS_EQUAL(0, with_default.counters().unattributed);
}

TEST(ACompletedOrder, IsShownOnTheLaneOfTheSessionsLastZoneEntry) {
  LaneBoard fresh{LaneSettings{}};
  play(fresh, {
      {enter("1", "A", 0), "1", {kWelcome, 1, true}},
      {leave("1", "A", 1), "1", {kIdle, 0, true}},
      {enter("2", "A", 2), "2", {kWelcome, 1, true}},
      {leave("2", "A", 3), "2", {kIdle, 0, true}},
      {completed("A", 5, 100, 4), "2", {kPaid, 0, true, 100}},
  });
  STRCMP_EQUAL("idle", phase_name(fresh.lane("1")->phase));
}

namespace {
struct PaymentCase {
  const char* payment_status;
  PaymentOutcome outcome;
  int alerts;
};
const PaymentCase kPayments[] = {
    {"success", PaymentOutcome::kPaid, 0},      {"SUCCESS", PaymentOutcome::kPaid, 0},
    {"paid", PaymentOutcome::kPaid, 0},         {"captured", PaymentOutcome::kPaid, 0},
    {"", PaymentOutcome::kProcessing, 0},       {"processing", PaymentOutcome::kProcessing, 0},
    {"Pending", PaymentOutcome::kProcessing, 0}, {"failed", PaymentOutcome::kUnpaid, 1},
    {"unpaid", PaymentOutcome::kUnpaid, 1},     {"declined", PaymentOutcome::kUnpaid, 1},
    {"succes", PaymentOutcome::kUnpaid, 1},
};
}  // namespace

TEST_GROUP(APaymentStatus){};

TEST(APaymentStatus, DecidesTheOutcomeAndWhetherStaffAreTold) {
  for (const PaymentCase& c : kPayments) {
    LaneBoard board{LaneSettings{}};
    board.shopper_entered({"1", "A"}, 0, false, std::nullopt);
    auto changes = board.checkout("A", 1, OrderStatus::kCompleted, cart_of(100), c.payment_status, 1);
    int alerts = 0;
    for (const BoardChange& change : changes) alerts += change.topic == ChangeTopic::kAlert;
    LONGLONGS_EQUAL_TEXT(c.alerts, alerts, c.payment_status);
    STRCMP_EQUAL_TEXT(payment_outcome_name(c.outcome),
                      payment_outcome_name(board.lane("1")->payment), c.payment_status);
    if (c.alerts > 0)
      CHECK_TRUE_TEXT(board.alerts().all().back().kind == AlertKind::kPaymentNotSuccessful,
                      c.payment_status);
  }
}

TEST_GROUP(TheSequence){};

TEST(TheSequence, StartsAtTheConfiguredFirstNumber) {
  LaneSettings settings;
  settings.first_seq = 1'700'000'000'000'000;
  LaneBoard board(settings);
  LONGLONGS_EQUAL(1'699'999'999'999'999, board.last_seq());
  auto changes = board.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  LONGLONGS_EQUAL(1'700'000'000'000'000, changes.at(0).seq);
  LONGLONGS_EQUAL(1'700'000'000'000'000, board.lane("1")->seq);
}

TEST(TheSequence, IsSharedByLanesAndAlertsAndNeverRepeats) {
  LaneBoard board{LaneSettings{}};
  board.shopper_entered({"1", "A"}, 0, true, std::nullopt);   // alert 1, lane 2
  board.shopper_entered({"2", "B"}, 0, false, std::nullopt);  // lane 3
  board.raise_alert(AlertKind::kMutatorFailed, "pricing failed", 0);  // 4
  LONGLONGS_EQUAL(4, board.last_seq());
  LONGLONGS_EQUAL(2, board.lane("1")->seq);
  LONGLONGS_EQUAL(3, board.lane("2")->seq);
  LONGLONGS_EQUAL(1, board.alerts().all().front().seq);
}

TEST_GROUP(StaffAlerts) {
  LaneSettings settings;
  void setup() override { settings.max_alerts = 3; }
};

TEST(StaffAlerts, AreAcknowledgedOnceAndUnknownIdsAreNotFound) {
  LaneBoard board(settings);
  board.raise_alert(AlertKind::kMutationSkipped, "AiFi skipped the mutation", 5, "1", 42);
  const Alert& alert = board.alerts().all().front();
  STRCMP_EQUAL("mutation_skipped", alert_kind_name(alert.kind));
  CHECK_TRUE(alert.order_id == 42);
  auto first = board.acknowledge(alert.id, 6);
  CHECK_TRUE(first.is_ok());
  LONGLONGS_EQUAL(1, first->size());
  CHECK_TRUE(board.alerts().all().front().acknowledged);
  LONGLONGS_EQUAL(6, board.alerts().all().front().acknowledged_at);
  auto second = board.acknowledge(alert.id, 7);
  CHECK_TRUE(second.is_ok());
  CHECK_TRUE(second->empty());
  auto unknown = board.acknowledge(999, 8);
  CHECK_TRUE(unknown.status().kind() == Status::Kind::kNotFound);
}

TEST(StaffAlerts, DropTheOldestAcknowledgedFirstWhenFull) {
  LaneBoard board(settings);
  for (const char* text : {"a", "b", "c"}) board.raise_alert(AlertKind::kMutatorFailed, text, 0);
  CHECK_TRUE(board.acknowledge(2, 0).is_ok());
  board.raise_alert(AlertKind::kMutatorFailed, "d", 0);
  std::string texts;
  for (const Alert& alert : board.alerts().all()) texts += alert.text;
  STRCMP_EQUAL("acd", texts.c_str());
  board.raise_alert(AlertKind::kMutatorFailed, "e", 0);
  texts.clear();
  for (const Alert& alert : board.alerts().all()) texts += alert.text;
  STRCMP_EQUAL("cde", texts.c_str());
}

TEST(StaffAlerts, CutLongTextsAtACharacterBoundary) {
  LaneBoard board(settings);
  std::string text(AlertBook::kMaxTextBytes - 1, 'x');
  text += "ä";  // two bytes across the limit
  board.raise_alert(AlertKind::kMutatorFailed, text, 0);
  LONGLONGS_EQUAL(AlertBook::kMaxTextBytes - 1, board.alerts().all().front().text.size());
}

TEST_GROUP(TheBoardsBounds){};

TEST(TheBoardsBounds, RejectLanesBeyondTheLimitAndEmptyIds) {
  LaneSettings settings;
  settings.zones = {"1", "2"};
  settings.max_lanes = 2;
  LaneBoard board(settings);
  LONGLONGS_EQUAL(2, board.lanes().size());
  CHECK_TRUE(board.shopper_entered({"3", "A"}, 0, false, std::nullopt).empty());
  CHECK_TRUE(board.shopper_entered({"", "A"}, 0, false, std::nullopt).empty());
  CHECK_TRUE(board.shopper_entered({"1", ""}, 0, false, std::nullopt).empty());
  LONGLONGS_EQUAL(3, board.counters().rejected);
  CHECK_TRUE(board.lane("3") == nullptr);
}

TEST(TheBoardsBounds, ForgetTheQuietestAbsentSessionFirst) {
  LaneSettings settings;
  settings.max_sessions = 2;
  LaneBoard board(settings);
  board.shopper_entered({"1", "old"}, 0, false, std::nullopt);
  board.shopper_left({"1", "old"}, 1);
  board.shopper_entered({"1", "present"}, 2, false, std::nullopt);
  board.shopper_entered({"1", "new"}, 3, false, std::nullopt);
  LONGLONGS_EQUAL(2, board.session_count());
  LONGLONGS_EQUAL(2, board.lane("1")->shoppers);
  LONGLONGS_EQUAL(1, board.counters().sessions_forgotten);
}
