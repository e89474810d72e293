#include <memory>
#include <string>
#include <vector>

#include "storage/reader.h"
#include "storage/writer.h"
#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;
using Kind = lanecast::Status::Kind;

namespace {

WebhookRecord mutator_request(std::int64_t order_id, const std::string& status,
                              std::int64_t at_us, MutationInfo mutation) {
  WebhookRecord record;
  record.kind = "cart_mutator";
  record.path = "/aifi/cart-mutator";
  record.received_at_us = at_us;
  record.body = "{\"orderId\":" + std::to_string(order_id) + ",\"status\":\"" + status +
                "\",\"at\":" + std::to_string(at_us) + "}";
  record.dedupe_key = "cart_mutator|" + std::to_string(order_id) + "|" + std::to_string(at_us);
  record.session_id = "session-" + std::to_string(order_id);
  record.order_id = order_id;
  record.status = status;
  record.answer = "{\"priced\":" + std::to_string(order_id) + "}";
  record.mutation = std::move(mutation);
  return record;
}

MutationInfo priced(std::int64_t total, std::int64_t tax, std::int64_t duration_us) {
  MutationInfo info;
  info.rules_version = "rules-v1";
  info.duration_us = duration_us;
  info.total_minor = total;
  info.tax_minor = tax;
  return info;
}

MutationInfo fell_back(const std::string& why) {
  MutationInfo info;
  info.duration_us = 250'000;
  info.fell_back = true;
  info.failure = why;
  return info;
}

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
