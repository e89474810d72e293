// The table machinery of the lane state tests: inputs to a LaneBoard, the lane expected after
// each, and play(), which applies them in order and checks every step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "display/lane_state.h"
#include "display_test_support.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

namespace lanecast::display::testing {

using lanecast::webhooks::OrderStatus;


constexpr UnixMicros kSecond = kMicrosPerSecond;
constexpr LanePhase kIdle = LanePhase::kIdle;
constexpr LanePhase kWelcome = LanePhase::kWelcome;
constexpr LanePhase kCart = LanePhase::kCart;
constexpr LanePhase kPaid = LanePhase::kPaid;

enum class Op { kEnter, kLeave, kPriced, kCheckout, kTick };

struct Input {
  Op op = Op::kTick;
  std::string zone;
  std::string session;
  UnixMicros at = 0;
  bool attention = false;
  std::optional<CartView> cart;
  std::int64_t order = 0;
  OrderStatus status = OrderStatus::kDraft;
  std::string payment;
  std::string shopper;                    // zone moves: the group member, "" = the session
  std::optional<UnixMicros> origin;       // zone moves: AiFi's timeOfOrigin, if it matters
};

inline CartView cart_of(MinorUnits total) { return make_cart({{"Item", 1, total}}); }

inline Input input(Op op, const char* zone, const char* session, int second) {
  Input in;
  in.op = op;
  in.zone = zone;
  in.session = session;
  in.at = second * kSecond;
  return in;
}
inline Input enter(const char* zone, const char* session, int second, bool attention = false) {
  Input in = input(Op::kEnter, zone, session, second);
  in.attention = attention;
  return in;
}
inline Input enter_with_cart(const char* zone, const char* session, int second, MinorUnits total) {
  Input in = input(Op::kEnter, zone, session, second);
  in.cart = cart_of(total);
  return in;
}
inline Input leave(const char* zone, const char* session, int second) {
  return input(Op::kLeave, zone, session, second);
}
// One member of group `session` moving, at `second` on this machine, at `origin` seconds by
// AiFi's timeOfOrigin.
inline Input member_enters(const char* zone, const char* session, const char* shopper, int second,
                           int origin, bool attention = false) {
  Input in = enter(zone, session, second, attention);
  in.shopper = shopper;
  in.origin = origin * kSecond;
  return in;
}
inline Input member_leaves(const char* zone, const char* session, const char* shopper, int second,
                           int origin) {
  Input in = leave(zone, session, second);
  in.shopper = shopper;
  in.origin = origin * kSecond;
  return in;
}
inline Input priced(const char* session, std::int64_t order, MinorUnits total, int second) {
  Input in = input(Op::kPriced, "", session, second);
  in.order = order;
  in.cart = cart_of(total);
  return in;
}
inline Input checkout(const char* session, std::int64_t order, OrderStatus status,
                      MinorUnits total, int second, const char* payment = "success") {
  Input in = priced(session, order, total, second);
  in.op = Op::kCheckout;
  in.status = status;
  in.payment = payment;
  return in;
}
inline Input completed(const char* session, std::int64_t order, MinorUnits total, int second,
                       const char* payment = "success") {
  return checkout(session, order, OrderStatus::kCompleted, total, second, payment);
}
inline Input tick(int second) { return input(Op::kTick, "", "", second); }

inline LaneBoard::Changes apply(LaneBoard& board, const Input& in) {
  switch (in.op) {
    case Op::kEnter:
      return board.shopper_entered({in.zone, in.session, in.shopper, in.origin}, in.at,
                                   in.attention, in.cart);
    case Op::kLeave: return board.shopper_left({in.zone, in.session, in.shopper, in.origin}, in.at);
    case Op::kPriced: return board.cart_priced(in.session, in.order, *in.cart, in.at);
    case Op::kCheckout:
      return board.checkout(in.session, in.order, in.status, *in.cart, in.payment, in.at);
    case Op::kTick: return board.tick(in.at);
  }
  return {};
}

constexpr long long kAnyTotal = -1;

// Whether the lane shows that it needs staff (its attention flag).
enum class Staff { kAny, kNeeded, kNotNeeded };

struct Expect {
  LanePhase phase;
  int shoppers;
  bool changed;                 // this step gave the lane a new sequence number
  long long total = kAnyTotal;  // the shown cart's total, when it matters
  int alerts = 0;               // alerts this step raised
  Staff staff = Staff::kAny;    // the lane's attention, when it matters
};

struct Step {
  Input input;
  const char* lane;
  Expect expect;
};

// Applies the steps in order and checks the watched lane after each one. Also checks that
// every change number is new and increasing, and that an unchanged lane took no number.
inline void play(LaneBoard& board, const std::vector<Step>& steps) {
  std::uint64_t last_seq = board.last_seq();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const std::string where = "step " + std::to_string(i + 1);
    const LaneBoard::Changes changes = apply(board, step.input);
    int lane_changes = 0;
    int alerts = 0;
    for (const BoardChange& change : changes) {
      CHECK_TRUE_TEXT(change.seq > last_seq, where.c_str());
      last_seq = change.seq;
      if (change.topic == ChangeTopic::kAlert) ++alerts;
      if (change.topic == ChangeTopic::kLane && change.zone == step.lane) ++lane_changes;
    }
    LONGLONGS_EQUAL_TEXT(last_seq, board.last_seq(), where.c_str());
    const LaneView* lane = board.lane(step.lane);
    CHECK_TRUE_TEXT(lane != nullptr, where.c_str());
    STRCMP_EQUAL_TEXT(phase_name(step.expect.phase), phase_name(lane->phase), where.c_str());
    LONGLONGS_EQUAL_TEXT(step.expect.shoppers, lane->shoppers, where.c_str());
    LONGLONGS_EQUAL_TEXT(step.expect.changed ? 1 : 0, lane_changes, where.c_str());
    LONGLONGS_EQUAL_TEXT(step.expect.alerts, alerts, where.c_str());
    if (step.expect.staff != Staff::kAny)
      CHECK_EQUAL_TEXT(step.expect.staff == Staff::kNeeded, lane->attention, where.c_str());
    if (step.expect.total != kAnyTotal) {
      CHECK_TRUE_TEXT(lane->cart.has_value(), where.c_str());
      LONGLONGS_EQUAL_TEXT(step.expect.total, lane->cart->total, where.c_str());
    }
  }
}

inline LaneSettings settings_with_default(const char* default_zone) {
  LaneSettings settings;
  settings.default_zone = default_zone;
  return settings;
}


}  // namespace lanecast::display::testing
