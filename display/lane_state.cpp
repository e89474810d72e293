#include "display/lane_state.h"

#include <algorithm>
#include <utility>

namespace lanecast::display {
namespace {

constexpr int kCompletedRank = static_cast<int>(webhooks::OrderStatus::kCompleted);

int rank_of(webhooks::OrderStatus status) { return static_cast<int>(status); }

// A checkout without a session still needs a key that ties its draft to its completion.
std::string session_key(const std::string& session, std::int64_t order_id) {
  return session.empty() ? "order:" + std::to_string(order_id) : session;
}

bool has_cart(const std::optional<CartView>& cart) {
  return cart.has_value() && !cart->lines.empty();
}

}  // namespace

LaneBoard::LaneBoard(LaneSettings settings)
    : settings_(std::move(settings)),
      next_seq_(std::max<std::uint64_t>(1, settings_.first_seq)),
      alerts_(settings_.max_alerts) {
  for (const std::string& zone : settings_.zones) find_or_add_lane(zone);
  find_or_add_lane(settings_.default_zone);
}

UnixMicros LaneBoard::advance(UnixMicros time) {
  now_ = std::max(now_, time);
  return now_;
}

LaneBoard::Lane* LaneBoard::find_or_add_lane(const std::string& zone) {
  if (zone.empty()) return nullptr;
  auto it = lanes_.find(zone);
  if (it != lanes_.end()) return &it->second;
  if (lanes_.size() >= settings_.max_lanes) return nullptr;
  Lane& lane = lanes_[zone];
  lane.view.zone = zone;
  return &lane;
}

LaneBoard::Session& LaneBoard::find_or_add_session(const std::string& key, Changes& changes) {
  auto it = sessions_.find(key);
  if (it != sessions_.end()) return it->second;
  if (sessions_.size() >= std::max<std::size_t>(1, settings_.max_sessions))
    evict_for_new_session(changes);
  Session& session = sessions_[key];
  session.key = key;
  return session;
}

std::optional<LaneBoard::Mover> LaneBoard::mover_of(const ZoneMove& move, UnixMicros time,
                                                    Changes& changes) {
  if (move.session.empty() || find_or_add_lane(move.zone) == nullptr) {
    ++counters_.rejected;
    return std::nullopt;
  }
  Session& session = find_or_add_session(move.session, changes);
  auto key = std::pair(move.zone, move.shopper);
  auto crossing = session.crossings.find(key);
  if (crossing == session.crossings.end()) {
    if (session.crossings.size() >= kMaxCrossingsPerSession) {
      ++counters_.rejected;
      return std::nullopt;
    }
    crossing = session.crossings.emplace(std::move(key), Crossing{}).first;
  }
  session.last_seen = now_;
  return Mover{&session, &crossing->second, &lanes_.at(move.zone), move.origin.value_or(time)};
}

LaneBoard::Session* LaneBoard::session_for_order(const std::string& key, bool may_use_default,
                                                 Changes& changes) {
  auto it = sessions_.find(key);
  if (it != sessions_.end() && !it->second.zone.empty()) return &it->second;
  if (!may_use_default || find_or_add_lane(settings_.default_zone) == nullptr) return nullptr;
  Session& session = find_or_add_session(key, changes);
  tie(session, settings_.default_zone);
  return &session;
}

void LaneBoard::tie(Session& session, const std::string& zone) {
  if (session.zone == zone) return;
  if (auto old = lanes_.find(session.zone); old != lanes_.end()) old->second.tied.erase(session.key);
  session.zone = zone;
  if (auto lane = lanes_.find(zone); lane != lanes_.end()) lane->second.tied.insert(session.key);
}

bool LaneBoard::worth_showing(const Session& session, bool present) const {
  if (session.checked_out) return now_ < session.checked_out_at + settings_.thank_you;
  if (present) return true;
  if (!session.priced_cart.has_value() && !has_cart(session.live_cart)) return false;
  return now_ < std::max(session.left_at, session.activity) + settings_.left_grace;
}

const LaneBoard::Session* LaneBoard::focus_of(const Lane& lane) const {
  const Session* best = nullptr;
  UnixMicros best_at = 0;
  // Among those who left, the last one to leave counts as the most recent: the lane keeps
  // showing what it showed while they stood there.
  auto consider = [&](const std::string& key, bool present) {
    auto it = sessions_.find(key);
    if (it == sessions_.end() || !worth_showing(it->second, present)) return;
    const Session& s = it->second;
    const UnixMicros at = present ? s.activity : std::max(s.activity, s.left_at);
    if (best == nullptr || at > best_at || (at == best_at && s.key > best->key)) {
      best = &s;
      best_at = at;
    }
  };
  for (const auto& [key, group] : lane.present) consider(key, true);
  if (best != nullptr) return best;
  for (const std::string& key : lane.tied)
    if (!lane.present.contains(key)) consider(key, false);
  return best;
}

LaneView LaneBoard::derive(const Lane& lane) const {
  LaneView view;
  view.zone = lane.view.zone;
  for (const auto& [key, group] : lane.present) {
    view.shoppers += static_cast<int>(group.members.size());
    view.attention = view.attention || group.attention;
  }
  const Session* focus = focus_of(lane);
  if (focus == nullptr) return view;
  if (focus->checked_out) {
    view.phase = LanePhase::kPaid;
    view.payment = focus->payment;
  } else {
    view.phase = focus->priced_cart.has_value() ? LanePhase::kCart : LanePhase::kWelcome;
  }
  if (view.phase == LanePhase::kWelcome) {
    view.cart = focus->live_cart;
  } else {
    view.cart = focus->priced_cart;
    view.order_id = focus->order_id;
  }
  return view;
}

void LaneBoard::refresh(const std::string& zone, Changes& changes) {
  auto it = lanes_.find(zone);
  if (it == lanes_.end()) return;
  Lane& lane = it->second;
  LaneView view = derive(lane);
  if (view.same_content(lane.view)) return;
  view.seq = next_seq_++;
  view.updated_at = now_;
  view.phase_since = view.phase != lane.view.phase ? now_ : lane.view.phase_since;
  lane.view = std::move(view);
  changes.push_back({lane.view.seq, ChangeTopic::kLane, zone, 0});
}

void LaneBoard::refresh_lanes_of(const Session& session, Changes& changes) {
  std::set<std::string> zones = session.present;
  if (!session.zone.empty()) zones.insert(session.zone);
  for (const std::string& zone : zones) refresh(zone, changes);
}

std::uint64_t LaneBoard::alert(AlertKind kind, std::string zone,
                               std::optional<std::int64_t> order_id, std::string text,
                               Changes& changes) {
  const Alert& raised =
      alerts_.raise(kind, std::move(zone), order_id, std::move(text), now_, next_seq_++);
  changes.push_back({raised.seq, ChangeTopic::kAlert, raised.zone, raised.id});
  return raised.id;
}

void LaneBoard::raise_age_check(Session& session, const std::string& zone, Changes& changes) {
  session.age_alert =
      alert(AlertKind::kAgeCheck, zone, std::nullopt, "Age check needed at lane " + zone, changes);
}

LaneBoard::OrderCheck LaneBoard::check_order(std::int64_t order_id, int rank) {
  auto it = order_ranks_.find(order_id);
  if (it == order_ranks_.end()) {
    order_ranks_.emplace(order_id, rank);
    order_arrival_.push_back(order_id);
    while (order_ranks_.size() > std::max<std::size_t>(1, settings_.max_sessions)) {
      order_ranks_.erase(order_arrival_.front());
      order_arrival_.pop_front();
    }
    return OrderCheck::kNew;
  }
  if (rank < it->second) return OrderCheck::kLate;
  if (rank == it->second) return OrderCheck::kDuplicate;
  it->second = rank;
  return OrderCheck::kNew;
}

LaneBoard::Changes LaneBoard::shopper_entered(const ZoneMove& move, UnixMicros time,
                                              bool attention_needed,
                                              std::optional<CartView> live_cart) {
  advance(time);
  Changes changes;
  const std::optional<Mover> mover = mover_of(move, time, changes);
  if (!mover) return changes;
  Session& s = *mover->session;
  Crossing& crossing = *mover->crossing;
  Lane& lane = *mover->lane;
  const UnixMicros origin = mover->origin;
  if (!crossing.entered || origin > *crossing.entered) crossing.entered = origin;
  if (!crossing.inside()) {
    // This member already left the zone after this entry: the /left overtook the /entered.
    // The lane does not count it, but staff still hear of a flag: the shopper was just here.
    if (s.zone.empty()) tie(s, move.zone);
    ++counters_.late;
    if (attention_needed && !alerts_.is_open(s.age_alert)) raise_age_check(s, move.zone, changes);
    return changes;
  }
  const std::string previous_zone = s.zone;
  auto [group, group_entered] = lane.present.try_emplace(move.session);
  const bool member_entered = group->second.members.insert(move.shopper).second;
  const bool escalated = attention_needed && !group->second.attention;
  if (escalated) group->second.attention = true;
  if (group_entered) {
    s.present.insert(move.zone);
    tie(s, move.zone);
  }
  if (member_entered) s.activity = now_;
  const bool new_cart = live_cart.has_value() && live_cart != s.live_cart;
  if (new_cart) {
    s.live_cart = std::move(live_cart);
    s.activity = now_;
  }
  if (escalated && !alerts_.is_open(s.age_alert)) raise_age_check(s, move.zone, changes);
  if (!member_entered && !escalated && !new_cart) ++counters_.duplicates;
  refresh(move.zone, changes);
  if (previous_zone != move.zone) refresh(previous_zone, changes);
  return changes;
}

LaneBoard::Changes LaneBoard::shopper_left(const ZoneMove& move, UnixMicros time) {
  advance(time);
  Changes changes;
  const std::optional<Mover> mover = mover_of(move, time, changes);
  if (!mover) return changes;
  Session& s = *mover->session;
  Crossing& crossing = *mover->crossing;
  Lane& lane = *mover->lane;
  const UnixMicros origin = mover->origin;
  if (!crossing.left || origin > *crossing.left) crossing.left = origin;
  auto group = lane.present.find(move.session);
  const bool was_inside =
      group != lane.present.end() && group->second.members.contains(move.shopper);
  if (!was_inside || crossing.inside()) {
    // A member's second /left, a /left whose /entered never reached us, or one older than the
    // member's latest entry: nothing to show, but it still says which lane a later checkout
    // belongs to.
    if (s.zone.empty()) tie(s, move.zone);
    ++(was_inside ? counters_.late : counters_.duplicates);
    return changes;
  }
  group->second.members.erase(move.shopper);
  if (group->second.members.empty()) {
    // The last member out: the group left, and its attention with it.
    lane.present.erase(group);
    s.present.erase(move.zone);
    s.left_at = now_;
  }
  refresh(move.zone, changes);
  return changes;
}

LaneBoard::Changes LaneBoard::cart_priced(const std::string& session, std::int64_t order_id,
                                          CartView cart, UnixMicros time) {
  advance(time);
  Changes changes;
  auto rank = order_ranks_.find(order_id);
  if (rank != order_ranks_.end() && rank->second >= kCompletedRank) {
    ++counters_.late;
    return changes;
  }
  Session* s = session_for_order(session_key(session, order_id), true, changes);
  if (s == nullptr) {
    ++counters_.unattributed;
    return changes;
  }
  s->last_seen = now_;
  if (s->order_id == order_id && s->priced_cart == cart) {
    ++counters_.duplicates;
    return changes;
  }
  if (s->order_id != order_id) s->checked_out = false;  // a new order starts afresh
  s->order_id = order_id;
  s->priced_cart = std::move(cart);
  s->activity = now_;
  refresh_lanes_of(*s, changes);
  return changes;
}

void LaneBoard::alert_on_checkout(std::int64_t order_id, bool new_review, PaymentOutcome outcome,
                                  std::string_view payment_status, const Session* session,
                                  Changes& changes) {
  const std::string zone = session != nullptr ? session->zone : std::string();
  const std::string order = "Order " + std::to_string(order_id);
  if (new_review) alert(AlertKind::kOrderReviewed, zone, order_id, order + " was reviewed", changes);
  // Once per order: a redelivery or a review that is still unpaid says nothing new.
  const bool was_unpaid = session != nullptr && session->order_id == order_id &&
                          session->payment == PaymentOutcome::kUnpaid;
  if (outcome == PaymentOutcome::kUnpaid && !was_unpaid)
    alert(AlertKind::kPaymentNotSuccessful, zone, order_id,
          order + ": payment status '" + std::string(payment_status.substr(0, 40)) + "'", changes);
}

LaneBoard::Changes LaneBoard::checkout(const std::string& session, std::int64_t order_id,
                                       webhooks::OrderStatus status, CartView cart,
                                       std::string_view payment_status, UnixMicros time) {
  advance(time);
  Changes changes;
  const int rank = rank_of(status);
  const OrderCheck check = check_order(order_id, rank);
  if (check == OrderCheck::kLate) {
    ++counters_.late;
    return changes;
  }
  const bool reviewed = status == webhooks::OrderStatus::kReviewed;
  const PaymentOutcome outcome =
      rank >= kCompletedRank ? payment_outcome_from_status(payment_status) : PaymentOutcome::kNone;
  Session* s = session_for_order(session_key(session, order_id), !reviewed, changes);
  const bool same_as_shown =
      s != nullptr && s->order_id == order_id && s->priced_cart == cart && s->payment == outcome;
  if (check == OrderCheck::kDuplicate && (s == nullptr || same_as_shown)) {
    ++counters_.duplicates;
    return changes;
  }
  alert_on_checkout(order_id, check == OrderCheck::kNew && reviewed, outcome, payment_status, s,
                    changes);
  if (s == nullptr) {
    if (!reviewed) ++counters_.unattributed;
    return changes;
  }
  if (s->order_id != order_id) s->checked_out = false;
  s->order_id = order_id;
  s->priced_cart = std::move(cart);
  s->last_seen = s->activity = now_;
  if (rank >= kCompletedRank) {
    s->checked_out = true;
    s->checked_out_at = now_;
    s->payment = outcome;
  }
  refresh_lanes_of(*s, changes);
  return changes;
}

void LaneBoard::expire_presences() {
  for (auto& [zone, lane] : lanes_) {
    for (auto it = lane.present.begin(); it != lane.present.end();) {
      auto s = sessions_.find(it->first);
      if (s != sessions_.end() && now_ < s->second.last_seen + settings_.idle_timeout) {
        ++it;
        continue;
      }
      if (s != sessions_.end()) {
        s->second.present.erase(zone);
        // As if it left when last heard of, so its cart does not linger another left_grace.
        s->second.left_at = s->second.last_seen;
      }
      it = lane.present.erase(it);
      ++counters_.idle_timeouts;
    }
  }
}

std::set<std::string> LaneBoard::forget(const std::string& key) {
  std::set<std::string> zones;
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return zones;
  zones = it->second.present;
  if (!it->second.zone.empty()) zones.insert(it->second.zone);
  for (const std::string& zone : zones) {
    auto lane = lanes_.find(zone);
    if (lane == lanes_.end()) continue;
    lane->second.present.erase(key);
    lane->second.tied.erase(key);
  }
  sessions_.erase(it);
  ++counters_.sessions_forgotten;
  return zones;
}

void LaneBoard::forget_quiet_sessions() {
  std::vector<std::string> quiet;
  for (const auto& [key, s] : sessions_)
    if (s.present.empty() && now_ >= s.last_seen + settings_.session_memory &&
        !worth_showing(s, false))
      quiet.push_back(key);
  for (const std::string& key : quiet) forget(key);
}

void LaneBoard::evict_for_new_session(Changes& changes) {
  // The quietest session that is in no zone; failing that, the quietest one at all.
  auto order = [](const Session& s) { return std::pair{!s.present.empty(), s.last_seen}; };
  const Session* victim = nullptr;
  for (const auto& [key, s] : sessions_)
    if (victim == nullptr || order(s) < order(*victim)) victim = &s;
  if (victim == nullptr) return;
  const std::string key = victim->key;
  for (const std::string& zone : forget(key)) refresh(zone, changes);
}

LaneBoard::Changes LaneBoard::tick(UnixMicros now) {
  advance(now);
  Changes changes;
  expire_presences();
  forget_quiet_sessions();
  for (auto& [zone, lane] : lanes_) refresh(zone, changes);
  return changes;
}

LaneBoard::Changes LaneBoard::raise_alert(AlertKind kind, std::string text, UnixMicros time,
                                          std::string zone, std::optional<std::int64_t> order_id) {
  advance(time);
  Changes changes;
  alert(kind, std::move(zone), order_id, std::move(text), changes);
  return changes;
}

Result<LaneBoard::Changes> LaneBoard::acknowledge(std::uint64_t alert_id, UnixMicros time) {
  advance(time);
  auto acknowledged = alerts_.acknowledge(alert_id, now_, next_seq_);
  if (!acknowledged.is_ok()) return acknowledged.status();
  Changes changes;
  if (*acknowledged == nullptr) return changes;
  ++next_seq_;
  changes.push_back({(*acknowledged)->seq, ChangeTopic::kAlert, (*acknowledged)->zone, alert_id});
  return changes;
}

const LaneView* LaneBoard::lane(std::string_view zone) const {
  auto it = lanes_.find(zone);
  return it == lanes_.end() ? nullptr : &it->second.view;
}

std::vector<const LaneView*> LaneBoard::lanes() const {
  std::vector<const LaneView*> out;
  out.reserve(lanes_.size());
  for (const auto& [zone, lane] : lanes_) out.push_back(&lane.view);
  return out;
}

}  // namespace lanecast::display
