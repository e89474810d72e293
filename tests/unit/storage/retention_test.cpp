#include "storage/retention.h"

#include <sys/statvfs.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "storage/reader.h"
#include "storage/writer.h"
#include "mutator_records.h"
#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;
using Kind = lanecast::Status::Kind;

namespace {

constexpr std::int64_t day(double n) { return static_cast<std::int64_t>(n * kMicrosPerDay); }
constexpr std::int64_t kNow = day(100);  // with the default 90 days, the cutoff is day 10

std::int64_t count(const std::string& path, const std::string& sql) {
  return scalar(path, sql.c_str());
}

// Every foreign key of the schema still resolves.
std::int64_t dangling_references(const std::string& path) {
  return count(path, "SELECT count(*) FROM pragma_foreign_key_check");
}

struct RetentionFixture {
  ThreadSafeLeakDetection thread_safe_allocations;
  TempDir dir;
  std::string path = dir.file("lanecast.db");
  std::unique_ptr<Writer> writer;

  RetentionFixture() { writer = std::make_unique<Writer>(open_or_throw(path), path, WriterOptions{}); }
  ~RetentionFixture() { writer.reset(); }

  StoredAnswer store(WebhookRecord record) {
    auto stored = submit_and_wait(*writer, std::move(record));
    if (!stored.is_ok()) FAIL(stored.status().to_string().c_str());
    return *stored;
  }
  // A trip through a checkout zone: entered, then left an hour later.
  void trip(const std::string& session, const std::string& zone, std::int64_t at_us) {
    store(zone_event(session, zone, true, at_us));
    store(zone_event(session, zone, false, at_us + 3'600'000'000));
  }
  RetentionOptions options() const {
    RetentionOptions options;
    options.path = path;
    return options;
  }
  RetentionReport run(RetentionJob& job, std::int64_t now = kNow) {
    auto report = job.run_once(now);
    if (!report.is_ok()) FAIL(report.status().to_string().c_str());
    return *report;
  }
  std::int64_t events() const { return count(path, "SELECT count(*) FROM events"); }
};

}  // namespace

TEST_GROUP(ARetentionRun) {
  RetentionFixture f;
};

TEST(ARetentionRun, DeletesOldZoneEventsWithTheTripRowsThatEndWithThem) {
  f.trip("old-trip", "1", day(1));
  f.trip("new-trip", "2", day(50));

  RetentionJob job(f.options());
  const RetentionReport report = f.run(job);
  LONGLONGS_EQUAL(day(10), report.cutoff_us);
  LONGLONGS_EQUAL(2, report.events_deleted);
  LONGLONGS_EQUAL(0, report.bodies_dropped);
  LONGLONGS_EQUAL(1, report.sessions_deleted);
  LONGLONGS_EQUAL(1, report.zone_rows_deleted);
  CHECK_TRUE(report.finished);
  LONGS_EQUAL(1, report.batches);

  LONGLONGS_EQUAL(2, f.events());
  LONGLONGS_EQUAL(0, count(f.path, "SELECT count(*) FROM events WHERE session_id = 'old-trip'"));
  STRCMP_EQUAL("new-trip", scalar_text(f.path, "SELECT group_concat(session_id) FROM sessions").c_str());
  STRCMP_EQUAL("new-trip", scalar_text(f.path, "SELECT group_concat(session_id) FROM zone_presence").c_str());
  LONGLONGS_EQUAL(0, dangling_references(f.path));
}

TEST(ARetentionRun, KeepsOrdersRevisionsAndAnswersButDropsTheRawBodies) {
  f.store(mutator_request(5, "draft", day(2), priced(1249, 82, 900)));
  f.store(checkout(5, "draft", 0, 1249, day(2.1)));
  f.store(checkout(5, "completed", 1, 1249, day(2.2)));
  f.store(checkout(6, "completed", 1, 500, day(50)));
  ReadQueries queries(f.path);
  auto before = queries.order_summary(5);
  CHECK_TRUE(before.is_ok());

  RetentionJob job(f.options());
  const RetentionReport report = f.run(job);
  LONGLONGS_EQUAL(0, report.events_deleted);
  LONGLONGS_EQUAL(3, report.bodies_dropped);
  LONGLONGS_EQUAL(1, report.sessions_deleted);  // session-5 ended on day 2

  LONGLONGS_EQUAL(4, f.events());
  LONGLONGS_EQUAL(3, count(f.path, "SELECT count(*) FROM events WHERE order_id = 5 AND length(body) = 0"));
  LONGLONGS_EQUAL(0, count(f.path, "SELECT count(*) FROM events WHERE order_id = 6 AND length(body) = 0"));
  STRCMP_EQUAL("{\"priced\":5}", stored_answer(f.path, "kind = 'cart_mutator'").c_str());
  auto after = queries.order_summary(5);
  CHECK_TRUE(after.is_ok());
  STRCMP_EQUAL("completed", after->order.status.c_str());
  LONGLONGS_EQUAL(1249, *after->order.total_minor);
  LONGS_EQUAL(2, static_cast<long>(after->order.revisions.size()));
  for (std::size_t i = 0; i < 2; ++i) {
    LONGLONGS_EQUAL(before->order.revisions[i].seq, after->order.revisions[i].seq);
    LONGLONGS_EQUAL(*before->order.revisions[i].total_minor, *after->order.revisions[i].total_minor);
  }
  LONGS_EQUAL(1, static_cast<long>(after->mutations.size()));
  LONGLONGS_EQUAL(82, *after->mutations[0].tax_minor);
  LONGLONGS_EQUAL(0, dangling_references(f.path));
}

TEST(ARetentionRun, LeavesARedeliveryOfAPrunedCheckoutItsIdenticalAnswer) {
  const StoredAnswer original = f.store(checkout(7, "completed", 1, 990, day(3)));
  RetentionJob job(f.options());
  LONGLONGS_EQUAL(1, f.run(job).bodies_dropped);

  const StoredAnswer again = f.store(checkout(7, "completed", 1, 990, day(95)));
  CHECK_TRUE(again.duplicate);
  LONGLONGS_EQUAL(original.seq, again.seq);
  STRCMP_EQUAL("{\"externalId\":\"LC-7\"}", again.answer.c_str());
}

TEST(ARetentionRun, KeepsTheSessionOfATripThatGoesOnAfterTheCutoff) {
  f.trip("session-8", "3", day(2));
  f.store(checkout(8, "reviewed", 2, 700, day(50)));  // reviewed long after the trip

  RetentionJob job(f.options());
  const RetentionReport report = f.run(job);
  LONGLONGS_EQUAL(2, report.events_deleted);
  LONGLONGS_EQUAL(1, report.zone_rows_deleted);
  LONGLONGS_EQUAL(0, report.sessions_deleted);
  LONGLONGS_EQUAL(1, f.events());
  LONGLONGS_EQUAL(1, count(f.path, "SELECT count(*) FROM sessions WHERE session_id = 'session-8'"));
  LONGLONGS_EQUAL(0, count(f.path, "SELECT count(*) FROM zone_presence"));
  LONGLONGS_EQUAL(0, dangling_references(f.path));
}

TEST(ARetentionRun, FindsAnOldEventStoredAfterANewerOneAndForgetsNothingLater) {
  const auto cutoff = day(10);
  f.store(zone_event("a", "1", true, day(2)));                                    // old
  const auto near_cutoff = f.store(zone_event("b", "1", true, cutoff + 600'000'000)).seq;  // new
  f.store(zone_event("c", "1", true, cutoff - 600'000'000));   // old, stored after a newer one
  const auto newest = f.store(zone_event("d", "1", true, day(50))).seq;

  RetentionJob job(f.options());
  LONGLONGS_EQUAL(2, f.run(job).events_deleted);
  LONGLONGS_EQUAL(2, f.events());
  LONGLONGS_EQUAL(near_cutoff, count(f.path, "SELECT min(seq) FROM events"));

  // A day later the event just past the old cutoff is due too: the cursor did not skip it.
  LONGLONGS_EQUAL(1, f.run(job, kNow + day(1)).events_deleted);
  LONGLONGS_EQUAL(newest, count(f.path, "SELECT min(seq) FROM events"));
}

TEST(ARetentionRun, HasNothingToDoInADatabaseWithoutOldEvents) {
  f.trip("fresh", "1", day(99));
  RetentionJob job(f.options());
  const RetentionReport report = f.run(job);
  CHECK_FALSE(report.changed_anything());
  LONGS_EQUAL(0, report.batches);
  CHECK_TRUE(report.finished);
  LONGLONGS_EQUAL(2, f.events());
}

TEST(ARetentionRun, WorksInBatchesAndStopsWhenItsBudgetIsSpent) {
  std::vector<WebhookRecord> records;
  for (int n = 0; n < 300; ++n) {
    const std::string session = "trip-" + std::to_string(n);
    records.push_back(zone_event(session, "1", true, day(1) + n));
    records.push_back(zone_event(session, "1", false, day(2) + n));
  }
  for (auto& record : records) f.store(std::move(record));

  RetentionOptions options = f.options();
  options.batch_rows = 100;
  options.budget = std::chrono::milliseconds(0);
  RetentionJob job(options);
  RetentionReport total;
  int calls = 0;
  for (bool finished = false; !finished; ++calls) {
    const RetentionReport report = f.run(job);
    LONGS_EQUAL(report.finished ? report.batches : 1, report.batches);
    CHECK_TRUE(report.events_deleted <= 100);
    total.events_deleted += report.events_deleted;
    total.sessions_deleted += report.sessions_deleted;
    finished = report.finished;
    CHECK_TRUE(calls < 20);
  }
  CHECK_TRUE(calls >= 6);
  LONGLONGS_EQUAL(600, total.events_deleted);
  LONGLONGS_EQUAL(300, total.sessions_deleted);
  LONGLONGS_EQUAL(0, f.events());
}

TEST(ARetentionRun, ChecksThePointAndEmptiesTheWal) {
  f.trip("old", "1", day(1));
  // Only one checkpoint runs at a time, and the writer's own follows its commits: the run
  // starts once that one is done, so the checkpoint asserted on here is the run's.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (f.writer->stats().checkpoints == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK_TRUE(f.writer->stats().checkpoints > 0);
  RetentionJob job(f.options());
  const RetentionReport report = f.run(job);
  CHECK_TRUE(report.wal_checkpointed);
  struct stat wal {};
  CHECK_EQUAL(0, ::stat((f.path + "-wal").c_str(), &wal));
  LONGLONGS_EQUAL(0, wal.st_size);
}

TEST(ARetentionRun, LeavesFreedPagesForReuseWhenTheFileHasNoAutoVacuum) {
  for (int n = 0; n < 50; ++n) {
    WebhookRecord record = zone_event("s" + std::to_string(n), "1", true, day(1) + n);
    record.body += incompressible(8000, n + 1);
    f.store(std::move(record));
  }
  RetentionJob job(f.options());
  const RetentionReport report = f.run(job);
  LONGLONGS_EQUAL(50, report.events_deleted);
  LONGLONGS_EQUAL(0, report.pages_vacuumed);
  CHECK_TRUE(report.free_pages >= 50);
  LONGLONGS_EQUAL(report.free_pages, count(f.path, "PRAGMA freelist_count"));
}

TEST_GROUP(ARetentionRunOnAnIncrementalVacuumFile) {
  ThreadSafeLeakDetection thread_safe_allocations;
  TempDir dir;
  std::string path = dir.file("lanecast.db");
};

TEST(ARetentionRunOnAnIncrementalVacuumFile, GivesFreedPagesBackToTheFileSystem) {
  {
    Writer writer(open_or_throw(path), path, WriterOptions{});
    for (int n = 0; n < 50; ++n) {
      WebhookRecord record = zone_event("s" + std::to_string(n), "1", true, day(1) + n);
      record.body += incompressible(8000, n + 1);
      CHECK_TRUE(submit_and_wait(writer, std::move(record)).is_ok());
    }
  }
  raw_exec(path, "PRAGMA auto_vacuum=INCREMENTAL; VACUUM;");
  const std::int64_t pages_before = count(path, "PRAGMA page_count");

  RetentionOptions options;
  options.path = path;
  RetentionJob job(options);
  auto report = job.run_once(kNow);
  CHECK_TRUE_TEXT(report.is_ok(), report.status().to_string().c_str());
  LONGLONGS_EQUAL(50, report->events_deleted);
  CHECK_TRUE(report->pages_vacuumed >= 50);
  LONGLONGS_EQUAL(0, report->free_pages);
  CHECK_TRUE(count(path, "PRAGMA page_count") <= pages_before - 50);
}

TEST_GROUP(ARetentionRunUnderLoad) {
  RetentionFixture f;
};

// Old trips and orders are pruned in small batches while new webhooks keep arriving; in the
// end exactly the due events are gone or bodiless, and every new one is there, whole.
TEST(ARetentionRunUnderLoad, PrunesExactlyTheOldEventsWhileAWriterKeepsInserting) {
  constexpr int kOldTrips = 400, kOldOrders = 200, kNewRecords = 600;
  std::atomic<int> stored{0}, failed{0};
  auto done = [&](Result<StoredAnswer> result) { (result.is_ok() ? stored : failed) += 1; };
  for (int n = 0; n < kOldTrips; ++n) {
    const std::string session = "old-" + std::to_string(n);
    f.writer->submit(zone_event(session, "1", true, day(1) + n), done);
    f.writer->submit(zone_event(session, "1", false, day(1.5) + n), done);
  }
  for (int n = 0; n < kOldOrders; ++n) {
    f.writer->submit(mutator_request(n, "draft", day(3) + n, priced(100, 7, 10)), done);
    f.writer->submit(checkout(n, "completed", 1, 100, day(3.5) + n), done);
  }
  while (stored + failed < 2 * (kOldTrips + kOldOrders)) std::this_thread::yield();

  std::thread arrivals([&] {
    for (int n = 0; n < kNewRecords; ++n) {
      if (n % 2 == 0) {
        f.writer->submit(zone_event("new-" + std::to_string(n), "2", true, day(99) + n), done);
      } else {
        f.writer->submit(checkout(10'000 + n, "completed", 1, 200, day(99) + n), done);
      }
      if (n % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  RetentionOptions options = f.options();
  options.batch_rows = 50;
  options.budget = std::chrono::milliseconds(5);
  RetentionJob job(options);
  RetentionReport total;
  for (bool finished = false; !finished;) {
    const RetentionReport report = f.run(job);
    total.events_deleted += report.events_deleted;
    total.bodies_dropped += report.bodies_dropped;
    finished = report.finished;
  }
  arrivals.join();
  while (stored + failed < 2 * (kOldTrips + kOldOrders) + kNewRecords) std::this_thread::yield();

  LONGS_EQUAL(0, failed.load());
  LONGLONGS_EQUAL(2 * kOldTrips, total.events_deleted);
  LONGLONGS_EQUAL(2 * kOldOrders, total.bodies_dropped);
  const std::string old_events = "SELECT count(*) FROM events WHERE received_at_us < " +
                                 std::to_string(day(10));
  LONGLONGS_EQUAL(2 * kOldOrders, count(f.path, old_events));
  LONGLONGS_EQUAL(0, count(f.path, old_events + " AND length(body) > 0"));
  LONGLONGS_EQUAL(kNewRecords, count(f.path, "SELECT count(*) FROM events WHERE received_at_us >= " +
                                                 std::to_string(day(99)) + " AND length(body) > 0"));
  LONGLONGS_EQUAL(kOldOrders + kNewRecords / 2, count(f.path, "SELECT count(*) FROM orders"));
  LONGLONGS_EQUAL(kOldOrders, count(f.path, "SELECT count(*) FROM mutations"));
  LONGLONGS_EQUAL(kNewRecords / 2, count(f.path, "SELECT count(*) FROM zone_presence"));
  LONGLONGS_EQUAL(0, dangling_references(f.path));
  STRCMP_EQUAL("ok", scalar_text(f.path, "PRAGMA integrity_check").c_str());
}

TEST_GROUP(RetentionOptionsAndFiles) {
  TempDir dir;
};

TEST(RetentionOptionsAndFiles, RejectsOptionsThatCannotWork) {
  const std::string path = dir.file("lanecast.db");
  open_or_throw(path);
  struct Case {
    const char* what;
    void (*change)(RetentionOptions&);
  };
  const Case rejected[] = {
      {"no path", [](RetentionOptions& o) { o.path.clear(); }},
      {"zero age", [](RetentionOptions& o) { o.max_age_us = 0; }},
      {"negative age", [](RetentionOptions& o) { o.max_age_us = -kMicrosPerDay; }},
      {"zero batch", [](RetentionOptions& o) { o.batch_rows = 0; }},
      {"huge batch", [](RetentionOptions& o) { o.batch_rows = 100'001; }},
      {"negative busy timeout", [](RetentionOptions& o) { o.busy_timeout_ms = -1; }},
      {"negative budget", [](RetentionOptions& o) { o.budget = std::chrono::milliseconds(-1); }},
  };
  for (const Case& c : rejected) {
    RetentionOptions options;
    options.path = path;
    c.change(options);
    RetentionJob job(options);
    CHECK_TEXT(job.run_once(kNow).status().kind() == Kind::kInvalidInput, c.what);
  }
  RetentionOptions fine;
  fine.path = path;
  fine.batch_rows = 1;
  fine.max_age_us = 1;
  RetentionJob job(fine);
  CHECK_TRUE(job.run_once(kNow).is_ok());
}

TEST(RetentionOptionsAndFiles, NeverCreatesAMissingDatabase) {
  RetentionOptions options;
  options.path = dir.file("missing.db");
  RetentionJob job(options);
  CHECK_TRUE(job.run_once(kNow).status().kind() == Kind::kIoError);
  CHECK_FALSE(file_exists(options.path));
}

TEST(RetentionOptionsAndFiles, RefusesAFileThatIsNotALanecastDatabase) {
  RetentionOptions options;
  options.path = dir.file("other.db");
  raw_exec(options.path, "CREATE TABLE events (seq INTEGER PRIMARY KEY)");
  RetentionJob job(options);
  CHECK_TRUE(job.run_once(kNow).status().kind() == Kind::kUnsupported);
}

TEST(RetentionOptionsAndFiles, MeasuresTheFreeSpaceBesideTheDatabase) {
  const std::string path = dir.file("lanecast.db");
  struct statvfs info {};
  ::statvfs(dir.file("").c_str(), &info);
  const auto direct = static_cast<std::int64_t>(info.f_bavail) * static_cast<std::int64_t>(info.f_frsize);
  auto free_bytes = free_disk_bytes(path);
  CHECK_TRUE(free_bytes.is_ok());
  CHECK_TRUE(*free_bytes > 0);
  // Other tests write to the same file system meanwhile: close, not equal.
  CHECK_TRUE(*free_bytes > direct - 64 * 1024 * 1024 && *free_bytes < direct + 64 * 1024 * 1024);

  CHECK_TRUE(free_disk_bytes(dir.file("no-such-dir/lanecast.db")).status().kind() == Kind::kIoError);
}
