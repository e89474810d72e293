// LaneBoard: the state machine of every checkout lane, and the staff alerts beside them.
//
// Pure: no threads, no clock reads, no I/O. Time comes in with every input as UnixMicros and
// must be the daemon's arrival time of the event (not AiFi's timeOfOrigin: a review carries a
// trip time days old, and the timers below are about screens). The board keeps its own clock
// as the largest time it has seen, so an input that arrives with an earlier time never
// revives a screen that already expired.
//
// The model. Each session (AiFi session.sessionId: one shopping group) is tracked on its own:
// where it is present (zones it entered and has not left), the lane it is tied to (its last
// zone entry, or the default lane), its live cart (from a zone event), its priced cart
// (mutator answer or checkout draft), its order and checkout status. A lane's view is derived
// from one "focus" session:
//   - among the sessions present in the zone, the one with the most recent activity (entering
//     the zone, a new live cart, a priced cart, a checkout); else
//   - among sessions tied to the lane that left, the most recent (by activity or leaving)
//     still worth showing: it has a cart and left less than left_grace ago (the checkout
//     webhook comes after the shopper walks out), or it checked out less than thank_you ago.
// A session that checked out is shown for thank_you after its checkout, then never again.
// The focus decides the phase:
//   none                         -> idle
//   checkout completed/reviewed  -> paid (payment outcome from paymentStatus)
//   priced cart                  -> cart
//   otherwise                    -> welcome (with the live cart when there is one)
// Hence the transitions: idle -> welcome (entered) -> cart (priced) -> paid (checkout) ->
// idle (thank_you later). When every shopper left before checkout, a lane without a cart
// goes idle at once and a lane with a cart after left_grace. A session present without any
// input for idle_timeout is taken as gone (a lost /left webhook). With several shoppers, the
// lane stays occupied (shoppers > 0) until all left, and shows the most recent one.
//
// Groups. A session is a shopping group; AiFi sends one zone webhook per member, each naming
// its shopper (ZoneMove::shopper, "" for legacy payloads that name only the session, which
// then counts as one shopper). A lane counts the distinct members in its zone. The group is
// in the zone while any member is: one member leaving changes the count, the last one leaving
// is the group leaving. Attention belongs to the group (one cart, one checkout): once any
// member in the zone needs it, the lane keeps it until the last member of that group left.
// Each member's entry and exit resolve by AiFi's timeOfOrigin (ZoneMove::origin): a member is
// in the zone while its latest entry is newer than its latest exit, so an /entered that
// arrives after a newer /left changes no count (it is counted late; a flag on it still raises
// the age check), like the storage's projection.
//
// Attribution. Checkout and mutator inputs carry no zone: they go to the session's lane.
// A session never seen in a zone goes to default_zone, or, when that is "", is ignored and
// counted (unattributed). A reviewed checkout never starts a lane for a session the board
// no longer remembers: it only raises its alert.
//
// Ordering. Per order, draft < completed < reviewed: an input of lower status than one
// already seen is ignored and counted (late); the same status again is a duplicate. A priced
// cart for an order that already completed is late too. Order ranks outlive sessions (bounded
// by max_sessions) so a very late draft cannot resurface.
//
// Changes. Every change of a lane's view takes the next number of one global, strictly
// increasing sequence; so does every alert raised or acknowledged. An input that changes
// nothing visible (a duplicate zone event, a group member's identical event) takes no number.
// Each input returns the changes it caused, in sequence order.
//
// Alerts: age_check, naming the lane, when a group in a zone first needs attention (once
// while that group's alert is open), payment_not_successful when a completed/reviewed
// checkout is unpaid, order_reviewed on a review; the daemon raises mutator_failed /
// mutation_skipped with raise_alert().
//
// Thread: not thread-safe; LaneHub owns one and serialises every call under its mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/core/status.h"
#include "daemon/core/timestamp.h"
#include "daemon/webhooks/events.h"
#include "display/alert_book.h"
#include "display/cart_view.h"
#include "display/lane_view.h"

namespace lanecast::display {

inline constexpr UnixMicros kMicrosPerSecond = 1'000'000;

struct LaneSettings {
  std::vector<std::string> zones;     // lanes that exist from the start (others appear on use)
  std::string default_zone;           // lane for sessions never seen in a zone; "" = ignore
  UnixMicros thank_you = 8 * kMicrosPerSecond;        // paid screen time after checkout
  UnixMicros left_grace = 30 * kMicrosPerSecond;      // cart kept after all left, for checkout
  UnixMicros idle_timeout = 10 * 60 * kMicrosPerSecond;  // present without input: gone
  UnixMicros session_memory = 30 * 60 * kMicrosPerSecond;  // forget quiet sessions after
  std::size_t max_lanes = 64;         // bogus zone ids must not grow memory without bound
  std::size_t max_sessions = 10'000;  // oldest quiet session is forgotten beyond this
  std::size_t max_alerts = 100;
  std::uint64_t first_seq = 1;        // see LaneHub: seed with the start time to outrun old ids
};

enum class ChangeTopic { kLane, kAlert };

// One member of a shopping group crossing a checkout zone's edge, as a zone webhook says.
struct ZoneMove {
  ZoneMove(std::string zone_id, std::string session_id, std::string shopper_id = {},
           std::optional<UnixMicros> origin_time = std::nullopt)
      : zone(std::move(zone_id)),
        session(std::move(session_id)),
        shopper(std::move(shopper_id)),
        origin(origin_time) {}

  std::string zone;
  std::string session;               // the group: AiFi's session.sessionId
  std::string shopper;               // the member: shopper.shopperId; "" = the whole session
  std::optional<UnixMicros> origin;  // AiFi's timeOfOrigin; nullopt = in order of arrival
};

struct BoardChange {
  std::uint64_t seq = 0;
  ChangeTopic topic = ChangeTopic::kLane;
  std::string zone;            // the lane (kLane) or the alert's lane, "" for none
  std::uint64_t alert_id = 0;  // kAlert only
};

// Inputs that changed nothing, by reason; for metrics.
struct BoardCounters {
  std::uint64_t duplicates = 0;     // zone/checkout/priced input that repeated known state
  std::uint64_t late = 0;           // lower order status than already seen, or a zone move
                                    // older (by timeOfOrigin) than that member's last one
  std::uint64_t unattributed = 0;   // no zone for the session and no default lane
  std::uint64_t rejected = 0;       // empty zone id, a new lane beyond max_lanes, or a member
                                    // beyond kMaxCrossingsPerSession
  std::uint64_t idle_timeouts = 0;  // presences ended by idle_timeout
  std::uint64_t sessions_forgotten = 0;
};

class LaneBoard {
 public:
  explicit LaneBoard(LaneSettings settings);

  using Changes = std::vector<BoardChange>;

  // Zone entries and exits a session remembers, (zone, member) pairs: a session naming
  // ever more shoppers must not grow memory without bound.
  static constexpr std::size_t kMaxCrossingsPerSession = 256;

  // POST <zone>/entered. `live_cart` is the zone event's cart when AiFi sent one.
  Changes shopper_entered(const ZoneMove& move, UnixMicros time, bool attention_needed,
                          std::optional<CartView> live_cart);
  // POST <zone>/left. A /left without a matching entry only ties the session to the zone.
  Changes shopper_left(const ZoneMove& move, UnixMicros time);
  // A cart-mutator answer for a draft or completed order (reviews go through checkout()).
  Changes cart_priced(const std::string& session, std::int64_t order_id, CartView cart,
                      UnixMicros time);
  // A checkout webhook. `payment_status` is AiFi's paymentStatus as sent. An empty session
  // (session null on the wire) is tracked under the order id.
  Changes checkout(const std::string& session, std::int64_t order_id, webhooks::OrderStatus status,
                   CartView cart, std::string_view payment_status, UnixMicros time);
  // Applies the timers (thank_you, left_grace, idle_timeout, session_memory). Call about once
  // a second; nothing expires between calls except through inputs on the same lane.
  Changes tick(UnixMicros now);

  Changes raise_alert(AlertKind kind, std::string text, UnixMicros time, std::string zone = {},
                      std::optional<std::int64_t> order_id = std::nullopt);
  // not_found for an unknown (or already dropped) id; acknowledging twice changes nothing.
  Result<Changes> acknowledge(std::uint64_t alert_id, UnixMicros time);

  const LaneView* lane(std::string_view zone) const;  // nullptr for an unknown lane
  std::vector<const LaneView*> lanes() const;          // ordered by zone id
  const AlertBook& alerts() const { return alerts_; }
  const BoardCounters& counters() const { return counters_; }
  std::uint64_t last_seq() const { return next_seq_ - 1; }  // first_seq - 1 before any change
  std::size_t session_count() const { return sessions_.size(); }

 private:
  // A member's latest entry into and exit from one zone, by timeOfOrigin.
  struct Crossing {
    std::optional<UnixMicros> entered;
    std::optional<UnixMicros> left;
    bool inside() const { return entered.has_value() && (!left.has_value() || *entered > *left); }
  };
  struct Session {
    std::string key;
    std::string zone;              // lane this session is tied to; "" while none
    std::set<std::string> present;  // zones any of its members is in now
    std::map<std::pair<std::string, std::string>, Crossing> crossings;  // (zone, shopper)
    UnixMicros activity = 0;       // last thing the screen should follow
    UnixMicros last_seen = 0;      // last input of any kind
    UnixMicros left_at = 0;
    std::optional<CartView> live_cart;
    std::optional<CartView> priced_cart;
    std::optional<std::int64_t> order_id;
    bool checked_out = false;      // completed or reviewed
    UnixMicros checked_out_at = 0;
    PaymentOutcome payment = PaymentOutcome::kNone;
    std::uint64_t age_alert = 0;   // id of its last age_check alert, 0 = none
  };
  // A group's members in one zone.
  struct Group {
    std::set<std::string> members;  // shopper ids ("" = the session as a whole)
    bool attention = false;         // a member needed staff since the group came in
  };
  struct Lane {
    LaneView view;
    std::map<std::string, Group> present;  // session key -> its members in the zone
    std::set<std::string> tied;            // sessions whose `zone` is this lane
  };

  enum class OrderCheck { kNew, kDuplicate, kLate };

  UnixMicros advance(UnixMicros time);
  Lane* find_or_add_lane(const std::string& zone);
  Session& find_or_add_session(const std::string& key, Changes& changes);
  // What a zone move is about: its session, the member's crossing of that zone and the lane,
  // with the session marked seen; nullopt (counted as rejected) for a move without a session,
  // to a lane beyond max_lanes, or by a member beyond kMaxCrossingsPerSession.
  struct Mover {
    Session* session;
    Crossing* crossing;
    Lane* lane;
    UnixMicros origin;  // timeOfOrigin, else the arrival time
  };
  std::optional<Mover> mover_of(const ZoneMove& move, UnixMicros time, Changes& changes);
  Session* session_for_order(const std::string& key, bool may_use_default, Changes& changes);
  void tie(Session& session, const std::string& zone);
  bool worth_showing(const Session& session, bool present) const;
  const Session* focus_of(const Lane& lane) const;
  LaneView derive(const Lane& lane) const;
  void refresh(const std::string& zone, Changes& changes);
  void refresh_lanes_of(const Session& session, Changes& changes);
  std::uint64_t alert(AlertKind kind, std::string zone, std::optional<std::int64_t> order_id,
                      std::string text, Changes& changes);
  void raise_age_check(Session& session, const std::string& zone, Changes& changes);
  OrderCheck check_order(std::int64_t order_id, int rank);
  void alert_on_checkout(std::int64_t order_id, bool new_review, PaymentOutcome outcome,
                         std::string_view payment_status, const Session* session,
                         Changes& changes);
  void expire_presences();
  void forget_quiet_sessions();
  std::set<std::string> forget(const std::string& key);
  void evict_for_new_session(Changes& changes);

  LaneSettings settings_;
  UnixMicros now_ = 0;
  std::uint64_t next_seq_;
  std::map<std::string, Lane, std::less<>> lanes_;
  std::unordered_map<std::string, Session> sessions_;
  std::map<std::int64_t, int> order_ranks_;  // highest status rank seen per order
  std::deque<std::int64_t> order_arrival_;   // for bounding order_ranks_, oldest first
  AlertBook alerts_;
  BoardCounters counters_;
};

}  // namespace lanecast::display
