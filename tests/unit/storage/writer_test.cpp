#include "storage/writer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;
using Kind = lanecast::Status::Kind;

namespace {

// A writer on a fresh database in a temporary directory.
struct WriterFixture {
  ThreadSafeLeakDetection thread_safe_allocations;
  TempDir dir;
  std::string path = dir.file("lanecast.db");
  std::unique_ptr<Writer> writer;

  void start(WriterOptions options = {}) {
    writer = std::make_unique<Writer>(open_or_throw(path), path, options);
  }
  Result<StoredAnswer> store(WebhookRecord record) {
    return submit_and_wait(*writer, std::move(record));
  }
  std::int64_t count(const char* sql) { return scalar(path, sql); }
};

void check_ok(const Result<StoredAnswer>& answer) {
  CHECK_TRUE_TEXT(answer.is_ok(), answer.status().to_string().c_str());
}

}  // namespace

TEST_GROUP(ARedeliveredWebhook) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
};

TEST(ARedeliveredWebhook, IsStoredOnceAndGetsTheOriginalAnswer) {
  auto first = f.store(checkout(42, "completed", 1));
  WebhookRecord again = checkout(42, "completed", 1);
  again.answer = "{\"externalId\":\"something else\"}";
  auto second = f.store(again);
  check_ok(first);
  check_ok(second);
  CHECK_FALSE(first->duplicate);
  CHECK_TRUE(second->duplicate);
  LONGLONGS_EQUAL(first->seq, second->seq);
  STRCMP_EQUAL("{\"externalId\":\"LC-42\"}", first->answer.c_str());
  STRCMP_EQUAL(first->answer.c_str(), second->answer.c_str());
  LONGS_EQUAL(first->http_status, second->http_status);
  LONGLONGS_EQUAL(1, f.count("SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(1, f.count("SELECT redeliveries FROM events"));
}

TEST(ARedeliveredWebhook, LeavesTheProjectionsAlone) {
  f.store(checkout(42, "completed", 1));
  f.store(checkout(42, "completed", 1));
  f.store(checkout(42, "completed", 1));
  LONGLONGS_EQUAL(1, f.count("SELECT count(*) FROM order_revisions"));
  LONGLONGS_EQUAL(2, f.count("SELECT redeliveries FROM events"));
}

TEST_GROUP(ACompletedOrder) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
};

TEST(ACompletedOrder, IgnoresALateDraft) {
  check_ok(f.store(checkout(7, "completed", 1, 2500)));
  auto late = f.store(checkout(7, "draft", 0, 1999));
  check_ok(late);
  CHECK_FALSE(late->duplicate);
  STRCMP_EQUAL("completed", scalar_text(f.path, "SELECT status FROM orders WHERE order_id = 7").c_str());
  LONGLONGS_EQUAL(2500, f.count("SELECT total_minor FROM orders WHERE order_id = 7"));
  LONGLONGS_EQUAL(1, f.count("SELECT applied FROM order_revisions WHERE status = 'completed'"));
  LONGLONGS_EQUAL(0, f.count("SELECT applied FROM order_revisions WHERE status = 'draft'"));
}

TEST_GROUP(AnOrder) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
};

TEST(AnOrder, MovesFromDraftToCompletedToReviewed) {
  check_ok(f.store(checkout(9, "draft", 0, 1000, 1)));
  check_ok(f.store(checkout(9, "completed", 1, 1100, 2)));
  check_ok(f.store(checkout(9, "reviewed", 2, 900, 3)));
  STRCMP_EQUAL("reviewed", scalar_text(f.path, "SELECT status FROM orders").c_str());
  LONGLONGS_EQUAL(900, f.count("SELECT total_minor FROM orders"));
  LONGLONGS_EQUAL(1, f.count("SELECT first_seen_us FROM orders"));
  LONGLONGS_EQUAL(3, f.count("SELECT updated_at_us FROM orders"));
  LONGLONGS_EQUAL(3, f.count("SELECT count(*) FROM order_revisions WHERE applied = 1"));
}

TEST(AnOrder, KeepsTheExternalReferenceItWasFirstGiven) {
  check_ok(f.store(checkout(9, "draft", 0)));
  WebhookRecord completed = checkout(9, "completed", 1);
  completed.order->external_ref = "LC-other";
  check_ok(f.store(completed));
  STRCMP_EQUAL("LC-9", scalar_text(f.path, "SELECT external_ref FROM orders").c_str());
}

TEST_GROUP(ABadRecord) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
};

TEST(ABadRecord, IsRejectedAloneWithoutSinkingItsBatch) {
  std::vector<WebhookRecord> records = {checkout(1, "draft", 0), checkout(2, "draft", 7),
                                        checkout(3, "draft", 0)};
  std::vector<Result<StoredAnswer>> answers(3, Status::internal("not called"));
  {
    WriterGate gate(*f.writer);
    for (std::size_t i = 0; i < records.size(); ++i) {
      f.writer->submit(records[i], [&answers, i](Result<StoredAnswer> r) { answers[i] = r; });
    }
  }
  f.writer.reset();  // drains
  check_ok(answers[0]);
  check_ok(answers[2]);
  CHECK_TRUE_TEXT(answers[1].status().kind() == Kind::kInvalidInput,
                  answers[1].status().to_string().c_str());
  LONGLONGS_EQUAL(2, f.count("SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(0, f.count("SELECT count(*) FROM events WHERE order_id = 2"));
  LONGLONGS_EQUAL(2, f.count("SELECT count(*) FROM orders"));
}

// Records that break a rule of the schema; each is refused on its own.
struct BadRecord {
  const char* what;
  void (*spoil)(WebhookRecord&);
};

const BadRecord kBadRecords[] = {
    {"no dedupe key", [](WebhookRecord& r) { r.dedupe_key.clear(); }},
    {"no kind", [](WebhookRecord& r) { r.kind.clear(); }},
    {"a status rank above reviewed", [](WebhookRecord& r) { r.order->status_rank = 3; }},
    {"a negative status rank", [](WebhookRecord& r) { r.order->status_rank = -1; }},
    {"an HTTP status that is not one", [](WebhookRecord& r) { r.answer_http_status = 42; }},
    {"a negative mutation duration",
     [](WebhookRecord& r) { r.mutation = MutationInfo{"v1", -5, false, "", 1, 0}; }},
};

TEST(ABadRecord, IsRefusedAsInvalidInputForEachBrokenRule) {
  int n = 0;
  for (const auto& bad : kBadRecords) {
    WebhookRecord record = checkout(100 + n++, "draft", 0);
    bad.spoil(record);
    auto stored = f.store(record);
    CHECK_FALSE_TEXT(stored.is_ok(), bad.what);
    STRCMP_EQUAL_TEXT("invalid_input", stored.status().kind_name(), bad.what);
  }
  LONGLONGS_EQUAL(0, f.count("SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(0, f.count("SELECT count(*) FROM orders"));
  check_ok(f.store(checkout(1, "draft", 0)));  // and the writer carries on
}

TEST_GROUP(ConcurrentSubmissions) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
};

TEST(ConcurrentSubmissions, ShareTransactionsAndAreEachAnsweredOnce) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 125;
  constexpr int kTotal = kThreads * kPerThread;
  std::vector<std::atomic<int>> calls(kTotal);
  std::mutex mu;
  std::set<std::int64_t> seqs;
  {
    WriterGate gate(*f.writer);
    std::vector<std::thread> senders;
    for (int t = 0; t < kThreads; ++t) {
      senders.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          const int n = t * kPerThread + i;
          f.writer->submit(checkout(1000 + n, "completed", 1), [&, n](Result<StoredAnswer> r) {
            calls[n].fetch_add(1);
            if (!r.is_ok() || r->duplicate) return;
            std::lock_guard lock(mu);
            seqs.insert(r->seq);
          });
        }
      });
    }
    for (auto& sender : senders) sender.join();
    LONGS_EQUAL(kTotal, static_cast<long>(f.writer->stats().queue_depth));
  }
  f.writer.reset();
  for (int n = 0; n < kTotal; ++n) LONGS_EQUAL_TEXT(1, calls[n].load(), "completion count");
  LONGS_EQUAL(kTotal, static_cast<long>(seqs.size()));
  LONGLONGS_EQUAL(kTotal, f.count("SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(kTotal, f.count("SELECT count(*) FROM orders"));
}

TEST(ConcurrentSubmissions, AreCommittedInBatchesOfAtMostMaxBatch) {
  f.writer.reset();
  f.start(WriterOptions{.max_batch = 64});
  std::atomic<int> answered{0};
  {
    WriterGate gate(*f.writer);
    for (int n = 0; n < 200; ++n) {
      f.writer->submit(checkout(n + 1, "draft", 0), [&](auto) { answered.fetch_add(1); });
    }
  }
  for (int wait = 0; wait < 500 && answered.load() < 200; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  LONGS_EQUAL(200, answered.load());
  const WriterStats stats = f.writer->stats();
  LONGLONGS_EQUAL(200, static_cast<long long>(stats.records));
  LONGLONGS_EQUAL(4, static_cast<long long>(stats.batches));  // 64 + 64 + 64 + 8
  LONGLONGS_EQUAL(0, static_cast<long long>(stats.failures));
}

TEST_GROUP(AFullDisk) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
  void limit_pages(bool tight) {
    f.writer->run_on_connection_for_test([tight](sqlite3* db) {
      sqlite3_stmt* raw = nullptr;
      sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &raw, nullptr);
      StatementPtr statement(raw);
      sqlite3_step(raw);
      const std::string limit =
          tight ? std::to_string(sqlite3_column_int64(raw, 0)) : std::string("1073741823");
      sqlite3_exec(db, ("PRAGMA max_page_count = " + limit).c_str(), nullptr, nullptr, nullptr);
    });
  }
};

TEST(AFullDisk, FailsTheWholeBatchAndRecoversWhenSpaceReturns) {
  check_ok(f.store(checkout(1, "draft", 0)));
  limit_pages(true);
  WebhookRecord big = checkout(2, "completed", 1);
  big.body += incompressible(200 * 1024);
  auto refused = f.store(big);
  CHECK_FALSE(refused.is_ok());
  STRCMP_EQUAL("storage_full", refused.status().kind_name());
  WriterStats stats = f.writer->stats();
  LONGLONGS_EQUAL(1, static_cast<long long>(stats.failures));
  CHECK_FALSE(stats.last_error.empty());

  limit_pages(false);
  auto accepted = f.store(big);
  check_ok(accepted);
  CHECK_FALSE(accepted->duplicate);  // the failed attempt left nothing behind
  stats = f.writer->stats();
  STRCMP_EQUAL("", stats.last_error.c_str());
  LONGLONGS_EQUAL(2, f.count("SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(1, f.count("SELECT count(*) FROM order_revisions WHERE order_id = 2"));
}

TEST_GROUP(AFullQueue) {
  WriterFixture f;
  void teardown() override { f.writer.reset(); }
};

TEST(AFullQueue, RefusesAtOnceWithBusy) {
  f.start(WriterOptions{.max_queue = 2});
  std::vector<std::string> outcomes;
  std::mutex mu;
  auto note = [&](Result<StoredAnswer> r) {
    std::lock_guard lock(mu);
    outcomes.push_back(r.is_ok() ? "ok" : r.status().kind_name());
  };
  {
    WriterGate gate(*f.writer);
    f.writer->submit(checkout(1, "draft", 0), note);
    f.writer->submit(checkout(2, "draft", 0), note);
    f.writer->submit(checkout(3, "draft", 0), note);
    LONGS_EQUAL(1, static_cast<long>(outcomes.size()));  // answered on this thread, now
    STRCMP_EQUAL("busy", outcomes[0].c_str());
  }
  f.writer.reset();
  LONGS_EQUAL(3, static_cast<long>(outcomes.size()));
  LONGLONGS_EQUAL(2, f.count("SELECT count(*) FROM events"));
}

TEST_GROUP(AStoppingWriter) {
  WriterFixture f;
};

TEST(AStoppingWriter, CommitsEverythingQueuedBeforeItStops) {
  f.start();
  std::atomic<int> committed{0};
  {
    WriterGate gate(*f.writer);
    for (int n = 0; n < 50; ++n) {
      f.writer->submit(checkout(n + 1, "draft", 0), [&](Result<StoredAnswer> r) {
        if (r.is_ok()) committed.fetch_add(1);
      });
    }
  }
  f.writer.reset();
  LONGS_EQUAL(50, committed.load());
  LONGLONGS_EQUAL(50, f.count("SELECT count(*) FROM events"));
}

TEST(AStoppingWriter, LeavesAnEmptyWriteAheadLog) {
  f.start();
  for (int n = 0; n < 20; ++n) check_ok(f.store(checkout(n + 1, "draft", 0)));
  // A second connection keeps the WAL file from being removed when the writer closes, so
  // its size shows what the final TRUNCATE checkpoint did.
  auto observer = raw_open(f.path);
  CHECK_EQUAL(SQLITE_OK, sqlite3_exec(observer.get(), "SELECT count(*) FROM events", nullptr,
                                      nullptr, nullptr));
  f.writer.reset();
  struct stat info {};
  CHECK_EQUAL(0, ::stat((f.path + "-wal").c_str(), &info));
  LONGLONGS_EQUAL(0, static_cast<long long>(info.st_size));
  LONGLONGS_EQUAL(20, scalar(f.path, "SELECT count(*) FROM events"));
}

TEST_GROUP(AnIdleWriter) {
  WriterFixture f;
  void teardown() override { f.writer.reset(); }
};

TEST(AnIdleWriter, KeepsItsHeartbeatGoing) {
  f.start();
  const auto before = f.writer->stats().heartbeats;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto after = f.writer->stats().heartbeats;
  CHECK_TRUE(after >= before + 2);
}

TEST_GROUP(AGrowingWriteAheadLog) {
  WriterFixture f;
  void teardown() override { f.writer.reset(); }

  // The database file copied without its WAL: what the checkpoints have moved into it. A
  // checkpoint may be writing while the file is copied; a copy that does not pass
  // integrity_check is such a torn one, and the copy is taken again.
  std::string copy_of_the_database_file_alone() {
    const std::string copy = f.dir.file("main-file-only.db");
    std::string integrity;
    for (int attempt = 0; attempt < 50 && integrity != "ok"; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      write_file(copy, read_file(f.path));
      integrity = scalar_text(copy, "PRAGMA integrity_check");
    }
    STRCMP_EQUAL("ok", integrity.c_str());
    return copy;
  }
};

TEST(AGrowingWriteAheadLog, IsCheckpointedOnceItPassesTheThreshold) {
  f.start(WriterOptions{.checkpoint_pages = 16});
  CHECK_EQUAL(0u, f.writer->stats().checkpoints);
  for (int n = 0; n < 10; ++n) {
    WebhookRecord record = checkout(n + 1, "draft", 0);
    record.body += incompressible(8 * 1024, n + 1);
    check_ok(f.store(record));
  }
  for (int wait = 0; wait < 200 && f.writer->stats().checkpoints == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK_TRUE(f.writer->stats().checkpoints >= 1);
  // The pages really moved: the database file alone, copied without its WAL, holds the
  // webhooks committed before the checkpoint, bodies whole. (Not necessarily all ten: on a
  // slow machine it may run after the first, and the rest stay in the WAL below the
  // threshold.)
  const std::string copy = copy_of_the_database_file_alone();
  const std::int64_t events = scalar(copy, "SELECT count(*) FROM events");
  CHECK_TRUE(events >= 1);
  LONGLONGS_EQUAL(events, scalar(copy, "SELECT count(*) FROM events WHERE length(body) > 8192"));
}

// Small and often: a large checkpoint's burst of database writes and its fsync hold up the
// webhooks' WAL fsyncs behind it, so a WAL far below the threshold is copied too, a moment
// after its commits.
TEST(AGrowingWriteAheadLog, IsCheckpointedShortlyAfterCommitsBelowTheThreshold) {
  f.start(WriterOptions{.checkpoint_pages = 100000});
  for (int n = 0; n < 10; ++n) check_ok(f.store(checkout(n + 1, "draft", 0)));
  for (int wait = 0; wait < 300 && f.writer->stats().checkpoints == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK_TRUE(f.writer->stats().checkpoints >= 1);
  const std::string copy = copy_of_the_database_file_alone();
  CHECK_TRUE(scalar(copy, "SELECT count(*) FROM events") >= 1);
}

// Under sustained load a PASSIVE checkpoint on its own thread never copies the commits made
// while it runs, so the WAL would never restart and grow for as long as the load lasts: the
// writer finishes a checkpoint between two transactions once the WAL is past the threshold,
// and the WAL starts over while the senders are still sending.
TEST(AGrowingWriteAheadLog, StartsOverUnderSustainedLoad) {
  f.start(WriterOptions{.checkpoint_pages = 64});
  std::atomic<bool> sending{true};
  std::atomic<int> next_order{1};
  std::vector<std::thread> senders;
  for (int t = 0; t < 8; ++t) {
    senders.emplace_back([&] {
      while (sending.load()) {
        const int order = next_order.fetch_add(1);
        WebhookRecord record = checkout(order, "draft", 0);
        record.body += incompressible(4 * 1024, static_cast<std::uint32_t>(order));
        check_ok(f.store(record));
      }
    });
  }
  int largest = 0;
  bool restarted = false;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until &&
         !(restarted && f.writer->stats().checkpoints_by_writer >= 2)) {
    const int pages = f.writer->stats().wal_pages;
    if (largest >= 64 && pages < largest / 2) restarted = true;
    largest = std::max(largest, pages);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  sending.store(false);
  for (auto& sender : senders) sender.join();
  CHECK_TRUE_TEXT(restarted, ("the WAL only grew, to " + std::to_string(largest) + " pages").c_str());
  CHECK_TRUE(f.writer->stats().checkpoints_by_writer >= 2);
  // Every webhook answered is there, body whole.
  f.writer.reset();
  LONGLONGS_EQUAL(next_order.load() - 1, f.count("SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(0, f.count("SELECT count(*) FROM events WHERE length(body) <= 4096"));
}

TEST_GROUP(ZonePresence) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
  std::int64_t inside() {
    return f.count("SELECT inside FROM zone_presence WHERE zone_id = 'z1' AND session_id = 's'");
  }
};

TEST(ZonePresence, FollowsTimeOfOriginRatherThanArrivalOrder) {
  check_ok(f.store(zone_event("s", "z1", false, 2000)));  // the exit arrives first
  LONGLONGS_EQUAL(0, inside());
  check_ok(f.store(zone_event("s", "z1", true, 1000)));   // then the older entry
  LONGLONGS_EQUAL(0, inside());
  check_ok(f.store(zone_event("s", "z1", true, 3000)));   // a new entry
  LONGLONGS_EQUAL(1, inside());
  LONGLONGS_EQUAL(3000, f.count("SELECT entered_at_us FROM zone_presence"));
  LONGLONGS_EQUAL(2000, f.count("SELECT left_at_us FROM zone_presence"));
}

TEST(ZonePresence, KeepsTheAttentionFlagOnceRaised) {
  check_ok(f.store(zone_event("s", "z1", true, 1000, true)));
  check_ok(f.store(zone_event("s", "z1", false, 2000, false)));
  LONGLONGS_EQUAL(1, f.count("SELECT attention_needed FROM zone_presence"));
}

TEST(ZonePresence, IsKeptPerMemberOfAGroup) {
  check_ok(f.store(zone_event("s", "z1", true, 1000, false, "a")));
  check_ok(f.store(zone_event("s", "z1", true, 1000, true, "b")));
  check_ok(f.store(zone_event("s", "z1", false, 2000, false, "a")));  // a leaves, b stays
  LONGLONGS_EQUAL(2, f.count("SELECT count(*) FROM zone_presence"));
  LONGLONGS_EQUAL(0, f.count("SELECT inside FROM zone_presence WHERE shopper_id = 'a'"));
  LONGLONGS_EQUAL(1, f.count("SELECT inside FROM zone_presence WHERE shopper_id = 'b'"));
  LONGLONGS_EQUAL(1, f.count("SELECT attention_needed FROM zone_presence WHERE shopper_id = 'b'"));
  check_ok(f.store(zone_event("s", "z1", true, 1500, false, "a")));  // a's older entry, late
  LONGLONGS_EQUAL(0, f.count("SELECT inside FROM zone_presence WHERE shopper_id = 'a'"));
}

TEST(ZonePresence, UpdatesTheSession) {
  check_ok(f.store(zone_event("s", "z1", true, 1000)));
  WebhookRecord order = checkout(5, "completed", 1, 1099, 9'000'000);
  order.session_id = "s";
  check_ok(f.store(order));
  LONGLONGS_EQUAL(1500, f.count("SELECT first_seen_us FROM sessions WHERE session_id = 's'"));
  LONGLONGS_EQUAL(9'000'000, f.count("SELECT last_seen_us FROM sessions WHERE session_id = 's'"));
  STRCMP_EQUAL("z1", scalar_text(f.path, "SELECT last_zone_id FROM sessions").c_str());
  LONGLONGS_EQUAL(5, f.count("SELECT last_order_id FROM sessions"));
}

TEST_GROUP(ACartMutatorAnswer) {
  WriterFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.writer.reset(); }
};

TEST(ACartMutatorAnswer, IsKeptWithItsRequest) {
  WebhookRecord record;
  record.kind = "cart_mutator";
  record.path = "/aifi/cart-mutator";
  record.received_at_us = 5;
  record.body = "{\"orderId\":77,\"status\":\"draft\"}";
  record.dedupe_key = "cart_mutator|abc";
  record.order_id = 77;
  record.status = "draft";
  record.answer = "{\"orderId\":77,\"totalPrice\":\"9.99\"}";
  record.mutation = MutationInfo{"rules-1", 420, true, "rule set missing", 999, 90};
  auto stored = f.store(record);
  check_ok(stored);
  STRCMP_EQUAL(record.answer.c_str(), stored->answer.c_str());
  STRCMP_EQUAL(record.answer.c_str(), stored_answer(f.path, "seq = 1").c_str());
  LONGLONGS_EQUAL(stored->seq, f.count("SELECT seq FROM mutations"));
  LONGLONGS_EQUAL(1, f.count("SELECT fell_back FROM mutations"));
  LONGLONGS_EQUAL(999, f.count("SELECT total_minor FROM mutations"));
  STRCMP_EQUAL("rule set missing", scalar_text(f.path, "SELECT failure FROM mutations").c_str());
  LONGLONGS_EQUAL(0, f.count("SELECT count(*) FROM orders"));  // only checkouts make orders
}
