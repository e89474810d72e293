#include "daemon/http/connection_watch.h"

#include <CppUTest/TestHarness.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

using lanecast::http::ConnectionWatch;
using lanecast::http::EventStream;

namespace {
constexpr std::int64_t kSecond = 1'000'000;

// A connected socket pair: shutting one end down makes the other read end-of-file.
struct SocketPair {
  int fds[2] = {-1, -1};
  SocketPair() { socketpair(AF_UNIX, SOCK_STREAM, 0, fds); }
  ~SocketPair() {
    close(fds[0]);
    close(fds[1]);
  }
  bool peer_sees_eof() const {
    char byte;
    return recv(fds[1], &byte, 1, MSG_DONTWAIT) == 0;
  }
};
}  // namespace

TEST_GROUP(AConnectionWatch) {
  ConnectionWatch watch;
  int key_a = 0, key_b = 0;
};

TEST(AConnectionWatch, ShutsDownARequestPastItsDeadlineAndOnlyThatOne) {
  SocketPair slow, fresh;
  watch.on_started(&key_a, slow.fds[0], "192.0.2.1", 0);
  watch.on_started(&key_b, fresh.fds[0], "192.0.2.1", 50 * kSecond);
  LONGS_EQUAL(1, watch.sweep(61 * kSecond, 60 * kSecond).deadline_kills);
  CHECK(slow.peer_sees_eof());
  CHECK_FALSE(fresh.peer_sees_eof());
  LONGS_EQUAL(0, watch.sweep(62 * kSecond, 60 * kSecond).deadline_kills);  // not twice
}

TEST(AConnectionWatch, RestartsTheClockWhenARequestCompletes) {
  SocketPair keep_alive;
  watch.on_started(&key_a, keep_alive.fds[0], "192.0.2.1", 0);
  watch.on_request_done(&key_a, 59 * kSecond);
  LONGS_EQUAL(0, watch.sweep(100 * kSecond, 60 * kSecond).deadline_kills);
  CHECK_FALSE(keep_alive.peer_sees_eof());
}

TEST(AConnectionWatch, LeavesStreamsAlone) {
  SocketPair stream;
  watch.on_started(&key_a, stream.fds[0], "192.0.2.1", 0);
  watch.mark_streaming(&key_a, {});
  LONGS_EQUAL(0, watch.sweep(3600 * kSecond, 60 * kSecond).deadline_kills);
}

TEST(AConnectionWatch, EndsAStreamWhoseClientHungUpAndOnlyThatOne) {
  SocketPair gone, listening;
  auto gone_stream = std::make_shared<EventStream>();
  auto listening_stream = std::make_shared<EventStream>();
  watch.on_started(&key_a, gone.fds[0], "192.0.2.1", 0);
  watch.mark_streaming(&key_a, gone_stream);
  watch.on_started(&key_b, listening.fds[0], "192.0.2.1", 0);
  watch.mark_streaming(&key_b, listening_stream);
  LONGS_EQUAL(0, watch.sweep(kSecond, 60 * kSecond).hung_up);
  shutdown(gone.fds[1], SHUT_WR);  // the client closes its end
  const ConnectionWatch::Swept swept = watch.sweep(2 * kSecond, 60 * kSecond);
  LONGS_EQUAL(1, swept.hung_up);
  LONGS_EQUAL(0, swept.deadline_kills);
  CHECK_FALSE(gone_stream->open());
  CHECK_TRUE(listening_stream->open());
  LONGS_EQUAL(0, watch.sweep(3 * kSecond, 60 * kSecond).hung_up);  // not twice
}

TEST(AConnectionWatch, ForgetsClosedConnections) {
  SocketPair pair;
  watch.on_started(&key_a, pair.fds[0], "192.0.2.1", 0);
  watch.on_closed(&key_a);
  LONGS_EQUAL(0, watch.sweep(3600 * kSecond, 60 * kSecond).deadline_kills);
  UNSIGNED_LONGS_EQUAL(0, watch.open_connections());
}

TEST(AConnectionWatch, ReportsTheOldestRequestInFlight) {
  watch.on_started(&key_a, -1, "192.0.2.1", 0);
  watch.on_started(&key_b, -1, "192.0.2.1", 0);
  LONGLONGS_EQUAL(0, watch.oldest_in_flight_us(10 * kSecond));
  watch.on_request_dispatched(&key_a, 4 * kSecond);
  watch.on_request_dispatched(&key_b, 7 * kSecond);
  LONGLONGS_EQUAL(6 * kSecond, watch.oldest_in_flight_us(10 * kSecond));
  UNSIGNED_LONGS_EQUAL(2, watch.unfinished(10 * kSecond, kSecond));
  watch.on_request_done(&key_a, 10 * kSecond);
  LONGLONGS_EQUAL(3 * kSecond, watch.oldest_in_flight_us(10 * kSecond));
}

// What a graceful stop waits for, connection by connection.
TEST(AConnectionWatch, CountsAConnectionWithoutItsFirstRequestAsUnfinishedOnlyWithinTheGrace) {
  watch.on_started(&key_a, -1, "192.0.2.1", 10 * kSecond);  // accepted; a TLS handshake may be under way
  UNSIGNED_LONGS_EQUAL(1, watch.unfinished(12 * kSecond, 3 * kSecond));
  UNSIGNED_LONGS_EQUAL(0, watch.unfinished(13 * kSecond, 3 * kSecond));  // silent too long
}

TEST(AConnectionWatch, CountsARequestFromItsHeadersUntilItsAnswerWhateverTheGrace) {
  watch.on_started(&key_a, -1, "192.0.2.1", 0);
  watch.on_request_begun(&key_a);  // headers in, body still arriving
  UNSIGNED_LONGS_EQUAL(1, watch.unfinished(60 * kSecond, kSecond));
  watch.on_request_dispatched(&key_a, 61 * kSecond);
  UNSIGNED_LONGS_EQUAL(1, watch.unfinished(62 * kSecond, kSecond));
  watch.on_request_done(&key_a, 63 * kSecond);
  UNSIGNED_LONGS_EQUAL(0, watch.unfinished(63 * kSecond, kSecond));
}

TEST(AConnectionWatch, DoesNotWaitForIdleKeepAliveConnectionsOrStreams) {
  watch.on_started(&key_a, -1, "192.0.2.1", 0);
  watch.on_request_begun(&key_a);
  watch.on_request_dispatched(&key_a, 0);
  watch.on_request_done(&key_a, 0);  // served, now idle: closing it loses nothing
  watch.on_started(&key_b, -1, "192.0.2.1", 0);
  watch.on_request_begun(&key_b);
  watch.on_request_dispatched(&key_b, 0);
  watch.mark_streaming(&key_b, {});
  UNSIGNED_LONGS_EQUAL(0, watch.unfinished(0, 3 * kSecond));
  UNSIGNED_LONGS_EQUAL(2, watch.open_connections());
}

TEST(AConnectionWatch, DoesNotWaitForAConnectionItShutDown) {
  SocketPair pair;
  watch.on_started(&key_a, pair.fds[0], "192.0.2.1", 0);
  watch.on_request_begun(&key_a);
  LONGS_EQUAL(1, watch.sweep(61 * kSecond, 60 * kSecond).deadline_kills);
  UNSIGNED_LONGS_EQUAL(0, watch.unfinished(61 * kSecond, 3 * kSecond));
}

TEST_GROUP(AFullConnectionTable){};

TEST(AFullConnectionTable, ClosesTheOldestIdleConnectionOfTheBusiestAddressToKeepRoom) {
  ConnectionWatch watch(8);  // keeps 4 free: room is made from the 5th connection on
  SocketPair pile[4], in_flight, stream, webhook;
  int keys[7] = {};
  // The busiest address: three idle connections and one busy with a request, plus a stream.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(watch.on_started(&keys[i], pile[i].fds[0], "198.51.100.9", i * kSecond));
  CHECK_FALSE(watch.on_started(&keys[3], in_flight.fds[0], "198.51.100.9", 0));
  watch.on_request_begun(&keys[3]);
  watch.on_request_dispatched(&keys[3], 0);
  CHECK_TRUE(watch.on_started(&keys[4], stream.fds[0], "198.51.100.9", 0));  // the 5th: room made
  CHECK_TRUE(pile[0].peer_sees_eof());  // the oldest idle one of that address
  watch.on_request_begun(&keys[4]);
  watch.mark_streaming(&keys[4], {});
  CHECK_TRUE(watch.on_started(&keys[5], webhook.fds[0], "203.0.113.5", 10 * kSecond));
  CHECK_TRUE(pile[1].peer_sees_eof());
  CHECK_FALSE(pile[2].peer_sees_eof());
  CHECK_FALSE(in_flight.peer_sees_eof());
  CHECK_FALSE(stream.peer_sees_eof());
  CHECK_FALSE(webhook.peer_sees_eof());
}

TEST(AFullConnectionTable, ClosesNothingWhenNoConnectionIsIdle) {
  ConnectionWatch watch(8);
  SocketPair busy[5];
  int keys[5] = {};
  for (int i = 0; i < 5; ++i) {
    watch.on_started(&keys[i], busy[i].fds[0], "198.51.100.9", 0);
    watch.on_request_begun(&keys[i]);
  }
  for (auto& pair : busy) CHECK_FALSE(pair.peer_sees_eof());
}
