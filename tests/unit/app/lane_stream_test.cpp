// Lane streams as the hub feeds them: each change reaches every open stream as the one text
// the hub framed for it (formatted once, whatever the number of screens), after the snapshot
// or the resumed changes the stream started with.
#include "daemon/app/lane_stream.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/http/event_stream.h"
#include "daemon/http/reply.h"

#include <CppUTest/TestHarness.h>

#include "../http/event_stream_reading.h"

using lanecast::app::LaneStreamSnapshots;
using lanecast::app::StreamLimits;
using lanecast::app::StreamRegistry;
using lanecast::app::StreamRequest;
using lanecast::display::ChangeFilter;
using lanecast::display::HubSettings;
using lanecast::display::LaneHub;
using lanecast::display::ZoneMove;
using lanecast::http::EventStream;
using lanecast::http::Reply;

namespace {

HubSettings two_lanes() {
  HubSettings settings;
  settings.lanes.zones = {"1", "2"};
  return settings;
}

}  // namespace

TEST_GROUP(LaneStreams) {
  LaneHub hub{two_lanes()};
  StreamRegistry registry{StreamLimits{200, 100, 8}};
  LaneStreamSnapshots snapshots;
  std::vector<std::shared_ptr<EventStream>> open;

  std::shared_ptr<EventStream> open_stream(const std::string& zone,
                                           std::optional<std::uint64_t> last_event_id = std::nullopt) {
    StreamRequest request;
    request.filter.zone = zone;
    request.filter.alerts = zone.empty();
    request.last_event_id = last_event_id;
    request.client_address = "127.0.0.1";
    auto reply = std::make_shared<Reply>(nullptr);
    lanecast::app::open_lane_stream(hub, registry, snapshots, request, reply);
    auto answer = reply->take();
    CHECK_TRUE(answer.has_value() && answer->stream != nullptr);
    open.push_back(answer->stream);
    return answer->stream;
  }

  void teardown() override {
    for (const auto& stream : open) stream->detach();  // as libmicrohttpd does when a client goes
  }
};

TEST(LaneStreams, SendTheHubsOneTextForAChangeToEveryScreen) {
  std::vector<std::shared_ptr<EventStream>> screens;
  for (int i = 0; i < 50; ++i) screens.push_back(open_stream("1"));
  auto staff = open_stream("");
  const auto lane_snapshot = snapshots.event_for(hub, {"1", true, false});
  for (const auto& screen : screens)
    STRCMP_EQUAL(lane_snapshot.text->c_str(), read_exactly(*screen, lane_snapshot.text->size()).c_str());
  const auto staff_snapshot = snapshots.event_for(hub, {"", true, true});
  read_exactly(*staff, staff_snapshot.text->size());

  const auto rendered_before = hub.stats().events_rendered;
  hub.shopper_entered(ZoneMove("1", "A"), 10, false, std::nullopt);
  LONGLONGS_EQUAL(rendered_before + 1, hub.stats().events_rendered);  // once, for 51 streams
  const auto change = hub.changes_since(lane_snapshot.seq, {}).changes.at(0);
  for (const auto& screen : screens)
    STRCMP_EQUAL(change.event->c_str(), read_exactly(*screen, change.event->size()).c_str());
  STRCMP_EQUAL(change.event->c_str(), read_exactly(*staff, change.event->size()).c_str());

  // Lane 2's change reaches the staff but none of lane 1's screens.
  hub.shopper_entered(ZoneMove("2", "B"), 20, false, std::nullopt);
  const auto other = hub.changes_since(change.seq, {}).changes.at(0);
  STRCMP_EQUAL(other.event->c_str(), read_exactly(*staff, other.event->size()).c_str());
  hub.shopper_left(ZoneMove("1", "A"), 30);
  const auto left = hub.changes_since(other.seq, {}).changes.at(0);
  STRCMP_EQUAL(left.event->c_str(), read_exactly(*screens[7], left.event->size()).c_str());
  LONGLONGS_EQUAL(51, registry.size());
}

TEST(LaneStreams, StartWithTheirLanesSnapshotBuiltFromTheBoard) {
  hub.shopper_entered(ZoneMove("2", "B"), 20, false, std::nullopt);
  auto screen = open_stream("2");
  const auto first = snapshots.event_for(hub, {"2", true, false});
  const std::string text = read_exactly(*screen, first.text->size());
  const std::string head = "id: " + std::to_string(hub.latest_seq()) + "\nevent: snapshot\ndata: ";
  STRNCMP_EQUAL(head.c_str(), text.c_str(), head.size());
  STRCMP_CONTAINS("\"zone\":\"2\"", text.c_str());
  STRCMP_CONTAINS("\"phase\":\"welcome\"", text.c_str());
  CHECK_TRUE(text.find("\"zone\":\"1\"") == std::string::npos);
}

TEST(LaneStreams, ResumeWithExactlyTheChangesMissedThenFollow) {
  hub.shopper_entered(ZoneMove("1", "A"), 10, false, std::nullopt);
  const std::uint64_t seen = hub.latest_seq();
  hub.shopper_entered(ZoneMove("2", "B"), 20, false, std::nullopt);  // another lane: not resent
  hub.shopper_left(ZoneMove("1", "A"), 30);
  hub.shopper_entered(ZoneMove("1", "C"), 40, false, std::nullopt);
  const auto missed = hub.changes_since(seen, {"1", true, false}).changes;
  LONGLONGS_EQUAL(2, missed.size());
  auto screen = open_stream("1", seen);
  const std::string expected = *missed[0].event + *missed[1].event;
  STRCMP_EQUAL(expected.c_str(), read_exactly(*screen, expected.size()).c_str());
  hub.shopper_left(ZoneMove("1", "C"), 50);
  const auto next = hub.changes_since(missed[1].seq, {"1", true, false}).changes.at(0);
  STRCMP_EQUAL(next.event->c_str(), read_exactly(*screen, next.event->size()).c_str());
}
