#include "daemon/forward/inflight_window.h"

#include <string>

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::forward::InflightWindow;
using lanecast::storage::StoredEvent;

namespace {

StoredEvent event(std::int64_t seq) {
  StoredEvent e;
  e.seq = seq;
  e.kind = "checkout";
  return e;
}

// Adds and "sends" events as message ids 100 + seq.
void send(InflightWindow& window, std::int64_t from, std::int64_t to) {
  for (std::int64_t seq = from; seq <= to; ++seq) {
    auto added = window.add_event(event(seq), "p/s/checkout");
    window.sent(added.event_id, static_cast<int>(100 + seq));
  }
}

}  // namespace

TEST_GROUP(AnInflightWindow) {};

TEST(AnInflightWindow, MovesTheCursorOnlyOverTheUnbrokenRunOfAcknowledgedEvents) {
  InflightWindow window(10);
  send(window, 11, 14);
  CHECK_TRUE(window.acknowledged(112));
  CHECK_TRUE(window.acknowledged(114));
  CHECK_FALSE(window.advance());
  LONGLONGS_EQUAL(10, window.acked_seq());
  CHECK_TRUE(window.acknowledged(111));
  CHECK_TRUE(window.advance());
  LONGLONGS_EQUAL(12, window.acked_seq());
  LONGS_EQUAL(2, static_cast<long>(window.size()));
  CHECK_TRUE(window.acknowledged(113));
  window.advance();
  LONGLONGS_EQUAL(14, window.acked_seq());
  LONGLONGS_EQUAL(14, window.progress().acked_seq);
  CHECK_TRUE(window.has_progress());
  window.committed();
  CHECK_FALSE(window.has_progress());
}

TEST(AnInflightWindow, TurnsARefusalIntoADeadLetterThatDoesNotBlockTheRest) {
  InflightWindow window(0);
  send(window, 1, 3);
  CHECK_TRUE(window.rejected(101, 0x87, "Not authorized"));
  CHECK_TRUE(window.acknowledged(102));
  CHECK_TRUE(window.acknowledged(103));
  window.advance();
  LONGLONGS_EQUAL(3, window.acked_seq());
  LONGS_EQUAL(1, static_cast<long>(window.progress().dead_letters.size()));
  LONGLONGS_EQUAL(1, window.progress().dead_letters[0].seq);
  LONGS_EQUAL(0x87, window.progress().dead_letters[0].reason_code);
  STRCMP_EQUAL("p/s/checkout", window.progress().dead_letters[0].topic.c_str());
}

TEST(AnInflightWindow, PutsAGapSlotBeforeAnEventWhenNumbersAreMissing) {
  InflightWindow window(4);
  auto added = window.add_event(event(9), "p/s/checkout");
  CHECK_TRUE(added.gap_id.has_value());
  LONGLONGS_EQUAL(5, added.gap.first_seq);
  LONGLONGS_EQUAL(8, added.gap.last_seq);
  window.sent(*added.gap_id, 1);
  window.sent(added.event_id, 2);
  CHECK_TRUE(window.acknowledged(2));
  window.advance();
  LONGLONGS_EQUAL(4, window.acked_seq());  // the gap message is not acknowledged yet
  CHECK_TRUE(window.acknowledged(1));
  window.advance();
  LONGLONGS_EQUAL(9, window.acked_seq());
  LONGS_EQUAL(1, static_cast<long>(window.progress().gaps.size()));
  LONGLONGS_EQUAL(5, window.progress().gaps[0].first_seq);
  LONGLONGS_EQUAL(1, window.gaps_finished());
}

TEST(AnInflightWindow, CountsTheBytesOfWhatIsUnfinished) {
  InflightWindow window(0);
  StoredEvent e = event(1);
  e.body = std::string(1000, 'b');
  e.answer = std::string(24, 'a');
  auto added = window.add_event(e, "t");
  window.sent(added.event_id, 7);
  e.seq = 2;
  window.sent(window.add_event(e, "t").event_id, 8);
  LONGLONGS_EQUAL(2048, window.bytes());
  window.acknowledged(7);
  window.advance();
  LONGLONGS_EQUAL(1024, window.bytes());
  window.forget_unfinished();
  LONGLONGS_EQUAL(0, window.bytes());
}

TEST(AnInflightWindow, AddsNoGapForConsecutiveEvents) {
  InflightWindow window(4);
  CHECK_FALSE(window.add_event(event(5), "t").gap_id.has_value());
  CHECK_FALSE(window.add_event(event(6), "t").gap_id.has_value());
  LONGLONGS_EQUAL(6, window.read_through());
}

TEST(AnInflightWindow, IgnoresAcknowledgementsItDidNotAskFor) {
  InflightWindow window(0);
  send(window, 1, 1);
  CHECK_FALSE(window.acknowledged(999));
  CHECK_TRUE(window.acknowledged(101));
  CHECK_FALSE(window.acknowledged(101));  // the same PUBACK twice
  CHECK_FALSE(window.rejected(101, 0x87, "late"));
}

TEST(AnInflightWindow, ForgetsWhatWasNotAcknowledgedWhenTheConnectionIsLost) {
  InflightWindow window(0);
  send(window, 1, 5);
  window.acknowledged(101);
  window.acknowledged(102);
  window.acknowledged(104);  // not at the front: will be sent again
  window.forget_unfinished();
  LONGLONGS_EQUAL(2, window.acked_seq());
  LONGLONGS_EQUAL(2, window.read_through());
  LONGS_EQUAL(0, static_cast<long>(window.size()));
  CHECK_FALSE(window.acknowledged(103));  // an answer from the old connection
  send(window, 3, 5);
  window.acknowledged(103);
  window.advance();
  LONGLONGS_EQUAL(3, window.acked_seq());
}
