#include "display/pole_screens.h"

#include <string>
#include <vector>

#include "display/pole_follower.h"
#include "display_test_support.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::display;
using lanecast::display::testing::make_cart;
using lanecast::webhooks::OrderStatus;

namespace {

LaneView lane_in(LanePhase phase, std::optional<CartView> cart = std::nullopt,
                 PaymentOutcome payment = PaymentOutcome::kNone) {
  LaneView lane;
  lane.zone = "1";
  lane.phase = phase;
  lane.cart = std::move(cart);
  lane.payment = payment;
  return lane;
}

const CartView kCart = make_cart({{"Mineralwasser 1,5 l", 6, 69}, {"Bergkäse", 1, 349}});

struct ScreenCase {
  const char* name;
  LaneView lane;
  const char* top;
  const char* bottom;
};

std::vector<ScreenCase> screen_cases() {
  return {
      {"idle", lane_in(LanePhase::kIdle), "                    ", "                    "},
      {"welcome", lane_in(LanePhase::kWelcome), "      Welcome       ", "                    "},
      {"welcome, empty live cart", lane_in(LanePhase::kWelcome, make_cart({})),
       "      Welcome       ", "                    "},
      {"welcome, live cart", lane_in(LanePhase::kWelcome, kCart), "Bergkaese       3.49",
       "Total       7.63 EUR"},
      {"welcome, several of the last item",
       lane_in(LanePhase::kWelcome, make_cart({{"Mineralwasser 1,5 l", 6, 69}})),
       "6x Mineralwasse 4.14", "Total       4.14 EUR"},
      {"cart", lane_in(LanePhase::kCart, kCart), "Total               ", "            7.63 EUR"},
      {"paid", lane_in(LanePhase::kPaid, kCart, PaymentOutcome::kPaid), "     Thank you!     ",
       "Paid        7.63 EUR"},
      {"processing", lane_in(LanePhase::kPaid, kCart, PaymentOutcome::kProcessing),
       "     Thank you!     ", "  Payment pending   "},
      {"unpaid", lane_in(LanePhase::kPaid, kCart, PaymentOutcome::kUnpaid),
       "     Thank you!     ", "  Please see staff  "},
  };
}

}  // namespace

TEST_GROUP(APoleScreen){};

TEST(APoleScreen, SaysWhatTheLaneShowsInTwoLinesOfTwenty) {
  for (const ScreenCase& c : screen_cases()) {
    const PoleScreen screen = pole_screen_for(c.lane, PoleTexts{});
    STRCMP_EQUAL_TEXT(c.top, fit_line(screen.top, PoleCommandSet::kCd5220).c_str(), c.name);
    STRCMP_EQUAL_TEXT(c.bottom, fit_line(screen.bottom, PoleCommandSet::kCd5220).c_str(), c.name);
  }
}

TEST(APoleScreen, UsesTheConfiguredTextsSeparatorAndSymbol) {
  PoleTexts texts;
  texts.total_label = "Summe";
  texts.currency_symbol = "€";
  texts.decimal_separator = ',';
  const PoleScreen screen = pole_screen_for(lane_in(LanePhase::kCart, kCart), texts);
  STRCMP_EQUAL("Summe               ", fit_line(screen.top, PoleCommandSet::kCd5220).c_str());
  STRCMP_EQUAL((std::string(12, ' ') + "7,63 EUR").c_str(),
               fit_line(screen.bottom, PoleCommandSet::kCd5220).c_str());
  STRCMP_EQUAL((std::string(14, ' ') + "7,63 \xD5").c_str(),
               fit_line(screen.bottom, PoleCommandSet::kEpson).c_str());
}

TEST(APoleScreen, WritesAmountsWithTheStoresDecimals) {
  PoleTexts yen;
  yen.decimals = 0;
  yen.currency_symbol = "JPY";
  STRCMP_EQUAL("1500 JPY", pole_money(1500, yen).c_str());
  PoleTexts none;
  none.currency_symbol = "";
  STRCMP_EQUAL("-0.50", pole_money(-50, none).c_str());
}

TEST_GROUP(APoleFollower) {
  HubSettings settings;
  std::vector<PoleScreen> shown;
  PoleFollower::Show record() {
    return [this](const PoleScreen& screen) { shown.push_back(screen); };
  }
  std::string top(std::size_t i) { return fit_line(shown.at(i).top, PoleCommandSet::kCd5220); }
};

TEST(APoleFollower, ShowsTheLanesCurrentStateAtOnceAndThenEachChange) {
  LaneHub hub(settings);
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  PoleFollower follower(hub, "1", PoleTexts{}, record());
  LONGLONGS_EQUAL(1, shown.size());
  STRCMP_EQUAL("      Welcome       ", top(0).c_str());
  hub.cart_priced("A", 5, kCart, 1);
  hub.shopper_entered({"2", "B"}, 1, false, std::nullopt);  // another lane: not followed
  hub.checkout("A", 5, OrderStatus::kCompleted, kCart, "success", 2);
  LONGLONGS_EQUAL(3, shown.size());
  STRCMP_EQUAL("Total               ", top(1).c_str());
  STRCMP_EQUAL("     Thank you!     ", top(2).c_str());
}

TEST(APoleFollower, ShowsIdleForALaneThatDoesNotExistYet) {
  LaneHub hub(settings);
  PoleFollower follower(hub, "7", PoleTexts{}, record());
  LONGLONGS_EQUAL(1, shown.size());
  CHECK_TRUE(shown[0] == pole_screen_for(lane_in(LanePhase::kIdle), PoleTexts{}));
  hub.shopper_entered({"7", "A"}, 0, false, std::nullopt);
  LONGLONGS_EQUAL(2, shown.size());
  STRCMP_EQUAL("      Welcome       ", top(1).c_str());
}

TEST(APoleFollower, StopsFollowingWhenDestroyed) {
  LaneHub hub(settings);
  {
    PoleFollower follower(hub, "1", PoleTexts{}, record());
  }
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  LONGLONGS_EQUAL(1, shown.size());
  LONGLONGS_EQUAL(0, hub.stats().subscribers);
}
