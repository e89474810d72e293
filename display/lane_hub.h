// LaneHub: the thread-safe home of the lane board, its JSON snapshots, its change history and
// its subscribers. The HTTP layer serves snapshots and server-sent events from it; the pole
// display follows one lane through it.
//
// Threads. Every public method may be called from any thread. One mutex guards the board and
// the history; it is held only while applying an input and rendering its JSON, never while
// calling out. Inputs come from the thread that handled the webhook (the daemon calls them
// after the event is stored) and from the main loop (tick, alerts).
//
// Subscribers. subscribe() registers a callback that receives every change matching its
// filter. It runs on the thread that called the input method, after the mutex is released,
// and changes reach subscribers in sequence order even when inputs race on several threads
// (a later change waits until the earlier one was delivered). Callbacks must be quick and
// must not block (wake a connection, queue a screen); they may read the hub (snapshots,
// changes_since) and subscribe or unsubscribe, but must NOT call an input method (entered,
// left, priced, checkout, tick, raise_alert, acknowledge_alert): that would wait on itself.
// After unsubscribe() returns, its callback is not running on another thread and is not
// called again. An exception thrown by a callback is swallowed and counted. Each change is
// rendered and framed as its server-sent event once, under the mutex, whatever the number of
// subscribers; they all receive the same immutable text (Change::event).
//
// Resume. Sequence numbers are global and strictly increasing (lanes and alerts share them).
// The last `history` changes are kept, fewer when their events pass `history_bytes` (fifty-line
// carts at full speed would otherwise hold megabytes for a resume that a snapshot serves as
// well); changes_since(seq) returns those after `seq`, or says
// a full snapshot is needed when `seq` is older than the history or newer than the hub
// (a client of an earlier run). Seed LaneSettings::first_seq with the start time in
// microseconds so that numbers from an earlier run are always below this run's history.
// A snapshot's "seq" is the last change it includes: resume from it.
//
// JSON shapes (see lane_json.h for lane, cart and alert objects):
//   snapshot:     {"type":"snapshot","seq","currency","decimals","lanes":[lane],"alerts":[alert]}
//   lanes:        {"type":"lanes","seq","currency","decimals","lanes":[lane]}
//   one lane:     {"type":"lane","seq","currency","decimals","lane":lane}
//   alerts:       {"type":"alerts","seq","alerts":[alert]}
//   lane change:  same as "one lane", with seq = the change's number
//   alert change: {"type":"alert","seq","alert":alert}
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/json.h"
#include "display/lane_state.h"

namespace lanecast::display {

struct HubSettings {
  LaneSettings lanes;
  std::string currency = "EUR";  // ISO 4217 code, shown beside amounts
  int decimals = 2;              // store.decimals
  std::size_t history = 512;     // changes kept for resume
  std::size_t history_bytes = 2 << 20;  // and at most this much of their event text
};

// One change, rendered and framed once, then shared by history, resume and subscribers.
struct Change {
  std::uint64_t seq = 0;
  ChangeTopic topic = ChangeTopic::kLane;
  std::string zone;              // the lane, or the alert's lane ("" for none)
  // The whole server-sent event, "id: <seq>\nevent: lane|alert\ndata: <json>\n\n". Immutable
  // and reference-counted: every stream queues this same text, so fifty screens cost one
  // formatting and one copy, and a slow screen holding it back costs nothing more.
  std::shared_ptr<const std::string> event;
  std::size_t json_offset = 0;   // where the body starts in *event
  std::optional<LaneView> lane;  // kLane: the lane after the change
  std::optional<Alert> alert;    // kAlert: the alert after the change

  // The event body, see the shapes above.
  std::string_view json() const;
};

struct ChangeFilter {
  std::string zone;     // "" = every lane; else only this lane (and its alerts)
  bool lanes = true;
  bool alerts = true;
  bool matches(const Change& change) const;
};

struct ChangeBatch {
  bool snapshot_needed = false;  // seq is unknown or too old: send a full snapshot instead
  std::uint64_t latest_seq = 0;  // the hub's last change number at the time of the call
  std::vector<Change> changes;   // after seq, matching the filter, in order
};

struct HubStats {
  BoardCounters board;
  std::uint64_t latest_seq = 0;
  std::size_t lanes = 0;
  std::size_t sessions = 0;
  std::size_t open_alerts = 0;
  std::size_t history = 0;
  std::size_t subscribers = 0;
  std::uint64_t callback_errors = 0;
  std::uint64_t events_rendered = 0;  // changes rendered and framed: one each, however many listen
};

// The snapshot a screen starts with, and the last change it includes.
struct Snapshot {
  std::string json;
  std::uint64_t seq = 0;
};

class LaneHub {
 public:
  explicit LaneHub(HubSettings settings);
  LaneHub(const LaneHub&) = delete;
  LaneHub& operator=(const LaneHub&) = delete;

  // Inputs: see LaneBoard for their meaning.
  void shopper_entered(const ZoneMove& move, UnixMicros time, bool attention_needed,
                       std::optional<CartView> live_cart);
  void shopper_left(const ZoneMove& move, UnixMicros time);
  void cart_priced(const std::string& session, std::int64_t order_id, CartView cart,
                   UnixMicros time);
  void checkout(const std::string& session, std::int64_t order_id, webhooks::OrderStatus status,
                CartView cart, std::string_view payment_status, UnixMicros time);
  void tick(UnixMicros now);
  void raise_alert(AlertKind kind, std::string text, UnixMicros time, std::string zone = {},
                   std::optional<std::int64_t> order_id = std::nullopt);
  // not_found when no such alert is kept.
  Status acknowledge_alert(std::uint64_t alert_id, UnixMicros time);

  // Reads: JSON as described above, consistent with their "seq".
  std::string snapshot_json() const;
  // What a stream with `filter` starts with, rendered from the board itself: the lanes it
  // matches (for a one-lane filter that lane, none when unknown) and, if it takes alerts, the
  // alerts it matches; the other array empty. Same shape as snapshot_json().
  Snapshot snapshot(const ChangeFilter& filter) const;
  std::string lanes_json() const;
  Result<std::string> lane_json(std::string_view zone) const;  // not_found for an unknown lane
  std::string alerts_json() const;
  std::optional<LaneView> lane_view(std::string_view zone) const;
  ChangeBatch changes_since(std::uint64_t seq, const ChangeFilter& filter) const;
  std::uint64_t latest_seq() const;
  HubStats stats() const;

  using SubscriptionId = std::uint64_t;
  using Callback = std::function<void(const Change&)>;
  SubscriptionId subscribe(ChangeFilter filter, Callback callback);
  void unsubscribe(SubscriptionId id);

 private:
  struct Subscriber {
    SubscriptionId id = 0;
    ChangeFilter filter;
    Callback callback;
    bool active = true;  // guarded by subscribers_mutex_
  };

  template <typename Apply>
  void apply(Apply&& input);
  using Rendered = std::vector<std::shared_ptr<const Change>>;
  Rendered render(const LaneBoard::Changes& changes);
  void remember(const Rendered& changes);
  void deliver(std::uint64_t ticket, const Rendered& changes);
  JsonPtr envelope(const char* type, std::uint64_t seq, bool with_money) const;

  const HubSettings settings_;

  mutable std::mutex mutex_;
  LaneBoard board_;                // guarded by mutex_
  std::deque<std::shared_ptr<const Change>> history_;  // guarded by mutex_
  std::size_t history_bytes_ = 0;      // guarded by mutex_: event text held by history_
  std::uint64_t events_rendered_ = 0;  // guarded by mutex_
  std::uint64_t dropped_through_;  // guarded by mutex_: highest seq no longer in history_
  std::uint64_t next_ticket_ = 0;  // guarded by mutex_

  // Delivery turns: the change rendered first is delivered first.
  std::mutex turn_mutex_;
  std::condition_variable turn_cv_;
  std::uint64_t serving_ = 0;      // guarded by turn_mutex_

  // Recursive so that a callback may subscribe or unsubscribe on its own thread.
  mutable std::recursive_mutex subscribers_mutex_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;  // guarded by subscribers_mutex_
  SubscriptionId next_subscription_ = 1;                  // guarded by subscribers_mutex_
  std::uint64_t callback_errors_ = 0;                     // guarded by subscribers_mutex_
};

}  // namespace lanecast::display
