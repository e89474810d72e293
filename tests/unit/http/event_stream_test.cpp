// An event stream's backlog: its first event is sent whole whatever its size, the backlog
// behind it is capped, and a client that is gone is cut off at once.
#include "daemon/http/event_stream.h"

#include <string>
#include <vector>

#include <CppUTest/TestHarness.h>

#include "event_stream_reading.h"

using lanecast::http::EventStream;

TEST_GROUP(AnEventStream){};

TEST(AnEventStream, SendsAFirstEventLargerThanItsBacklogCapWhole) {
  EventStream stream(1000);
  const std::string snapshot(5000, 's');
  CHECK_TRUE(stream.push(snapshot));
  CHECK_TRUE(stream.push(std::string(900, 'a')));  // up to the cap behind the first event
  STRCMP_EQUAL(snapshot.c_str(), read_exactly(stream, 5000).c_str());
  CHECK_TRUE(stream.open());
  STRCMP_EQUAL(std::string(900, 'a').c_str(), read_exactly(stream, 900).c_str());
}

TEST(AnEventStream, CutsOffAClientWhoseBacklogPassesTheCap) {
  EventStream stream(1000);
  CHECK_TRUE(stream.push(std::string(5000, 's')));
  CHECK_TRUE(stream.push(std::string(600, 'a')));
  CHECK_FALSE(stream.push(std::string(600, 'b')));  // 5000 + 1200 > 5000 + 1000
  CHECK_FALSE(stream.open());
  char byte;
  LONGS_EQUAL(MHD_CONTENT_READER_END_WITH_ERROR, stream.read(&byte, 1));
}

TEST(AnEventStream, TakesAnEventOfAnySizeWhenNothingIsQueued) {
  EventStream stream(1000);
  CHECK_TRUE(stream.push(std::string(10, 'f')));
  read_exactly(stream, 10);
  CHECK_TRUE(stream.push(std::string(3000, 'l')));
  LONGS_EQUAL(3000, read_exactly(stream, 3000).size());
}

TEST(AnEventStream, SharesQueuedTextAndReadsAcrossEvents) {
  EventStream stream(1000);
  auto shared = std::make_shared<const std::string>("id: 1\ndata: {}\n\n");
  CHECK_TRUE(stream.push(shared));
  CHECK_TRUE(stream.push("id: 2\ndata: {}\n\n"));
  LONGS_EQUAL(2, shared.use_count());  // queued, not copied
  STRCMP_EQUAL("id: 1\ndata: {}\n\nid: 2\ndata: {}\n\n", read_exactly(stream, 32).c_str());
  LONGS_EQUAL(1, shared.use_count());
}

TEST(AnEventStream, EndsAtOnceWhenAborted) {
  EventStream stream(1000);
  CHECK_TRUE(stream.push(std::string(100, 'x')));
  stream.abort();
  CHECK_FALSE(stream.open());
  CHECK_FALSE(stream.push("more"));
  char byte;
  LONGS_EQUAL(MHD_CONTENT_READER_END_WITH_ERROR, stream.read(&byte, 1));
}
