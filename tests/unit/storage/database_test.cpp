#include "storage/database.h"

#include <sys/stat.h>
#include <unistd.h>

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "storage/reader.h"
#include "storage/schema.h"
#include "storage/writer.h"
#include "mutator_records.h"
#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;
using Kind = lanecast::Status::Kind;

namespace {

const char* const kTables[] = {"events",   "orders",        "order_revisions",
                               "sessions", "zone_presence", "mutations"};

bool has_table(const std::string& path, const std::string& table) {
  const std::string sql =
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + table + "'";
  return scalar(path, sql.c_str()) == 1;
}

// The real steps plus a second one, to exercise a v1 -> v2 migration.
std::vector<Migration> steps_with(const Migration& extra) {
  std::vector<Migration> steps(schema_migrations().begin(), schema_migrations().end());
  steps.push_back(extra);
  return steps;
}

// Steps one past this binary's schema, as a future release would add them.
const int kNext = current_schema_version() + 1;
const Migration kAddNotes = {kNext, "add notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"};
// Its second statement fails, after the first has created a table.
const Migration kBrokenStep = {kNext, "broken step",
                               "CREATE TABLE notes (id INTEGER PRIMARY KEY);"
                               "INSERT INTO no_such_table VALUES (1);"};
const std::string kNextText = std::to_string(kNext);
const std::string kNowText = std::to_string(kNext - 1);

// A lanecast database with some content, closed again.
void make_populated_database(const std::string& path, int events) {
  auto db = open_or_throw(path);
  sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
  for (int i = 0; i < events; ++i) {
    const std::string sql =
        "INSERT INTO events (kind, path, received_at_us, body, dedupe_scope, dedupe_digest, "
        "answer_http_status, answer) VALUES ('checkout', '/aifi/checkout', 1, randomblob(300), " +
        std::to_string(i) + ", randomblob(16), 200, '{}')";
    sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
}

Result<SqlitePtr> open_plain(const std::string& path) { return open_database(OpenOptions{path}); }

// What EXPLAIN QUERY PLAN says of `query`, one "; "-terminated line per step.
std::string query_plan(const std::string& path, const std::string& query) {
  auto db = open_plain(path);
  CHECK_TRUE(db.is_ok());
  sqlite3_stmt* raw = nullptr;
  const std::string explain = "EXPLAIN QUERY PLAN " + query;
  CHECK_EQUAL(SQLITE_OK, sqlite3_prepare_v2(db->get(), explain.c_str(), -1, &raw, nullptr));
  StatementPtr statement(raw);
  std::string plan;
  while (sqlite3_step(raw) == SQLITE_ROW)
    plan += reinterpret_cast<const char*>(sqlite3_column_text(raw, 3)) + std::string("; ");
  return plan;
}

// Opens and closes again, so the test can then look at the file itself.
Status open_and_close(const std::string& path,
                      std::span<const Migration> steps = schema_migrations()) {
  return open_database(OpenOptions{path}, steps).status();
}

}  // namespace

TEST_GROUP(ANewDatabase) {
  TempDir dir;
  std::string path = dir.file("lanecast.db");
};

TEST(ANewDatabase, IsCreatedWithEveryTableAtTheCurrentSchemaVersion) {
  const Status opened = open_and_close(path);
  CHECK_TRUE_TEXT(opened.is_ok(), opened.to_string().c_str());
  LONGLONGS_EQUAL(current_schema_version(), scalar(path, "PRAGMA user_version"));
  LONGLONGS_EQUAL(kApplicationId, scalar(path, "PRAGMA application_id"));
  for (const char* table : kTables) CHECK_TRUE_TEXT(has_table(path, table), table);
  STRCMP_EQUAL("wal", scalar_text(path, "PRAGMA journal_mode").c_str());
}

TEST(ANewDatabase, LeavesCheckpointsToTheWriterAndSyncsEveryCommit) {
  auto db = open_plain(path);
  CHECK_TRUE(db.is_ok());
  sqlite3_stmt* raw = nullptr;
  const std::pair<const char*, int> expected[] = {{"PRAGMA wal_autocheckpoint", 0},
                                                  {"PRAGMA synchronous", 2},
                                                  {"PRAGMA foreign_keys", 1},
                                                  {"PRAGMA journal_size_limit", 64 << 20}};
  for (const auto& [pragma, value] : expected) {
    sqlite3_prepare_v2(db->get(), pragma, -1, &raw, nullptr);
    StatementPtr statement(raw);
    CHECK_EQUAL(SQLITE_ROW, sqlite3_step(raw));
    LONGS_EQUAL_TEXT(value, sqlite3_column_int(raw, 0), pragma);
  }
}

// The newest-first orders list the API and the staff kiosk page through
// (storage/read_queries.cpp) walks the revisions back by their rowid and looks each order up by
// its key: a page costs about its `limit` rows, not a sort of the whole table.
TEST(ANewDatabase, ListsTheNewestOrdersWithoutSortingTheirTable) {
  CHECK_TRUE(open_and_close(path).is_ok());
  const std::string plan =
      query_plan(path, "SELECT o.order_id FROM order_revisions r CROSS JOIN orders o"
                       " WHERE r.applied = 1 AND o.order_id = r.order_id AND o.last_seq = r.seq"
                       " ORDER BY r.seq DESC LIMIT 50");
  CHECK_TRUE_TEXT(plan.find("SEARCH o USING INTEGER PRIMARY KEY") != std::string::npos,
                  plan.c_str());
  CHECK_TRUE_TEXT(plan.find("TEMP B-TREE") == std::string::npos, plan.c_str());
}

// An order's events and revisions are found through the dedupe index (an order's events
// carry its id as their dedupe scope), so no index of their own costs each checkout a page.
TEST(ANewDatabase, FindsAnOrdersEventsThroughTheDedupeIndex) {
  CHECK_TRUE(open_and_close(path).is_ok());
  LONGLONGS_EQUAL(0, scalar(path, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                  "('events_by_order', 'order_revisions_by_order')"));
  const std::string plan =
      query_plan(path, "SELECT r.seq FROM events e CROSS JOIN order_revisions r"
                       " WHERE e.dedupe_scope = 42 AND e.order_id = 42 AND r.seq = e.seq"
                       " ORDER BY r.seq");
  CHECK_TRUE_TEXT(plan.find("SEARCH e USING INDEX events_by_dedupe") != std::string::npos,
                  plan.c_str());
  CHECK_TRUE_TEXT(plan.find("SEARCH r USING INTEGER PRIMARY KEY") != std::string::npos,
                  plan.c_str());
}

TEST(ANewDatabase, IsNotBackedUpBecauseThereIsNothingToKeep) {
  CHECK_TRUE(open_plain(path).is_ok());
  CHECK_FALSE(file_exists(path + ".v0.bak"));
}

TEST(ANewDatabase, CannotBeCreatedInAMissingDirectory) {
  auto db = open_plain(dir.file("missing/lanecast.db"));
  CHECK_FALSE(db.is_ok());
  CHECK_TRUE(db.status().kind() == Kind::kIoError);
}

TEST_GROUP(AnExistingDatabase) {
  TempDir dir;
  std::string path = dir.file("lanecast.db");
  void setup() override { make_populated_database(path, 20); }
};

TEST(AnExistingDatabase, ReopensAsItWas) {
  const Status opened = open_and_close(path);
  CHECK_TRUE_TEXT(opened.is_ok(), opened.to_string().c_str());
  LONGLONGS_EQUAL(20, scalar(path, "SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(current_schema_version(), scalar(path, "PRAGMA user_version"));
  CHECK_FALSE(file_exists(path + ".v" + kNowText + ".bak"));
}

TEST(AnExistingDatabase, IsRefusedWhenItsSchemaIsNewerThanThisBinary) {
  const std::string newer = std::to_string(current_schema_version() + 1);
  raw_exec(path, ("PRAGMA user_version = " + newer).c_str());
  auto db = open_plain(path);
  CHECK_FALSE(db.is_ok());
  CHECK_TRUE(db.status().kind() == Kind::kUnsupported);
  const std::string message = db.status().message();
  CHECK_TRUE_TEXT(message.find("version " + newer) != std::string::npos, message.c_str());
  const std::string ours = "version " + std::to_string(current_schema_version());
  CHECK_TRUE_TEXT(message.find(ours) != std::string::npos, message.c_str());
  LONGLONGS_EQUAL(current_schema_version() + 1, scalar(path, "PRAGMA user_version"));
}

TEST(AnExistingDatabase, IsBackedUpAndVerifiedBeforeAMigration) {
  const auto steps = steps_with(kAddNotes);
  const Status opened = open_and_close(path, steps);
  CHECK_TRUE_TEXT(opened.is_ok(), opened.to_string().c_str());
  LONGLONGS_EQUAL(kNext, scalar(path, "PRAGMA user_version"));
  CHECK_TRUE(has_table(path, "notes"));

  const std::string backup = path + ".v" + kNowText + ".bak";
  CHECK_TRUE(file_exists(backup));
  CHECK_FALSE(file_exists(backup + ".tmp"));
  LONGLONGS_EQUAL(kNext - 1, scalar(backup, "PRAGMA user_version"));
  LONGLONGS_EQUAL(20, scalar(backup, "SELECT count(*) FROM events"));
  CHECK_FALSE(has_table(backup, "notes"));
  STRCMP_EQUAL("ok", scalar_text(backup, "PRAGMA integrity_check").c_str());
}

TEST(AnExistingDatabase, KeepsItsVersionWholeWhenAMigrationStepFails) {
  const auto steps = steps_with(kBrokenStep);
  auto db = open_database(OpenOptions{path}, steps);
  CHECK_FALSE(db.is_ok());
  const std::string message = db.status().message();
  CHECK_TRUE_TEXT(message.find("migration to v" + kNextText) != std::string::npos, message.c_str());
  LONGLONGS_EQUAL(kNext - 1, scalar(path, "PRAGMA user_version"));
  CHECK_FALSE(has_table(path, "notes"));  // the step's first statement was rolled back too
  CHECK_TRUE(open_plain(path).is_ok());
}

TEST_GROUP(AVersionOneDatabase) {
  TempDir dir;
  std::string path = dir.file("lanecast.db");
  void setup() override {
    // Made by the first release: only the first migration step.
    auto v1 = open_database(OpenOptions{path}, schema_migrations().first(1));
    CHECK_TRUE_TEXT(v1.is_ok(), v1.status().to_string().c_str());
    sqlite3_exec(v1->get(),
                 "INSERT INTO events (kind, path, received_at_us, body, dedupe_key, "
                 "answer_http_status, answer) VALUES ('checkout', '/aifi/checkout', 1, randomblob(8), 'k', 200, '{}')",
                 nullptr, nullptr, nullptr);
  }
};

TEST(AVersionOneDatabase, IsMigratedToTheCurrentSchemaKeepingItsEvents) {
  LONGLONGS_EQUAL(1, scalar(path, "PRAGMA user_version"));
  const Status opened = open_and_close(path);
  CHECK_TRUE_TEXT(opened.is_ok(), opened.to_string().c_str());
  LONGLONGS_EQUAL(current_schema_version(), scalar(path, "PRAGMA user_version"));
  LONGLONGS_EQUAL(1, scalar(path, "SELECT count(*) FROM events"));
  LONGLONGS_EQUAL(1, scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'mutations_by_order'"));
  CHECK_TRUE(file_exists(path + ".v1.bak"));
}

// Files that must never be taken for a lanecast database, made fresh in each test.
struct BadFile {
  const char* what;
  std::function<void(const std::string& path)> make;
};

const BadFile kBadFiles[] = {
    {"another application's tables",
     [](const std::string& p) { raw_exec(p, "CREATE TABLE customers (name TEXT)"); }},
    {"another application's id",
     [](const std::string& p) { raw_exec(p, "PRAGMA application_id = 305419896"); }},
    {"a lanecast id on tables without a schema version",
     [](const std::string& p) {
       raw_exec(p, "PRAGMA application_id = 1280197459; CREATE TABLE events (seq INTEGER)");
     }},
    {"plain text", [](const std::string& p) { write_file(p, "this is not a database\n"); }},
    {"random bytes",
     [](const std::string& p) {
       std::string bytes(8192, '\0');
       unsigned state = 12345;
       for (auto& byte : bytes) byte = static_cast<char>((state = state * 1103515245 + 12345) >> 16);
       write_file(p, bytes);
     }},
    {"a lanecast database cut in half",
     [](const std::string& p) {
       make_populated_database(p, 400);
       struct stat info {};
       ::stat(p.c_str(), &info);
       CHECK_EQUAL(0, ::truncate(p.c_str(), info.st_size / 2));
     }},
    {"a lanecast database cut after its header",
     [](const std::string& p) {
       make_populated_database(p, 400);
       CHECK_EQUAL(0, ::truncate(p.c_str(), 100));
     }},
    {"a lanecast database with a page overwritten",
     [](const std::string& p) {
       make_populated_database(p, 400);
       std::string bytes = read_file(p);
       const std::size_t page = 4096;
       CHECK_TRUE(bytes.size() > 8 * page);
       for (std::size_t i = 5 * page; i < 6 * page; ++i) bytes[i] = static_cast<char>(0xA5);
       write_file(p, bytes);
     }},
};

TEST_GROUP(AForeignOrDamagedFile) {
  TempDir dir;
};

TEST(AForeignOrDamagedFile, IsRefusedAsCorrupt) {
  int n = 0;
  for (const auto& bad : kBadFiles) {
    const std::string path = dir.file("bad-" + std::to_string(n++) + ".db");
    bad.make(path);
    auto db = open_plain(path);
    CHECK_FALSE_TEXT(db.is_ok(), bad.what);
    STRCMP_EQUAL_TEXT("corrupt", db.status().kind_name(), bad.what);
  }
}

TEST(AForeignOrDamagedFile, IsLeftExactlyAsItWas) {
  const std::string path = dir.file("theirs.db");
  raw_exec(path, "CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('x')");
  const std::string before = read_file(path);
  CHECK_FALSE(open_plain(path).is_ok());
  CHECK_TRUE(before == read_file(path));
  STRCMP_EQUAL("delete", scalar_text(path, "PRAGMA journal_mode").c_str());
}

TEST_GROUP(AVersionTwoDatabase) {
  TempDir dir;
  std::string path = dir.file("lanecast.db");
};

// Before groups were told apart, presence was kept per session: the rows carry over as the
// session's own (shopper ''), and a member of the same session gets a row of its own.
TEST(AVersionTwoDatabase, KeepsItsZonePresenceAsTheSessionsOwnRows) {
  const std::vector<Migration> v2(schema_migrations().begin(), schema_migrations().begin() + 2);
  CHECK_TRUE(open_and_close(path, v2).is_ok());
  raw_exec(path,
           "INSERT INTO events (kind, path, received_at_us, body, dedupe_key, answer_http_status,"
           " answer) VALUES ('zone_entered', '/e', 1, x'', 'k', 200, '{}');"
           "INSERT INTO zone_presence (zone_id, session_id, entered_at_us, left_at_us,"
           " attention_needed, last_seq) VALUES ('2', 's', 100, NULL, 1, 1)");
  const Status opened = open_and_close(path);
  CHECK_TRUE_TEXT(opened.is_ok(), opened.to_string().c_str());
  LONGLONGS_EQUAL(current_schema_version(), scalar(path, "PRAGMA user_version"));
  STRCMP_EQUAL("", scalar_text(path, "SELECT shopper_id FROM zone_presence").c_str());
  LONGLONGS_EQUAL(1, scalar(path, "SELECT inside + attention_needed - 1 FROM zone_presence"));
  raw_exec(path,
           "INSERT INTO zone_presence (zone_id, session_id, shopper_id, entered_at_us,"
           " attention_needed, last_seq) VALUES ('2', 's', 'b', 100, 0, 1)");
  LONGLONGS_EQUAL(2, scalar(path, "SELECT count(*) FROM zone_presence WHERE inside"));
}

// A database as lanecastd 3 left it: dedupe keys as text under a UNIQUE constraint, an order
// with a revision, and the journal's highest sequence number pruned away.
TEST_GROUP(AVersionThreeDatabase) {
  ThreadSafeLeakDetection thread_safe_allocations;
  TempDir dir;
  std::string path = dir.file("lanecast.db");
  void setup() override {
    const std::vector<Migration> v3(schema_migrations().begin(), schema_migrations().begin() + 3);
    CHECK_TRUE(open_and_close(path, v3).is_ok());
    const WebhookRecord first = checkout(42, "completed", 1);
    const WebhookRecord mutator = mutator_request(42, "draft", 2, priced(1249, 82, 50));
    const std::string sql =
        "INSERT INTO events (seq, kind, path, received_at_us, body, dedupe_key, session_id, order_id,"
        " status, answer_http_status, answer) VALUES"
        " (7, 'checkout', '/aifi/checkout', 1, x'7b7d', '" + first.dedupe_key +
        "', 's-1', 42, 'completed', 200, '{\"externalId\":\"LC-42\"}'),"
        " (8, 'cart_mutator', '/aifi/cart-mutator', 2, x'7b7d', '" + mutator.dedupe_key +
        "', 's-1', 42, 'draft', 200, '{\"cart\":[]}'),"
        " (9, 'zone_entered', '/aifi/zone', 3, x'7b7d', 'zone|s-1|2|entered|t', 's-1', NULL, NULL,"
        " 200, '{}');"
        "INSERT INTO orders VALUES (42, 'LC-42', 's-1', 1, 'completed', 1, 1249, 82, 1167,"
        " 'success', 1, 1, 7);"
        "INSERT INTO order_revisions VALUES (7, 42, 'completed', 1, 1, 1249, 82, 1167, 'success', 1);"
        "DELETE FROM events WHERE seq = 9;";
    raw_exec(path, sql.c_str());
    LONGLONGS_EQUAL(3, scalar(path, "PRAGMA user_version"));
  }
};

TEST(AVersionThreeDatabase, KeepsEveryEventAndRowAndItsSequenceNumbers) {
  const Status opened = open_and_close(path);
  CHECK_TRUE_TEXT(opened.is_ok(), opened.to_string().c_str());
  LONGLONGS_EQUAL(current_schema_version(), scalar(path, "PRAGMA user_version"));
  LONGLONGS_EQUAL(15, scalar(path, "SELECT sum(seq) FROM events"));
  LONGLONGS_EQUAL(42, scalar(path, "SELECT dedupe_scope FROM events WHERE seq = 7"));
  LONGLONGS_EQUAL(16, scalar(path, "SELECT length(dedupe_digest) FROM events WHERE seq = 8"));
  LONGLONGS_EQUAL(1, scalar(path, "SELECT count(*) FROM orders JOIN order_revisions USING (order_id)"));
  LONGLONGS_EQUAL(0, scalar(path, "SELECT count(*) FROM pragma_foreign_key_check"));
  CHECK_TRUE(file_exists(path + ".v3.bak"));
  // Foreign keys are off while a migration runs, and on again for the writer afterwards.
  auto db = open_plain(path);
  CHECK_TRUE(db.is_ok());
  sqlite3_stmt* raw = nullptr;
  sqlite3_prepare_v2(db->get(), "PRAGMA foreign_keys", -1, &raw, nullptr);
  StatementPtr statement(raw);
  CHECK_EQUAL(SQLITE_ROW, sqlite3_step(raw));
  LONGS_EQUAL(1, sqlite3_column_int(raw, 0));
}

TEST(AVersionThreeDatabase, AnswersARedeliveryOfAnOldEventWithItsStoredAnswer) {
  CHECK_TRUE(open_and_close(path).is_ok());
  Writer writer(open_or_throw(path), path, {});
  WebhookRecord again = checkout(42, "completed", 1);
  again.answer = "{\"externalId\":\"something else\"}";
  auto checkout_again = submit_and_wait(writer, again);
  auto mutator_again = submit_and_wait(writer, mutator_request(42, "draft", 2, priced(1249, 82, 50)));
  CHECK_TRUE_TEXT(checkout_again.is_ok(), checkout_again.status().to_string().c_str());
  CHECK_TRUE(checkout_again->duplicate);
  LONGLONGS_EQUAL(7, checkout_again->seq);
  STRCMP_EQUAL("{\"externalId\":\"LC-42\"}", checkout_again->answer.c_str());
  CHECK_TRUE_TEXT(mutator_again.is_ok(), mutator_again.status().to_string().c_str());
  CHECK_TRUE(mutator_again->duplicate);
  LONGLONGS_EQUAL(8, mutator_again->seq);
}

// Version 7 compresses bodies and answers from then on; the rows stored before stay as they
// were and read back unchanged beside the new ones.
TEST(AVersionThreeDatabase, ReadsItsOldEventsAsStoredBesideCompressedNewOnes) {
  CHECK_TRUE(open_and_close(path).is_ok());
  LONGLONGS_EQUAL(0, scalar(path, "SELECT count(*) FROM events WHERE compressed = 1"));
  const WebhookRecord added = checkout(43, "completed", 1, 1099, 4);
  {
    Writer writer(open_or_throw(path), path, {});
    CHECK_TRUE(submit_and_wait(writer, added).is_ok());
  }
  LONGLONGS_EQUAL(1, scalar(path, "SELECT count(*) FROM events WHERE compressed = 1 AND seq = 10"));
  ReadQueries queries(path);
  auto events = queries.events_after(0, 10);
  CHECK_TRUE_TEXT(events.is_ok(), events.status().to_string().c_str());
  LONGS_EQUAL(3, static_cast<long>(events->size()));
  STRCMP_EQUAL("{}", events->at(0).body.c_str());
  STRCMP_EQUAL("{\"externalId\":\"LC-42\"}", events->at(0).answer.c_str());
  STRCMP_EQUAL("{\"cart\":[]}", events->at(1).answer.c_str());
  STRCMP_EQUAL(added.body.c_str(), events->at(2).body.c_str());
  STRCMP_EQUAL(added.answer.c_str(), events->at(2).answer.c_str());
}

TEST(AVersionThreeDatabase, NeverHandsOutAPrunedSequenceNumberAgain) {
  CHECK_TRUE(open_and_close(path).is_ok());
  Writer writer(open_or_throw(path), path, {});
  auto next = submit_and_wait(writer, checkout(43, "completed", 1, 1099, 4));
  CHECK_TRUE_TEXT(next.is_ok(), next.status().to_string().c_str());
  LONGLONGS_EQUAL(10, next->seq);
}

TEST_GROUP(AnSqliteResultCode){};

TEST(AnSqliteResultCode, MapsToOneStatusKind) {
  const std::pair<int, const char*> cases[] = {
      {SQLITE_FULL, "storage_full"},          {SQLITE_IOERR, "io_error"},
      {SQLITE_IOERR_FSYNC, "io_error"},       {SQLITE_CANTOPEN, "io_error"},
      {SQLITE_READONLY, "io_error"},          {SQLITE_BUSY, "busy"},
      {SQLITE_LOCKED, "busy"},                {SQLITE_CORRUPT, "corrupt"},
      {SQLITE_NOTADB, "corrupt"},             {SQLITE_CONSTRAINT_UNIQUE, "conflict"},
      {SQLITE_CONSTRAINT_CHECK, "invalid_input"}, {SQLITE_TOOBIG, "invalid_input"},
      {SQLITE_ERROR, "internal"},             {SQLITE_MISUSE, "internal"},
      {SQLITE_OK, "ok"},                      {SQLITE_DONE, "ok"},
  };
  for (const auto& [code, kind] : cases) {
    const Status status = status_from_sqlite(code, nullptr, "step");
    STRCMP_EQUAL_TEXT(kind, status.kind_name(), sqlite3_errstr(code));
  }
}

TEST(AnSqliteResultCode, NamesWhatFailed) {
  const Status status = status_from_sqlite(SQLITE_FULL, nullptr, "commit batch");
  STRCMP_EQUAL("commit batch: database or disk is full", status.message().c_str());
}
