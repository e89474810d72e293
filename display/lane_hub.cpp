#include "display/lane_hub.h"

#include <algorithm>
#include <utility>

#include "display/lane_json.h"

namespace lanecast::display {

bool ChangeFilter::matches(const Change& change) const {
  const bool wanted = change.topic == ChangeTopic::kLane ? lanes : alerts;
  return wanted && (zone.empty() || zone == change.zone);
}

LaneHub::LaneHub(HubSettings settings)
    : settings_(std::move(settings)), board_(settings_.lanes), dropped_through_(board_.last_seq()) {}

JsonPtr LaneHub::envelope(const char* type, std::uint64_t seq, bool with_money) const {
  JsonPtr json(cJSON_CreateObject());
  if (!json) return json;
  // Literal keys, not copied (see lane_json.cpp); `type` is a literal too.
  cJSON_AddItemToObjectCS(json.get(), "type", cJSON_CreateStringReference(type));
  add_json_integer(json.get(), "seq", static_cast<std::int64_t>(seq));
  if (with_money) {
    cJSON_AddItemToObjectCS(json.get(), "currency", cJSON_CreateString(settings_.currency.c_str()));
    add_json_integer(json.get(), "decimals", settings_.decimals);
  }
  return json;
}

std::string_view Change::json() const {
  if (!event) return {};
  // Past the offset, the event is the body and its closing "\n\n".
  return std::string_view(*event).substr(json_offset, event->size() - json_offset - 2);
}

LaneHub::Rendered LaneHub::render(const LaneBoard::Changes& changes) {
  Rendered rendered;
  for (const BoardChange& change : changes) {
    auto out = std::make_shared<Change>();
    out->seq = change.seq;
    out->topic = change.topic;
    out->zone = change.zone;
    JsonPtr json;
    const char* type = nullptr;
    if (change.topic == ChangeTopic::kLane) {
      const LaneView* lane = board_.lane(change.zone);
      // Within one input a lane may change twice; only its final view is worth sending.
      if (lane == nullptr || lane->seq != change.seq) continue;
      type = "lane";
      json = envelope(type, change.seq, true);
      cJSON_AddItemToObjectCS(json.get(), "lane", lane_to_json(*lane, settings_.decimals).release());
      out->lane = *lane;
    } else {
      const Alert* alert = board_.alerts().find(change.alert_id);
      if (alert == nullptr || alert->seq != change.seq) continue;
      type = "alert";
      json = envelope(type, change.seq, false);
      cJSON_AddItemToObjectCS(json.get(), "alert", alert_to_json(*alert).release());
      out->alert = *alert;
    }
    out->event = std::make_shared<const std::string>(sse_event(change.seq, type, json_print(json.get())));
    out->json_offset = sse_data_offset(change.seq, type);
    ++events_rendered_;
    rendered.push_back(std::move(out));
  }
  return rendered;
}

void LaneHub::remember(const Rendered& changes) {
  const std::size_t limit = std::max<std::size_t>(1, settings_.history);
  for (const auto& change : changes) {
    history_.push_back(change);
    history_bytes_ += change->event->size();
    // The newest change stays, whatever its size.
    while (history_.size() > limit || (history_.size() > 1 && history_bytes_ > settings_.history_bytes)) {
      dropped_through_ = history_.front()->seq;
      history_bytes_ -= history_.front()->event->size();
      history_.pop_front();
    }
  }
}

template <typename Apply>
void LaneHub::apply(Apply&& input) {
  Rendered changes;
  std::uint64_t ticket = 0;
  {
    std::lock_guard lock(mutex_);
    changes = render(input(board_));
    if (changes.empty()) return;
    remember(changes);
    ticket = next_ticket_++;
  }
  deliver(ticket, changes);
}

void LaneHub::deliver(std::uint64_t ticket, const Rendered& changes) {
  {
    std::unique_lock lock(turn_mutex_);
    turn_cv_.wait(lock, [&] { return serving_ == ticket; });
  }
  {
    std::lock_guard lock(subscribers_mutex_);
    // A copy, because a callback may subscribe or unsubscribe while we iterate.
    const auto subscribers = subscribers_;
    for (const auto& change : changes) {
      for (const auto& subscriber : subscribers) {
        if (!subscriber->active || !subscriber->filter.matches(*change)) continue;
        try {
          subscriber->callback(*change);
        } catch (...) {
          ++callback_errors_;
        }
      }
    }
  }
  {
    std::lock_guard lock(turn_mutex_);
    ++serving_;
  }
  turn_cv_.notify_all();
}

void LaneHub::shopper_entered(const ZoneMove& move, UnixMicros time, bool attention_needed,
                              std::optional<CartView> live_cart) {
  apply([&](LaneBoard& board) {
    return board.shopper_entered(move, time, attention_needed, std::move(live_cart));
  });
}

void LaneHub::shopper_left(const ZoneMove& move, UnixMicros time) {
  apply([&](LaneBoard& board) { return board.shopper_left(move, time); });
}

void LaneHub::cart_priced(const std::string& session, std::int64_t order_id, CartView cart,
                          UnixMicros time) {
  apply([&](LaneBoard& board) { return board.cart_priced(session, order_id, std::move(cart), time); });
}

void LaneHub::checkout(const std::string& session, std::int64_t order_id,
                       webhooks::OrderStatus status, CartView cart,
                       std::string_view payment_status, UnixMicros time) {
  apply([&](LaneBoard& board) {
    return board.checkout(session, order_id, status, std::move(cart), payment_status, time);
  });
}

void LaneHub::tick(UnixMicros now) {
  apply([&](LaneBoard& board) { return board.tick(now); });
}

void LaneHub::raise_alert(AlertKind kind, std::string text, UnixMicros time, std::string zone,
                          std::optional<std::int64_t> order_id) {
  apply([&](LaneBoard& board) {
    return board.raise_alert(kind, std::move(text), time, std::move(zone), order_id);
  });
}

Status LaneHub::acknowledge_alert(std::uint64_t alert_id, UnixMicros time) {
  Status status;
  apply([&](LaneBoard& board) {
    auto changes = board.acknowledge(alert_id, time);
    if (!changes.is_ok()) {
      status = changes.status();
      return LaneBoard::Changes();
    }
    return std::move(changes).value();
  });
  return status;
}

std::string LaneHub::snapshot_json() const { return snapshot(ChangeFilter{}).json; }

Snapshot LaneHub::snapshot(const ChangeFilter& filter) const {
  std::lock_guard lock(mutex_);
  Snapshot snapshot;
  snapshot.seq = board_.last_seq();
  JsonPtr json = envelope("snapshot", snapshot.seq, true);
  cJSON* lanes = cJSON_AddArrayToObject(json.get(), "lanes");
  if (filter.lanes && filter.zone.empty()) {
    for (const LaneView* lane : board_.lanes())
      cJSON_AddItemToArray(lanes, lane_to_json(*lane, settings_.decimals).release());
  } else if (filter.lanes) {
    // One lane: looked up, not filtered out of every lane's JSON.
    if (const LaneView* lane = board_.lane(filter.zone); lane != nullptr)
      cJSON_AddItemToArray(lanes, lane_to_json(*lane, settings_.decimals).release());
  }
  cJSON* alerts = cJSON_AddArrayToObject(json.get(), "alerts");
  if (filter.alerts) {
    for (const Alert& alert : board_.alerts().all())
      if (filter.zone.empty() || filter.zone == alert.zone)
        cJSON_AddItemToArray(alerts, alert_to_json(alert).release());
  }
  snapshot.json = json_print(json.get());
  return snapshot;
}

std::string LaneHub::lanes_json() const {
  std::lock_guard lock(mutex_);
  JsonPtr json = envelope("lanes", board_.last_seq(), true);
  cJSON* lanes = cJSON_AddArrayToObject(json.get(), "lanes");
  for (const LaneView* lane : board_.lanes())
    cJSON_AddItemToArray(lanes, lane_to_json(*lane, settings_.decimals).release());
  return json_print(json.get());
}

Result<std::string> LaneHub::lane_json(std::string_view zone) const {
  std::lock_guard lock(mutex_);
  const LaneView* lane = board_.lane(zone);
  if (lane == nullptr) return Status::not_found("no lane '" + std::string(zone.substr(0, 64)) + "'");
  JsonPtr json = envelope("lane", board_.last_seq(), true);
  cJSON_AddItemToObjectCS(json.get(), "lane", lane_to_json(*lane, settings_.decimals).release());
  return json_print(json.get());
}

std::string LaneHub::alerts_json() const {
  std::lock_guard lock(mutex_);
  JsonPtr json = envelope("alerts", board_.last_seq(), false);
  cJSON* alerts = cJSON_AddArrayToObject(json.get(), "alerts");
  for (const Alert& alert : board_.alerts().all())
    cJSON_AddItemToArray(alerts, alert_to_json(alert).release());
  return json_print(json.get());
}

std::optional<LaneView> LaneHub::lane_view(std::string_view zone) const {
  std::lock_guard lock(mutex_);
  const LaneView* lane = board_.lane(zone);
  if (lane == nullptr) return std::nullopt;
  return *lane;
}

ChangeBatch LaneHub::changes_since(std::uint64_t seq, const ChangeFilter& filter) const {
  std::lock_guard lock(mutex_);
  ChangeBatch batch;
  batch.latest_seq = board_.last_seq();
  if (seq > batch.latest_seq || seq < dropped_through_) {
    batch.snapshot_needed = true;
    return batch;
  }
  for (const auto& change : history_)
    if (change->seq > seq && filter.matches(*change)) batch.changes.push_back(*change);
  return batch;
}

std::uint64_t LaneHub::latest_seq() const {
  std::lock_guard lock(mutex_);
  return board_.last_seq();
}

HubStats LaneHub::stats() const {
  HubStats stats;
  {
    std::lock_guard lock(mutex_);
    stats.board = board_.counters();
    stats.latest_seq = board_.last_seq();
    stats.lanes = board_.lanes().size();
    stats.sessions = board_.session_count();
    stats.open_alerts = static_cast<std::size_t>(
        std::count_if(board_.alerts().all().begin(), board_.alerts().all().end(),
                      [](const Alert& alert) { return !alert.acknowledged; }));
    stats.history = history_.size();
    stats.events_rendered = events_rendered_;
  }
  // Taken separately, never nested with mutex_: a delivering thread holds this one while its
  // callbacks read the hub.
  std::lock_guard lock(subscribers_mutex_);
  stats.subscribers = subscribers_.size();
  stats.callback_errors = callback_errors_;
  return stats;
}

LaneHub::SubscriptionId LaneHub::subscribe(ChangeFilter filter, Callback callback) {
  std::lock_guard lock(subscribers_mutex_);
  auto subscriber = std::make_shared<Subscriber>();
  subscriber->id = next_subscription_++;
  subscriber->filter = std::move(filter);
  subscriber->callback = std::move(callback);
  subscribers_.push_back(subscriber);
  return subscriber->id;
}

void LaneHub::unsubscribe(SubscriptionId id) {
  std::lock_guard lock(subscribers_mutex_);
  auto it = std::find_if(subscribers_.begin(), subscribers_.end(),
                         [&](const auto& subscriber) { return subscriber->id == id; });
  if (it == subscribers_.end()) return;
  (*it)->active = false;
  subscribers_.erase(it);
}

}  // namespace lanecast::display
