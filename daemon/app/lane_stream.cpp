#include "daemon/app/lane_stream.h"

#include <mutex>
#include <string>
#include <vector>

namespace lanecast::app {
namespace {

// Feeds one stream from the hub. Every change arrives already framed as an event, shared by
// all streams: queuing it here copies a pointer, never the text. Changes that arrive while
// the first event is being prepared are held back, then sent after it if they are newer, so
// none is lost or sent twice.
class StreamFeed {
 public:
  explicit StreamFeed(std::shared_ptr<http::EventStream> stream) : stream_(std::move(stream)) {}

  void on_change(const display::Change& change) {
    std::lock_guard lock(mutex_);
    if (!started_) {
      held_.push_back({change.seq, change.event});
      return;
    }
    if (change.seq <= last_sent_) return;
    last_sent_ = change.seq;
    stream_->push(change.event);
  }

  void start(std::shared_ptr<const std::string> first_events, std::uint64_t seq) {
    std::lock_guard lock(mutex_);
    stream_->push(std::move(first_events));
    last_sent_ = seq;
    for (auto& [held_seq, text] : held_) {
      if (held_seq <= last_sent_) continue;
      last_sent_ = held_seq;
      stream_->push(std::move(text));
    }
    held_.clear();
    started_ = true;
  }

 private:
  using Event = std::pair<std::uint64_t, std::shared_ptr<const std::string>>;

  std::mutex mutex_;
  std::shared_ptr<http::EventStream> stream_;
  bool started_ = false;         // guarded by mutex_
  std::uint64_t last_sent_ = 0;  // guarded by mutex_
  std::vector<Event> held_;      // guarded by mutex_
};

// The events a (re)connecting client needs first, and the seq they bring it to. A resume is
// one text, so that the stream's backlog bound treats it as the first event, like a snapshot.
LaneStreamSnapshots::Event first_events(const display::LaneHub& hub, LaneStreamSnapshots& snapshots,
                                        const StreamRequest& request) {
  if (request.last_event_id) {
    display::ChangeBatch batch = hub.changes_since(*request.last_event_id, request.filter);
    if (!batch.snapshot_needed) {
      std::string text;
      std::uint64_t seq = *request.last_event_id;
      for (const auto& change : batch.changes) {
        text += *change.event;
        seq = change.seq;
      }
      return {std::make_shared<const std::string>(std::move(text)), seq};
    }
  }
  return snapshots.event_for(hub, request.filter);
}

StreamClaim claim_for(const display::LaneHub& hub, const StreamRequest& request) {
  StreamClaim claim;
  claim.address = request.client_address;
  claim.staff = request.filter.zone.empty();
  claim.lane = request.filter.zone;
  claim.known_lane = !claim.staff && hub.lane_view(claim.lane).has_value();
  return claim;
}

http::HttpAnswer refusal(Admission admission, const StreamRequest& request,
                         const StreamLimits& limits) {
  std::string detail;
  switch (admission) {
    case Admission::kStaffFull:
      detail = std::to_string(limits.max_staff) +
               " staff streams are open (display.max_staff_streams)";
      break;
    case Admission::kAddressFull:
      detail = std::to_string(limits.max_per_address) + " lane streams are open from " +
               request.client_address + " (display.max_streams_per_address)";
      break;
    case Admission::kAllFull:
    case Admission::kAdmitted:
      detail = std::to_string(limits.max_streams) + " lane streams are open (display.max_streams)";
      break;
  }
  http::HttpAnswer busy =
      http::json_error(503, "too_many_streams", "too many screens are connected: " + detail);
  busy.headers.emplace_back("Retry-After", "10");
  return busy;
}

}  // namespace

void open_lane_stream(display::LaneHub& hub, StreamRegistry& streams,
                      LaneStreamSnapshots& snapshots, const StreamRequest& request,
                      const std::shared_ptr<http::Reply>& reply) {
  auto stream = std::make_shared<http::EventStream>();
  const Admission admission = streams.add(stream, claim_for(hub, request));
  if (admission != Admission::kAdmitted) {
    reply->send(refusal(admission, request, streams.limits()));
    return;
  }
  auto feed = std::make_shared<StreamFeed>(stream);
  const auto subscription = hub.subscribe(request.filter, [feed](const display::Change& change) {
    feed->on_change(change);
  });
  stream->set_on_detach([&hub, &streams, subscription, raw = stream.get()] {
    hub.unsubscribe(subscription);
    streams.remove(raw);
  });
  auto first = first_events(hub, snapshots, request);
  feed->start(std::move(first.text), first.seq);
  http::HttpAnswer answer;
  answer.content_type = "text/event-stream";
  answer.stream = std::move(stream);
  reply->send(std::move(answer));
}

}  // namespace lanecast::app
