#include <memory>
#include <string>
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

struct OrdersFixture {
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

TEST_GROUP(TheRecentOrdersQuery) {
  OrdersFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.stop(); }
};

TEST(TheRecentOrdersQuery, ListsTheOrdersUpdatedLastFirst) {
  f.store(checkout(1, "completed", 1, 1000, 10'000));
  f.store(checkout(2, "completed", 1, 2000, 20'000));
  f.store(checkout(3, "completed", 1, 3000, 30'000));
  f.store(checkout(1, "reviewed", 2, 900, 40'000));  // order 1 moves to the front

  auto orders = f.queries->recent_orders(10);
  CHECK_TRUE_TEXT(orders.is_ok(), orders.status().to_string().c_str());
  LONGS_EQUAL(3, static_cast<long>(orders->size()));
  const std::int64_t expected[] = {1, 3, 2};
  for (std::size_t i = 0; i < 3; ++i) LONGLONGS_EQUAL(expected[i], (*orders)[i].order.order_id);
  STRCMP_EQUAL("reviewed", (*orders)[0].order.status.c_str());
  LONGLONGS_EQUAL(900, *(*orders)[0].order.total_minor);
  LONGLONGS_EQUAL(40'000, (*orders)[0].order.updated_at_us);
}

TEST(TheRecentOrdersQuery, StopsAtTheLimit) {
  for (int n = 1; n <= 5; ++n) f.store(checkout(n, "completed", 1, 100 * n, 1000 * n));
  auto orders = f.queries->recent_orders(2);
  CHECK_TRUE(orders.is_ok());
  LONGS_EQUAL(2, static_cast<long>(orders->size()));
  LONGLONGS_EQUAL(5, (*orders)[0].order.order_id);
  LONGLONGS_EQUAL(4, (*orders)[1].order.order_id);
}

TEST(TheRecentOrdersQuery, CarriesEveryRevisionAndEveryMutatorAnswerOfItsOwnOrder) {
  const auto draft_price = f.store(mutator_request(7, "draft", 1'000, priced(1249, 82, 900)));
  f.store(mutator_request(8, "draft", 1'500, priced(500, 33, 700)));  // another order's
  const auto completed = f.store(checkout(7, "completed", 1, 1249, 2'000));
  const auto late_draft = f.store(checkout(7, "draft", 0, 1300, 3'000));
  const auto review_price =
      f.store(mutator_request(7, "reviewed", 4'000, fell_back("pricing deadline passed")));

  auto orders = f.queries->recent_orders(1);
  CHECK_TRUE(orders.is_ok());
  const OrderSummary& summary = orders->at(0);
  LONGLONGS_EQUAL(7, summary.order.order_id);
  STRCMP_EQUAL("completed", summary.order.status.c_str());

  LONGS_EQUAL(2, static_cast<long>(summary.order.revisions.size()));
  LONGLONGS_EQUAL(completed.seq, summary.order.revisions[0].seq);
  CHECK_TRUE(summary.order.revisions[0].applied);
  LONGLONGS_EQUAL(late_draft.seq, summary.order.revisions[1].seq);
  CHECK_FALSE(summary.order.revisions[1].applied);

  LONGS_EQUAL(2, static_cast<long>(summary.mutations.size()));
  const OrderMutation& first = summary.mutations[0];
  LONGLONGS_EQUAL(draft_price.seq, first.seq);
  STRCMP_EQUAL("draft", first.status.c_str());
  LONGLONGS_EQUAL(1'000, first.received_at_us);
  STRCMP_EQUAL("rules-v1", first.rules_version.c_str());
  LONGLONGS_EQUAL(900, first.duration_us);
  CHECK_FALSE(first.fell_back);
  STRCMP_EQUAL("", first.failure.c_str());
  LONGLONGS_EQUAL(1249, *first.total_minor);
  LONGLONGS_EQUAL(82, *first.tax_minor);

  const OrderMutation& second = summary.mutations[1];
  LONGLONGS_EQUAL(review_price.seq, second.seq);
  STRCMP_EQUAL("reviewed", second.status.c_str());
  CHECK_TRUE(second.fell_back);
  STRCMP_EQUAL("pricing deadline passed", second.failure.c_str());
  STRCMP_EQUAL("", second.rules_version.c_str());
  CHECK_FALSE(second.total_minor.has_value());
  CHECK_FALSE(second.tax_minor.has_value());
}

TEST(TheRecentOrdersQuery, IsEmptyForAnEmptyDatabase) {
  auto orders = f.queries->recent_orders(50);
  CHECK_TRUE(orders.is_ok());
  CHECK_TRUE(orders->empty());
}

TEST(TheRecentOrdersQuery, RejectsLimitsOutsideOneToAThousand) {
  for (int limit : {1, 1000}) CHECK_TRUE(f.queries->recent_orders(limit).is_ok());
  for (int limit : {0, -1, 1001}) {
    auto orders = f.queries->recent_orders(limit);
    CHECK_FALSE(orders.is_ok());
    CHECK_TRUE(orders.status().kind() == Kind::kInvalidInput);
  }
}

TEST_GROUP(TheOrderSummaryQuery) {
  OrdersFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.stop(); }
};

TEST(TheOrderSummaryQuery, GathersOneOrdersRevisionsAndMutatorAnswers) {
  const auto priced_draft = f.store(mutator_request(9, "draft", 1'000, priced(700, 46, 500)));
  f.store(checkout(9, "completed", 1, 700, 2'000));
  f.store(checkout(10, "completed", 1, 800, 2'500));

  auto summary = f.queries->order_summary(9);
  CHECK_TRUE_TEXT(summary.is_ok(), summary.status().to_string().c_str());
  LONGLONGS_EQUAL(9, summary->order.order_id);
  LONGS_EQUAL(1, static_cast<long>(summary->order.revisions.size()));
  LONGS_EQUAL(1, static_cast<long>(summary->mutations.size()));
  LONGLONGS_EQUAL(priced_draft.seq, summary->mutations[0].seq);
  LONGLONGS_EQUAL(700, *summary->mutations[0].total_minor);
}

TEST(TheOrderSummaryQuery, ReportsAnOrderNeverSeenAsNotFound) {
  // A mutator answer alone does not make an order: only a checkout does.
  f.store(mutator_request(11, "draft", 1'000, priced(700, 46, 500)));
  for (std::int64_t id : {11, 12}) {
    auto summary = f.queries->order_summary(id);
    CHECK_FALSE(summary.is_ok());
    CHECK_TRUE(summary.status().kind() == Kind::kNotFound);
  }
}

TEST_GROUP(TheOrdersAfterQuery) {
  OrdersFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.stop(); }
};

TEST(TheOrdersAfterQuery, PagesThroughEveryOrderByOrderId) {
  for (std::int64_t id : {40, 10, 30, 20, 50}) f.store(checkout(id, "completed", 1, id, id));
  f.store(mutator_request(30, "draft", 60, priced(30, 2, 100)));

  std::vector<std::int64_t> seen;
  std::int64_t after = 0;
  for (;;) {
    auto page = f.queries->orders_after(after, 2);
    CHECK_TRUE(page.is_ok());
    if (page->empty()) break;
    for (const auto& summary : *page) {
      seen.push_back(summary.order.order_id);
      LONGS_EQUAL(1, static_cast<long>(summary.order.revisions.size()));
      LONGS_EQUAL(summary.order.order_id == 30 ? 1 : 0, static_cast<long>(summary.mutations.size()));
    }
    after = page->back().order.order_id;
  }
  const std::vector<std::int64_t> expected = {10, 20, 30, 40, 50};
  CHECK_TRUE(seen == expected);
}

TEST(TheOrdersAfterQuery, RejectsLimitsOutsideOneToAThousand) {
  for (int limit : {0, -5, 1001}) {
    CHECK_TRUE(f.queries->orders_after(0, limit).status().kind() == Kind::kInvalidInput);
  }
}

TEST_GROUP(TheFindEventsQuery) {
  OrdersFixture f;
  std::vector<std::int64_t> seqs;  // in storing order
  void setup() override {
    f.start();
    seqs.push_back(f.store(zone_event("trip-a", "1", true, 1'000)).seq);        // 0
    seqs.push_back(f.store(mutator_request(5, "draft", 2'000, priced(1, 0, 1))).seq);  // 1
    seqs.push_back(f.store(checkout(5, "draft", 0, 100, 3'000)).seq);          // 2
    seqs.push_back(f.store(checkout(6, "completed", 1, 100, 4'000)).seq);      // 3
    seqs.push_back(f.store(zone_event("trip-b", "2", true, 5'000)).seq);       // 4
    seqs.push_back(f.store(checkout(5, "completed", 1, 100, 6'000)).seq);      // 5
    seqs.push_back(f.store(zone_event("trip-a", "1", false, 7'000)).seq);      // 6
  }
  void teardown() override { f.stop(); }

  std::vector<std::int64_t> found(const EventFilter& filter) {
    auto events = f.queries->find_events(filter);
    if (!events.is_ok()) FAIL(events.status().to_string().c_str());
    std::vector<std::int64_t> out;
    for (const auto& event : *events) out.push_back(event.seq);
    return out;
  }
  std::vector<std::int64_t> stored(std::initializer_list<std::size_t> indexes) {
    std::vector<std::int64_t> out;
    for (std::size_t i : indexes) out.push_back(seqs[i]);
    return out;
  }
};

TEST(TheFindEventsQuery, MatchesEveryFieldThatIsSet) {
  struct Case {
    const char* what;
    EventFilter filter;
    std::initializer_list<std::size_t> expected;
  };
  EventFilter by_order;
  by_order.order_id = 5;
  EventFilter by_order_and_kind = by_order;
  by_order_and_kind.kind = "checkout";
  EventFilter by_session;
  by_session.session_id = "trip-a";
  EventFilter by_kind;
  by_kind.kind = "zone_entered";
  EventFilter since;
  since.since_us = 4'000;
  EventFilter session_and_since = by_session;
  session_and_since.since_us = 2'000;
  EventFilter nothing_matches;
  nothing_matches.order_id = 99;
  const Case cases[] = {
      {"no filter", EventFilter{}, {0, 1, 2, 3, 4, 5, 6}},
      {"order", by_order, {1, 2, 5}},
      {"order and kind", by_order_and_kind, {2, 5}},
      {"session", by_session, {0, 6}},
      {"kind", by_kind, {0, 4}},
      {"since", since, {3, 4, 5, 6}},
      {"session and since", session_and_since, {6}},
      {"unknown order", nothing_matches, {}},
  };
  for (const Case& c : cases) {
    CHECK_TEXT(found(c.filter) == stored(c.expected), c.what);
  }
}

TEST(TheFindEventsQuery, PagesWithAfterAndLimit) {
  EventFilter filter;
  filter.order_id = 5;
  filter.limit = 2;
  CHECK_TRUE(found(filter) == stored({1, 2}));
  filter.after_seq = seqs[2];
  CHECK_TRUE(found(filter) == stored({5}));
}

TEST(TheFindEventsQuery, GivesTheNewestMatchesFirstAndPagesBackwards) {
  EventFilter filter;
  filter.newest_first = true;
  filter.limit = 2;
  CHECK_TRUE(found(filter) == stored({6, 5}));
  filter.before_seq = seqs[5];
  CHECK_TRUE(found(filter) == stored({4, 3}));
  filter.before_seq = INT64_MAX;
  filter.order_id = 5;
  filter.limit = 10;
  CHECK_TRUE(found(filter) == stored({5, 2, 1}));
  filter.order_id.reset();
  filter.session_id = "trip-a";
  CHECK_TRUE(found(filter) == stored({6, 0}));
}

TEST(TheFindEventsQuery, ReturnsBodiesAndAnswersAsStored) {
  EventFilter filter;
  filter.kind = "cart_mutator";
  auto events = f.queries->find_events(filter);
  CHECK_TRUE(events.is_ok());
  LONGS_EQUAL(1, static_cast<long>(events->size()));
  STRCMP_EQUAL(mutator_request(5, "draft", 2'000, priced(1, 0, 1)).body.c_str(),
               events->at(0).body.c_str());
  STRCMP_EQUAL("{\"priced\":5}", events->at(0).answer.c_str());
}

TEST(TheFindEventsQuery, RejectsLimitsOutsideOneToAThousand) {
  for (int limit : {0, 1001}) {
    EventFilter filter;
    filter.limit = limit;
    CHECK_TRUE(f.queries->find_events(filter).status().kind() == Kind::kInvalidInput);
  }
}

TEST_GROUP(TheRecentSessionsQuery) {
  OrdersFixture f;
  void setup() override { f.start(); }
  void teardown() override { f.stop(); }
};

TEST(TheRecentSessionsQuery, ListsTripsSeenLastFirstWithTheirEventCounts) {
  f.store(zone_event("trip-a", "1", true, 1'000));
  f.store(zone_event("trip-b", "2", true, 2'000));
  f.store(zone_event("trip-a", "1", false, 3'000));
  f.store(zone_event("trip-a", "1", false, 3'000));  // a group member's copy: not an event

  auto sessions = f.queries->recent_sessions(10);
  CHECK_TRUE(sessions.is_ok());
  LONGS_EQUAL(2, static_cast<long>(sessions->size()));
  const SessionSummary& a = sessions->at(0);
  STRCMP_EQUAL("trip-a", a.session_id.c_str());
  LONGLONGS_EQUAL(1'500, a.first_seen_us);
  LONGLONGS_EQUAL(3'500, a.last_seen_us);
  STRCMP_EQUAL("1", a.last_zone_id.c_str());
  CHECK_FALSE(a.last_order_id.has_value());
  LONGLONGS_EQUAL(2, a.event_count);
  STRCMP_EQUAL("trip-b", sessions->at(1).session_id.c_str());
  LONGLONGS_EQUAL(1, sessions->at(1).event_count);
}

TEST(TheRecentSessionsQuery, KnowsTheLastOrderOfATrip) {
  f.store(checkout(77, "completed", 1, 100, 1'000));
  auto sessions = f.queries->recent_sessions(1);
  CHECK_TRUE(sessions.is_ok());
  STRCMP_EQUAL("session-77", sessions->at(0).session_id.c_str());
  LONGLONGS_EQUAL(77, *sessions->at(0).last_order_id);
  STRCMP_EQUAL("", sessions->at(0).last_zone_id.c_str());
}
