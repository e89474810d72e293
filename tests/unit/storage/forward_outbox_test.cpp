#include "storage/forward_outbox.h"

#include <memory>
#include <string>

#include "storage/retention.h"
#include "storage/writer.h"
#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;

namespace {

constexpr std::int64_t kDay = kMicrosPerDay;

struct OutboxFixture {
  ThreadSafeLeakDetection thread_safe_allocations;
  TempDir dir;
  std::string path = dir.file("lanecast.db");
  std::unique_ptr<Writer> writer;
  std::unique_ptr<ForwardOutbox> outbox;

  OutboxFixture() {
    writer = std::make_unique<Writer>(open_or_throw(path), path, WriterOptions{});
    auto opened = ForwardOutbox::open(path, 5000);
    if (!opened.is_ok()) FAIL(opened.status().to_string().c_str());
    outbox = std::move(*opened);
  }
  ~OutboxFixture() {
    outbox.reset();
    writer.reset();
  }
  std::int64_t store(WebhookRecord record) {
    auto stored = submit_and_wait(*writer, std::move(record));
    if (!stored.is_ok()) FAIL(stored.status().to_string().c_str());
    return stored->seq;
  }
  std::int64_t start() {
    auto cursor = outbox->start(1);
    if (!cursor.is_ok()) FAIL(cursor.status().to_string().c_str());
    return *cursor;
  }
  void commit(const OutboxProgress& progress) {
    Status status = outbox->commit(progress, 2);
    if (!status.is_ok()) FAIL(status.to_string().c_str());
  }
  std::int64_t stored_cursor() const {
    return scalar(path, "SELECT acked_seq FROM forward_cursor WHERE id = 1");
  }
  // Retention of this database that keeps one day.
  RetentionOptions one_day_retention() const {
    RetentionOptions options;
    options.path = path;
    options.max_age_us = kDay;
    return options;
  }
};

}  // namespace

TEST_GROUP(AForwardOutbox) {
  OutboxFixture f;
};

TEST(AForwardOutbox, StartsAtTheBeginningOfTheJournalTheFirstTime) {
  f.store(checkout(1, "completed", 1));
  LONGLONGS_EQUAL(-1, f.stored_cursor());
  LONGLONGS_EQUAL(0, f.start());
  LONGLONGS_EQUAL(0, f.stored_cursor());
}

TEST(AForwardOutbox, ReadsEventsAfterTheCursorInJournalOrderUpToTheLimit) {
  for (int i = 1; i <= 5; ++i) f.store(checkout(i, "completed", 1));
  f.start();
  auto events = f.outbox->read_after(1, 3);
  CHECK_TRUE(events.is_ok());
  LONGS_EQUAL(3, static_cast<long>(events->size()));
  LONGLONGS_EQUAL(2, (*events)[0].seq);
  LONGLONGS_EQUAL(4, (*events)[2].seq);
  STRCMP_EQUAL("checkout", (*events)[0].kind.c_str());
  LONGLONGS_EQUAL(2, *(*events)[0].order_id);
  STRCMP_EQUAL("{\"orderId\":2,\"status\":\"completed\",\"totalPrice\":\"1099\"}",
               (*events)[0].body.c_str());
  STRCMP_EQUAL("{\"externalId\":\"LC-2\"}", (*events)[0].answer.c_str());
  LONGS_EQUAL(200, (*events)[0].answer_http_status);
  auto none = f.outbox->read_after(5, 3);
  CHECK_TRUE(none.is_ok());
  CHECK_TRUE(none->empty());
}

TEST(AForwardOutbox, RefusesAReadLimitOutOfRange) {
  CHECK_TRUE(f.outbox->read_after(0, 0).status().kind() == Status::Kind::kInvalidInput);
  CHECK_TRUE(f.outbox->read_after(0, 10001).status().kind() == Status::Kind::kInvalidInput);
}

TEST(AForwardOutbox, KeepsTheCursorAcrossARestartAndNeverMovesItBack) {
  for (int i = 1; i <= 4; ++i) f.store(checkout(i, "completed", 1));
  f.start();
  f.commit({3, {}, {}});
  f.commit({2, {}, {}});
  LONGLONGS_EQUAL(3, f.stored_cursor());
  auto reopened = ForwardOutbox::open(f.path, 5000);
  CHECK_TRUE(reopened.is_ok());
  auto cursor = (*reopened)->start(5);
  CHECK_TRUE(cursor.is_ok());
  LONGLONGS_EQUAL(3, *cursor);
}

TEST(AForwardOutbox, RecordsDeadLettersAndGapsWithTheCursorInOneTransaction) {
  for (int i = 1; i <= 4; ++i) f.store(checkout(i, "completed", 1));
  f.start();
  OutboxProgress progress;
  progress.acked_seq = 4;
  progress.dead_letters.push_back({2, "checkout", "lanecast/s/checkout", 0x87, "Not authorized"});
  progress.gaps.push_back({3, 3});
  f.commit(progress);
  LONGLONGS_EQUAL(4, f.stored_cursor());
  LONGLONGS_EQUAL(0x87, scalar(f.path, "SELECT reason_code FROM forward_dead_letters WHERE seq = 2"));
  STRCMP_EQUAL("Not authorized",
               scalar_text(f.path, "SELECT reason FROM forward_dead_letters WHERE seq = 2").c_str());
  LONGLONGS_EQUAL(3, scalar(f.path, "SELECT last_seq FROM forward_gaps WHERE first_seq = 3"));
  auto backlog = f.outbox->backlog(4);
  CHECK_TRUE(backlog.is_ok());
  LONGLONGS_EQUAL(1, backlog->dead_letters);
  LONGLONGS_EQUAL(1, backlog->gaps);
}

TEST(AForwardOutbox, MeasuresTheBacklogAboveTheCursor) {
  f.store(checkout(1, "completed", 1, 1099, 7'000'000));
  f.store(checkout(2, "completed", 1, 1099, 8'000'000));
  f.store(checkout(3, "completed", 1, 1099, 9'000'000));
  f.start();
  auto backlog = f.outbox->backlog(1);
  CHECK_TRUE(backlog.is_ok());
  LONGLONGS_EQUAL(2, backlog->events);
  LONGLONGS_EQUAL(3, backlog->last_seq);
  LONGLONGS_EQUAL(8'000'000, backlog->oldest_received_at_us);
  const std::int64_t expected_bytes =
      scalar(f.path, "SELECT sum(length(body) + length(answer) + coalesce(length(compressed_answer), 0))"
                     " FROM events WHERE seq > 1");
  LONGLONGS_EQUAL(expected_bytes, backlog->bytes);
  auto empty = f.outbox->backlog(3);
  CHECK_TRUE(empty.is_ok());
  LONGLONGS_EQUAL(0, empty->events);
  LONGLONGS_EQUAL(0, empty->oldest_received_at_us);
}

TEST(AForwardOutbox, HoldsUnacknowledgedEventsBackFromRetentionWhateverTheirAge) {
  f.store(zone_event("a", "1", true, 1 * kDay));
  f.store(zone_event("b", "1", true, 2 * kDay));
  f.store(zone_event("c", "1", true, 3 * kDay));
  f.start();
  f.commit({1, {}, {}});
  RetentionJob job(f.one_day_retention());
  auto report = job.run_once(100 * kDay);
  CHECK_TRUE(report.is_ok());
  LONGLONGS_EQUAL(1, report->events_deleted);
  LONGLONGS_EQUAL(2, scalar(f.path, "SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(2, scalar(f.path, "SELECT min(seq) FROM events"));

  // The same job, once the broker has acknowledged the rest, gets to them too.
  f.commit({3, {}, {}});
  report = job.run_once(100 * kDay);
  CHECK_TRUE(report.is_ok());
  LONGLONGS_EQUAL(2, report->events_deleted);
  LONGLONGS_EQUAL(0, scalar(f.path, "SELECT count(*) FROM events"));
}

TEST(AForwardOutbox, ReleasesItsHoldOnRetentionWhenForwardingIsTurnedOff) {
  f.store(zone_event("a", "1", true, 1 * kDay));
  f.start();
  CHECK_TRUE(release_forward_hold(f.path, 5000).is_ok());
  LONGLONGS_EQUAL(-1, f.stored_cursor());
  RetentionJob job(f.one_day_retention());
  auto report = job.run_once(100 * kDay);
  CHECK_TRUE(report.is_ok());
  LONGLONGS_EQUAL(1, report->events_deleted);
}
