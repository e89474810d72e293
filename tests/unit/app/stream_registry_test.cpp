// Which event streams the registry admits: a staff pool of its own, a share per client
// address, and the first stream of every known lane whatever else is open.
#include "daemon/app/stream_registry.h"

#include <memory>
#include <string>
#include <vector>

#include <CppUTest/TestHarness.h>

using lanecast::app::Admission;
using lanecast::app::StreamClaim;
using lanecast::app::StreamLimits;
using lanecast::app::StreamRegistry;
using lanecast::http::EventStream;

namespace {

StreamClaim lane(const std::string& address, const std::string& zone, bool known = false) {
  return StreamClaim{address, false, zone, known};
}

StreamClaim staff(const std::string& address) { return StreamClaim{address, true, "", false}; }

}  // namespace

TEST_GROUP(AStreamRegistry) {
  StreamRegistry registry{StreamLimits{4, 2, 1}};  // 4 shared, 2 per address, 1 staff
  std::vector<std::shared_ptr<EventStream>> open;

  Admission add(const StreamClaim& claim) {
    auto stream = std::make_shared<EventStream>();
    const Admission admission = registry.add(stream, claim);
    if (admission == Admission::kAdmitted) open.push_back(stream);
    return admission;
  }
};

TEST(AStreamRegistry, AdmitsBySlotsAsEachClaimArrives) {
  struct Step {
    StreamClaim claim;
    Admission expected;
  };
  const Step steps[] = {
      {lane("a", "x"), Admission::kAdmitted},
      {lane("a", "x"), Admission::kAdmitted},
      {lane("a", "y"), Admission::kAddressFull},         // a's two shared slots are taken
      {lane("a", "1", true), Admission::kAdmitted},      // known lane 1's first stream
      {lane("a", "1", true), Admission::kAddressFull},   // its second is an ordinary one
      {lane("b", "y"), Admission::kAdmitted},
      {lane("c", "y"), Admission::kAdmitted},            // four shared slots taken
      {lane("d", "y"), Admission::kAllFull},
      {lane("d", "2", true), Admission::kAdmitted},      // known lane 2's first, all full or not
      {staff("a"), Admission::kAdmitted},                // the staff pool is apart
      {staff("e"), Admission::kStaffFull},
  };
  int index = 0;
  for (const Step& step : steps) {
    const std::string label = "step " + std::to_string(index++);
    LONGS_EQUAL_TEXT(static_cast<int>(step.expected), static_cast<int>(add(step.claim)), label.c_str());
  }
  UNSIGNED_LONGS_EQUAL(7, registry.size());
}

TEST(AStreamRegistry, GivesASlotBackWhenItsStreamGoes) {
  CHECK_TRUE(add(lane("a", "x")) == Admission::kAdmitted);
  CHECK_TRUE(add(lane("a", "x")) == Admission::kAdmitted);
  CHECK_TRUE(add(lane("a", "x")) == Admission::kAddressFull);
  registry.remove(open.front().get());
  CHECK_TRUE(add(lane("a", "x")) == Admission::kAdmitted);
  CHECK_TRUE(add(staff("a")) == Admission::kAdmitted);
  registry.remove(open.back().get());
  CHECK_TRUE(add(staff("b")) == Admission::kAdmitted);
}

TEST(AStreamRegistry, GivesAKnownLaneItsReservedStreamBackWhenTheFirstGoes) {
  CHECK_TRUE(add(lane("a", "1", true)) == Admission::kAdmitted);
  const auto reserved = open.back();
  CHECK_TRUE(add(lane("b", "x")) == Admission::kAdmitted);
  CHECK_TRUE(add(lane("c", "x")) == Admission::kAdmitted);
  CHECK_TRUE(add(lane("d", "x")) == Admission::kAdmitted);
  CHECK_TRUE(add(lane("e", "x")) == Admission::kAdmitted);
  CHECK_TRUE(add(lane("f", "1", true)) == Admission::kAllFull);  // lane 1 has its stream
  registry.remove(reserved.get());
  CHECK_TRUE(add(lane("f", "1", true)) == Admission::kAdmitted);
}
