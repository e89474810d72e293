#include "daemon/app/lane_stream.h"

#include <mutex>
#include <string>
#include <vector>

#include "daemon/core/json.h"

namespace lanecast::app {
namespace {

const char* event_type(const display::Change& change) {
  return change.topic == display::ChangeTopic::kLane ? "lane" : "alert";
}

// Feeds one stream from the hub. Changes that arrive while the first event is being prepared
// are held back, then sent after it if they are newer, so none is lost or sent twice.
class StreamFeed {
 public:
  explicit StreamFeed(std::shared_ptr<http::EventStream> stream) : stream_(std::move(stream)) {}

  void on_change(const display::Change& change) {
    std::lock_guard lock(mutex_);
    if (!started_) {
      held_.push_back({change.seq, http::sse_event(change.seq, event_type(change), change.json)});
      return;
    }
    if (change.seq <= last_sent_) return;
    last_sent_ = change.seq;
    stream_->push(http::sse_event(change.seq, event_type(change), change.json));
  }

  void start(const std::string& first_events, std::uint64_t seq) {
    std::lock_guard lock(mutex_);
    stream_->push(first_events);
    last_sent_ = seq;
    for (const auto& [held_seq, text] : held_) {
      if (held_seq <= last_sent_) continue;
      last_sent_ = held_seq;
      stream_->push(text);
    }
    held_.clear();
    started_ = true;
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<http::EventStream> stream_;
  bool started_ = false;                                   // guarded by mutex_
  std::uint64_t last_sent_ = 0;                            // guarded by mutex_
  std::vector<std::pair<std::uint64_t, std::string>> held_;  // guarded by mutex_
};

// The events a (re)connecting client needs first, and the seq they bring it to.
std::pair<std::string, std::uint64_t> first_events(const display::LaneHub& hub,
                                                   const display::ChangeFilter& filter,
                                                   std::optional<std::uint64_t> last_event_id) {
  if (last_event_id) {
    display::ChangeBatch batch = hub.changes_since(*last_event_id, filter);
    if (!batch.snapshot_needed) {
      std::string text;
      std::uint64_t seq = *last_event_id;
      for (const auto& change : batch.changes) {
        text += http::sse_event(change.seq, event_type(change), change.json);
        seq = change.seq;
      }
      return {text, seq};
    }
  }
  auto [snapshot, seq] = stream_snapshot(hub, filter);
  return {http::sse_event(seq, "snapshot", snapshot), seq};
}

}  // namespace

std::pair<std::string, std::uint64_t> stream_snapshot(const display::LaneHub& hub,
                                                      const display::ChangeFilter& filter) {
  JsonPtr snapshot = json_parse(hub.snapshot_json());
  const cJSON* seq_item = cJSON_GetObjectItemCaseSensitive(snapshot.get(), "seq");
  const std::uint64_t seq = cJSON_IsNumber(seq_item) ? static_cast<std::uint64_t>(seq_item->valuedouble) : 0;
  if (!filter.zone.empty()) {
    cJSON* lanes = cJSON_GetObjectItemCaseSensitive(snapshot.get(), "lanes");
    for (int i = cJSON_GetArraySize(lanes) - 1; i >= 0; --i) {
      const cJSON* zone = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(lanes, i), "zone");
      if (!cJSON_IsString(zone) || filter.zone != zone->valuestring) cJSON_DeleteItemFromArray(lanes, i);
    }
  }
  if (!filter.alerts) cJSON_ReplaceItemInObjectCaseSensitive(snapshot.get(), "alerts", cJSON_CreateArray());
  return {json_print(snapshot.get()), seq};
}

void open_lane_stream(display::LaneHub& hub, StreamRegistry& streams,
                      const display::ChangeFilter& filter,
                      std::optional<std::uint64_t> last_event_id,
                      const std::shared_ptr<http::Reply>& reply) {
  auto stream = std::make_shared<http::EventStream>();
  if (!streams.add(stream)) {
    http::HttpAnswer busy = http::json_error(503, "too_many_streams", "too many screens are connected");
    busy.headers.emplace_back("Retry-After", "10");
    reply->send(std::move(busy));
    return;
  }
  auto feed = std::make_shared<StreamFeed>(stream);
  const auto subscription = hub.subscribe(filter, [feed](const display::Change& change) {
    feed->on_change(change);
  });
  stream->set_on_detach([&hub, &streams, subscription, raw = stream.get()] {
    hub.unsubscribe(subscription);
    streams.remove(raw);
  });
  auto [text, seq] = first_events(hub, filter, last_event_id);
  feed->start(text, seq);
  http::HttpAnswer answer;
  answer.content_type = "text/event-stream";
  answer.stream = std::move(stream);
  reply->send(std::move(answer));
}

}  // namespace lanecast::app
