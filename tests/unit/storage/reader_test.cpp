#include "storage/reader.h"

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "storage/writer.h"
#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;
using Kind = lanecast::Status::Kind;

namespace {

// A database holding what a writer stored, and read-only queries on it. The writer stays
// open, as it does in the daemon, so the reads go through the WAL.
struct ReaderFixture {
  ThreadSafeLeakDetection thread_safe_allocations;
  TempDir dir;
  std::string path = dir.file("lanecast.db");
  std::unique_ptr<Writer> writer;
  std::unique_ptr<ReadQueries> queries;

  void start() {
    writer = std::make_unique<Writer>(open_or_throw(path), path, WriterOptions{});
    queries = std::make_unique<ReadQueries>(path);
  }
  void stop() {
    queries.reset();
    writer.reset();
  }
  StoredAnswer store(WebhookRecord record) {
    auto stored = submit_and_wait(*writer, std::move(record));
    if (!stored.is_ok()) FAIL(stored.status().to_string().c_str());
    return *stored;
  }
};

}  // namespace

TEST_GROUP(TheOrderQuery) {
  ReaderFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.stop(); }
};

TEST(TheOrderQuery, ReturnsTheLatestStateWithEveryRevisionInArrivalOrder) {
  const auto completed = f.store(checkout(31, "completed", 1, 2500, 2'000));
  const auto late_draft = f.store(checkout(31, "draft", 0, 2400, 3'000));
  const auto reviewed = f.store(checkout(31, "reviewed", 2, 2000, 4'000));

  auto order = f.queries->order(31);
  CHECK_TRUE_TEXT(order.is_ok(), order.status().to_string().c_str());
  LONGLONGS_EQUAL(31, order->order_id);
  STRCMP_EQUAL("reviewed", order->status.c_str());
  STRCMP_EQUAL("LC-31", order->external_ref.c_str());
  STRCMP_EQUAL("session-31", order->session_id.c_str());
  LONGLONGS_EQUAL(2000, *order->total_minor);
  LONGLONGS_EQUAL(200, *order->tax_minor);
  LONGLONGS_EQUAL(1800, *order->subtotal_minor);
  STRCMP_EQUAL("success", order->payment_status.c_str());
  LONGLONGS_EQUAL(2'000, order->first_seen_us);
  LONGLONGS_EQUAL(4'000, order->updated_at_us);

  LONGS_EQUAL(3, static_cast<long>(order->revisions.size()));
  const std::int64_t seqs[] = {completed.seq, late_draft.seq, reviewed.seq};
  const char* statuses[] = {"completed", "draft", "reviewed"};
  const bool applied[] = {true, false, true};
  for (std::size_t i = 0; i < 3; ++i) {
    LONGLONGS_EQUAL(seqs[i], order->revisions[i].seq);
    STRCMP_EQUAL(statuses[i], order->revisions[i].status.c_str());
    CHECK_EQUAL(applied[i], order->revisions[i].applied);
  }
  LONGLONGS_EQUAL(2400, *order->revisions[1].total_minor);
  LONGLONGS_EQUAL(3'000, order->revisions[1].received_at_us);
}

TEST(TheOrderQuery, ReportsAnOrderNeverSeenAsNotFound) {
  f.store(checkout(31, "completed", 1));
  auto order = f.queries->order(32);
  CHECK_FALSE(order.is_ok());
  CHECK_TRUE(order.status().kind() == Kind::kNotFound);
}

TEST(TheOrderQuery, LeavesMissingTotalsEmpty) {
  WebhookRecord record = checkout(33, "draft", 0);
  record.order->total_minor.reset();
  record.order->payment_status.clear();
  f.store(record);
  auto order = f.queries->order(33);
  CHECK_TRUE(order.is_ok());
  CHECK_FALSE(order->total_minor.has_value());
  STRCMP_EQUAL("", order->payment_status.c_str());
}

TEST_GROUP(TheEventsQuery) {
  ReaderFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.stop(); }
};

TEST(TheEventsQuery, PagesThroughEveryEventInSequenceOrder) {
  std::vector<std::int64_t> stored;
  for (int n = 1; n <= 5; ++n) stored.push_back(f.store(checkout(n, "draft", 0)).seq);
  f.store(checkout(1, "draft", 0));  // a redelivery: counted, not a new event

  std::vector<StoredEvent> seen;
  std::int64_t after = 0;
  int pages = 0;
  for (;;) {
    auto page = f.queries->events_after(after, 2);
    CHECK_TRUE(page.is_ok());
    if (page->empty()) break;
    CHECK_TRUE(page->size() <= 2);
    ++pages;
    after = page->back().seq;
    for (auto& event : *page) seen.push_back(std::move(event));
  }
  LONGS_EQUAL(3, pages);
  LONGS_EQUAL(5, static_cast<long>(seen.size()));
  for (std::size_t i = 0; i < seen.size(); ++i) LONGLONGS_EQUAL(stored[i], seen[i].seq);

  const StoredEvent& first = seen[0];
  STRCMP_EQUAL("checkout", first.kind.c_str());
  STRCMP_EQUAL("/aifi/checkout", first.path.c_str());
  STRCMP_EQUAL(checkout(1, "draft", 0).body.c_str(), first.body.c_str());
  STRCMP_EQUAL("{\"externalId\":\"LC-1\"}", first.answer.c_str());
  STRCMP_EQUAL("session-1", first.session_id.c_str());
  STRCMP_EQUAL("draft", first.status.c_str());
  STRCMP_EQUAL("", first.zone_id.c_str());
  LONGLONGS_EQUAL(1, *first.order_id);
  LONGS_EQUAL(1, first.redeliveries);
  LONGS_EQUAL(0, seen[1].redeliveries);
}

TEST(TheEventsQuery, KeepsABodyWithZeroBytesIntact) {
  WebhookRecord record = zone_event("s", "3", true, 1000);
  record.body = std::string("{\"a\":\"\0\"}", 9);
  f.store(record);
  auto page = f.queries->events_after(0, 10);
  CHECK_TRUE(page.is_ok());
  LONGS_EQUAL(9, static_cast<long>(page->at(0).body.size()));
  CHECK_TRUE(page->at(0).body == record.body);
  CHECK_FALSE(page->at(0).order_id.has_value());
  STRCMP_EQUAL("3", page->at(0).zone_id.c_str());
}

// The body and answer are stored compressed and read back byte for byte, and take less room
// than they would as text.
TEST(TheEventsQuery, ReadsBackTheCompressedBodyAndAnswerExactly) {
  WebhookRecord record = checkout(3, "completed", 1);
  for (int line = 0; line < 50; ++line) {
    record.body += " {\"sku\":\"sku-" + std::to_string(line) + "\",\"name\":\"Gemüse\",\"price\":\"1.99\"}";
  }
  record.answer = "{\"cart\":[" + record.body + "]}";
  f.store(record);
  auto page = f.queries->events_after(0, 10);
  CHECK_TRUE(page.is_ok());
  CHECK_TRUE(page->at(0).body == record.body);
  CHECK_TRUE(page->at(0).answer == record.answer);
  const std::int64_t stored = scalar(f.path, "SELECT length(body) + length(compressed_answer) FROM events");
  CHECK_TRUE(stored * 4 < static_cast<std::int64_t>(record.body.size() + record.answer.size()));
  LONGLONGS_EQUAL(0, scalar(f.path, "SELECT length(answer) FROM events"));
  // A checkout's short answer stays text beside its compressed body.
  f.store(checkout(4, "completed", 1));
  LONGLONGS_EQUAL(1, scalar(f.path, "SELECT compressed_answer IS NULL AND compressed = 1 FROM events WHERE seq = 2"));
  auto both = f.queries->events_after(1, 10);
  CHECK_TRUE(both.is_ok());
  STRCMP_EQUAL(checkout(4, "completed", 1).answer.c_str(), both->at(0).answer.c_str());
}

// A damaged row is reported as such, naming the event, instead of being handed out as bytes.
TEST(TheEventsQuery, ReportsADamagedStoredBodyAsCorrupt) {
  f.store(checkout(1, "draft", 0));
  f.store(checkout(2, "draft", 0));
  raw_exec(f.path, "UPDATE events SET body = substr(body, 1, length(body) - 3) WHERE seq = 2");
  auto page = f.queries->events_after(0, 10);
  CHECK_FALSE(page.is_ok());
  CHECK_TRUE(page.status().kind() == Kind::kCorrupt);
  CHECK_TRUE_TEXT(page.status().message().find("event 2") != std::string::npos,
                  page.status().message().c_str());
  auto first = f.queries->events_after(0, 1);
  CHECK_TRUE(first.is_ok());
}

TEST(TheEventsQuery, RejectsPageSizesOutsideOneToAThousand) {
  for (int limit : {1, 1000}) CHECK_TRUE(f.queries->events_after(0, limit).is_ok());
  for (int limit : {0, -1, 1001, 1 << 30}) {
    auto page = f.queries->events_after(0, limit);
    CHECK_FALSE(page.is_ok());
    CHECK_TRUE(page.status().kind() == Kind::kInvalidInput);
  }
}

TEST_GROUP(TheHealthQueries) {
  ReaderFixture f;
  void teardown() override { f.stop(); }
};

TEST(TheHealthQueries, CountEventsAndMeasureTheFiles) {
  f.start();
  for (int n = 1; n <= 4; ++n) f.store(checkout(n, "draft", 0));
  CHECK_TRUE(f.queries->ping().is_ok());
  auto count = f.queries->event_count();
  CHECK_TRUE(count.is_ok());
  LONGLONGS_EQUAL(4, *count);
  auto bytes = f.queries->database_bytes();
  CHECK_TRUE(bytes.is_ok());
  struct stat main_file {}, wal {};
  ::stat(f.path.c_str(), &main_file);
  CHECK_EQUAL(0, ::stat((f.path + "-wal").c_str(), &wal));
  CHECK_TRUE(wal.st_size > 0);
  LONGLONGS_EQUAL(main_file.st_size + wal.st_size, *bytes);
}

TEST(TheHealthQueries, ReportAMissingDatabaseAndRecoverOnceItExists) {
  ReadQueries queries(f.path);
  CHECK_TRUE(queries.ping().kind() == Kind::kIoError);
  CHECK_TRUE(queries.event_count().status().kind() == Kind::kIoError);
  CHECK_TRUE(queries.database_bytes().status().kind() == Kind::kIoError);
  CHECK_FALSE(file_exists(f.path));  // a reader never creates the file

  f.start();
  CHECK_TRUE(queries.ping().is_ok());
  LONGLONGS_EQUAL(0, *queries.event_count());
}

TEST(TheHealthQueries, RefuseADatabaseOfAnotherSchemaVersion) {
  f.start();
  f.stop();
  raw_exec(f.path, "PRAGMA user_version = 9");
  ReadQueries queries(f.path);
  CHECK_TRUE(queries.ping().kind() == Kind::kUnsupported);
}

TEST_GROUP(AReader) {
  ReaderFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.stop(); }
};

TEST(AReader, RunsPostedJobsInOrderOnItsOwnThread) {
  f.store(checkout(5, "completed", 1));
  std::vector<int> order;
  std::thread::id job_thread;
  std::promise<void> done;
  {
    Reader reader(f.path);
    reader.post([&](ReadQueries&) { order.push_back(1); });
    reader.post([&](ReadQueries& queries) {
      order.push_back(2);
      job_thread = std::this_thread::get_id();
      auto state = queries.order(5);
      if (state.is_ok() && state->status == "completed") order.push_back(3);
      done.set_value();
    });
    done.get_future().wait();
  }
  LONGS_EQUAL(3, static_cast<long>(order.size()));
  for (int i = 0; i < 3; ++i) LONGS_EQUAL(i + 1, order[static_cast<std::size_t>(i)]);
  CHECK_FALSE(job_thread == std::this_thread::get_id());
}

TEST(AReader, RunsTheJobsStillQueuedWhenDestroyed) {
  std::atomic<int> ran{0};
  {
    Reader reader(f.path);
    reader.post([&](ReadQueries&) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); });
    for (int i = 0; i < 10; ++i) reader.post([&](ReadQueries& q) { ran += q.ping().is_ok(); });
  }
  LONGS_EQUAL(10, ran.load());
}
