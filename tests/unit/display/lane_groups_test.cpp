// A shopping group at a lane: one session, one zone webhook per member, each naming its
// shopper. Every member counts; any member's flag puts the lane in need of staff until the
// last member of the group has left; each member's moves resolve by AiFi's timeOfOrigin.
#include "display/lane_state.h"

#include <string>
#include <vector>

#include "lane_table.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::display;
using namespace lanecast::display::testing;

namespace {

constexpr Staff kNeeded = Staff::kNeeded;
constexpr Staff kCalm = Staff::kNotNeeded;

// Group G of members a and b at lane 2; their webhooks leave AiFi at origin 100 (entered)
// and 200 (left), and reach the board one second apart.
Input a_enters(int second, bool flagged = false) {
  return member_enters("2", "G", "a", second, 100, flagged);
}
Input b_enters(int second, bool flagged = false) {
  return member_enters("2", "G", "b", second, 100, flagged);
}
Input a_leaves(int second) { return member_leaves("2", "G", "a", second, 200); }
Input b_leaves(int second) { return member_leaves("2", "G", "b", second, 200); }

}  // namespace

TEST_GROUP(AGroupAtTheLane) {
  LaneBoard board{LaneSettings{}};
};

// The store's case: two enter lane 2, the second touched beer.
TEST(AGroupAtTheLane, CountsBothMembersAndNeedsStaffForTheFlaggedOne) {
  play(board, {
      {a_enters(0), "2", {kWelcome, 1, true, kAnyTotal, 0, kCalm}},
      {b_enters(1, true), "2", {kWelcome, 2, true, kAnyTotal, 1, kNeeded}},
      {a_leaves(5), "2", {kWelcome, 1, true, kAnyTotal, 0, kNeeded}},
      {b_leaves(6), "2", {kIdle, 0, true, kAnyTotal, 0, kCalm}},
  });
  LONGS_EQUAL(1, board.alerts().all().size());
  const Alert& alert = board.alerts().all().front();
  CHECK_TRUE(alert.kind == AlertKind::kAgeCheck);
  STRCMP_EQUAL("2", alert.zone.c_str());
  STRCMP_EQUAL("Age check needed at lane 2", alert.text.c_str());
}

TEST(AGroupAtTheLane, KeepsNeedingStaffWhenTheFlaggedMemberLeavesFirst) {
  play(board, {
      {a_enters(0), "2", {kWelcome, 1, true, kAnyTotal, 0, kCalm}},
      {b_enters(1, true), "2", {kWelcome, 2, true, kAnyTotal, 1, kNeeded}},
      {b_leaves(5), "2", {kWelcome, 1, true, kAnyTotal, 0, kNeeded}},
      {a_leaves(6), "2", {kIdle, 0, true, kAnyTotal, 0, kCalm}},
  });
}

struct FlagCase {
  const char* name;
  bool a_flagged;
  bool b_flagged;
  Staff after_a;  // the lane once a is in
};

const FlagCase kFlagCases[] = {
    {"first member flagged", true, false, kNeeded},
    {"second member flagged", false, true, kCalm},
    {"both flagged", true, true, kNeeded},
};

TEST(AGroupAtTheLane, RaisesOneAgeCheckWhicheverMemberIsFlagged) {
  for (const FlagCase& c : kFlagCases) {
    LaneBoard fresh{LaneSettings{}};
    const int a_alerts = c.a_flagged ? 1 : 0;
    const int b_alerts = c.a_flagged ? 0 : 1;  // once per group, while its alert is open
    play(fresh, {
        {a_enters(0, c.a_flagged), "2", {kWelcome, 1, true, kAnyTotal, a_alerts, c.after_a}},
        {b_enters(1, c.b_flagged), "2", {kWelcome, 2, true, kAnyTotal, b_alerts, kNeeded}},
        {a_leaves(5), "2", {kWelcome, 1, true, kAnyTotal, 0, kNeeded}},
        {b_leaves(6), "2", {kIdle, 0, true, kAnyTotal, 0, kCalm}},
    });
    LONGS_EQUAL_TEXT(1, fresh.alerts().all().size(), c.name);
  }
}

struct OrderCase {
  const char* name;
  std::vector<Input> moves;
  std::vector<int> shoppers;  // on the lane after each move
};

TEST(AGroupAtTheLane, EmptiesTheLaneOnlyWhenTheLastMemberLeavesInAnyOrder) {
  const OrderCase cases[] = {
      {"first in, first out", {a_enters(0), b_enters(1), a_leaves(2), b_leaves(3)}, {1, 2, 1, 0}},
      {"first in, last out", {a_enters(0), b_enters(1), b_leaves(2), a_leaves(3)}, {1, 2, 1, 0}},
      {"one out before the other in", {a_enters(0), a_leaves(1), b_enters(2), b_leaves(3)},
       {1, 0, 1, 0}},
  };
  for (const OrderCase& c : cases) {
    LaneBoard fresh{LaneSettings{}};
    for (std::size_t i = 0; i < c.moves.size(); ++i) {
      apply(fresh, c.moves[i]);
      const std::string where = std::string(c.name) + ", move " + std::to_string(i + 1);
      LONGS_EQUAL_TEXT(c.shoppers[i], fresh.lane("2")->shoppers, where.c_str());
      STRCMP_EQUAL_TEXT(c.shoppers[i] > 0 ? "welcome" : "idle",
                        phase_name(fresh.lane("2")->phase), where.c_str());
    }
  }
}

TEST(AGroupAtTheLane, ChangesNothingOnAMembersRedeliveredWebhooks) {
  play(board, {
      {a_enters(0), "2", {kWelcome, 1, true}},
      {b_enters(1, true), "2", {kWelcome, 2, true, kAnyTotal, 1, kNeeded}},
      {a_enters(2), "2", {kWelcome, 2, false}},
      {b_enters(3, true), "2", {kWelcome, 2, false, kAnyTotal, 0, kNeeded}},
      {a_leaves(4), "2", {kWelcome, 1, true, kAnyTotal, 0, kNeeded}},
      {a_leaves(5), "2", {kWelcome, 1, false, kAnyTotal, 0, kNeeded}},
  });
  LONGLONGS_EQUAL(3, board.counters().duplicates);
}

TEST(AGroupAtTheLane, ResolvesEachMembersOvertakenWebhooksByTimeOfOrigin) {
  play(board, {
      {b_enters(0), "2", {kWelcome, 1, true}},
      {a_leaves(1), "2", {kWelcome, 1, false}},   // a's /left overtook its /entered
      {a_enters(2), "2", {kWelcome, 1, false}},   // older than a's exit: a is gone
      {member_enters("2", "G", "a", 3, 300), "2", {kWelcome, 2, true}},  // back again
      {member_leaves("2", "G", "a", 4, 250), "2", {kWelcome, 2, false}},  // an older exit
      {b_leaves(5), "2", {kWelcome, 1, true}},
  });
  LONGLONGS_EQUAL(2, board.counters().late);
}

TEST(AGroupAtTheLane, StillRaisesTheAgeCheckOfAMemberWhoseExitOvertookItsEntry) {
  play(board, {
      {a_leaves(0), "2", {kIdle, 0, false}},
      {a_enters(1, true), "2", {kIdle, 0, false, kAnyTotal, 1, kCalm}},
  });
  STRCMP_EQUAL("2", board.alerts().all().front().zone.c_str());
}

TEST(AGroupAtTheLane, KeepsItsAttentionApartFromAnotherShopperAtTheSameLane) {
  play(board, {
      {member_enters("2", "S", "s", 0, 90), "2", {kWelcome, 1, true, kAnyTotal, 0, kCalm}},
      {a_enters(1, true), "2", {kWelcome, 2, true, kAnyTotal, 1, kNeeded}},
      {b_enters(2), "2", {kWelcome, 3, true, kAnyTotal, 0, kNeeded}},
      {a_leaves(3), "2", {kWelcome, 2, true, kAnyTotal, 0, kNeeded}},
      {b_leaves(4), "2", {kWelcome, 1, true, kAnyTotal, 0, kCalm}},  // S never needed staff
  });
}

TEST(AGroupAtTheLane, IsTakenAsGoneWholeAfterTheIdleTimeout) {
  play(board, {
      {a_enters(0, true), "2", {kWelcome, 1, true, kAnyTotal, 1, kNeeded}},
      {b_enters(1), "2", {kWelcome, 2, true}},
      {tick(601), "2", {kIdle, 0, true, kAnyTotal, 0, kCalm}},
  });
  LONGLONGS_EQUAL(1, board.counters().idle_timeouts);
}

TEST(AGroupAtTheLane, RejectsMembersBeyondItsBound) {
  const std::size_t bound = LaneBoard::kMaxCrossingsPerSession;
  for (std::size_t i = 0; i <= bound; ++i)
    board.shopper_entered({"2", "G", "m" + std::to_string(i), 100}, 0, false, std::nullopt);
  LONGS_EQUAL(bound, board.lane("2")->shoppers);
  LONGLONGS_EQUAL(1, board.counters().rejected);
}

TEST_GROUP(ALegacyGroupAtTheLane) {
  LaneBoard board{LaneSettings{}};
};

// The old payload names no shopper: its members' webhooks stand for the session.
TEST(ALegacyGroupAtTheLane, CountsAsOneShopperAndStillTakesALaterMembersFlag) {
  play(board, {
      {member_enters("2", "L", "", 0, 100), "2", {kWelcome, 1, true, kAnyTotal, 0, kCalm}},
      {member_enters("2", "L", "", 1, 100), "2", {kWelcome, 1, false}},
      {member_enters("2", "L", "", 2, 100, true), "2", {kWelcome, 1, true, kAnyTotal, 1, kNeeded}},
      {member_leaves("2", "L", "", 3, 200), "2", {kIdle, 0, true, kAnyTotal, 0, kCalm}},
      {member_leaves("2", "L", "", 4, 200), "2", {kIdle, 0, false}},
  });
}

TEST(ALegacyGroupAtTheLane, FallsBackToTheOrderOfArrivalWithoutATimeOfOrigin) {
  play(board, {
      {enter("2", "L", 0), "2", {kWelcome, 1, true}},
      {leave("2", "L", 1), "2", {kIdle, 0, true}},
      {enter("2", "L", 2), "2", {kWelcome, 1, true}},
  });
}
