// The snapshot new streams start with: built once per hub change and filter, shared until the
// next change.
#include "daemon/app/lane_stream_snapshots.h"

#include <optional>
#include <string>

#include <CppUTest/TestHarness.h>

using lanecast::app::LaneStreamSnapshots;
using lanecast::display::ChangeFilter;
using lanecast::display::HubSettings;
using lanecast::display::LaneHub;

namespace {

HubSettings two_lanes() {
  HubSettings settings;
  settings.lanes.zones = {"1", "2"};
  return settings;
}

ChangeFilter lane(const std::string& zone) {
  ChangeFilter filter;
  filter.zone = zone;
  filter.alerts = false;
  return filter;
}

}  // namespace

TEST_GROUP(LaneStreamSnapshotsOfAHub) {
  LaneHub hub{two_lanes()};
  LaneStreamSnapshots snapshots;
};

TEST(LaneStreamSnapshotsOfAHub, ShareOneTextPerFilterUntilTheHubChanges) {
  const auto all = snapshots.event_for(hub, ChangeFilter{});
  const auto lane_1 = snapshots.event_for(hub, lane("1"));
  CHECK_TRUE(all.text == snapshots.event_for(hub, ChangeFilter{}).text);
  CHECK_TRUE(lane_1.text == snapshots.event_for(hub, lane("1")).text);
  CHECK_TRUE(all.text != lane_1.text);
  hub.shopper_entered(lanecast::display::ZoneMove("1", "A"), 10, false, std::nullopt);
  const auto after = snapshots.event_for(hub, lane("1"));
  CHECK_TRUE(after.text != lane_1.text);
  CHECK_TRUE(after.seq > lane_1.seq);
  UNSIGNED_LONGS_EQUAL(hub.latest_seq(), after.seq);
  STRCMP_CONTAINS(("id: " + std::to_string(after.seq) + "\nevent: snapshot\ndata: ").c_str(),
                  after.text->c_str());
  STRCMP_CONTAINS("\"phase\":\"welcome\"", after.text->c_str());
}

TEST(LaneStreamSnapshotsOfAHub, BuildEveryFilterBeyondTheirBoundWithoutKeepingIt) {
  for (std::size_t i = 0; i < LaneStreamSnapshots::kMaxEntries; ++i)
    snapshots.event_for(hub, lane("lane-" + std::to_string(i)));
  const auto first = snapshots.event_for(hub, lane("one-too-many"));
  const auto second = snapshots.event_for(hub, lane("one-too-many"));
  CHECK_TRUE(first.text != second.text);  // built twice: not kept
  STRCMP_EQUAL(first.text->c_str(), second.text->c_str());
}
