#include "display/lane_hub.h"

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "display_test_support.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::display;
using lanecast::display::testing::make_cart;
using lanecast::webhooks::OrderStatus;

namespace {

JsonPtr parse(const std::string& text) {
  JsonPtr json(cJSON_Parse(text.c_str()));
  CHECK_TRUE_TEXT(json != nullptr, text.c_str());
  return json;
}

const cJSON* field(const cJSON* object, const char* name) {
  const cJSON* value = cJSON_GetObjectItemCaseSensitive(object, name);
  CHECK_TRUE_TEXT(value != nullptr, name);
  return value;
}

std::string text_of(const cJSON* object, const char* name) {
  const cJSON* value = field(object, name);
  CHECK_TRUE_TEXT(cJSON_IsString(value), name);
  return value->valuestring;
}

long long number_of(const cJSON* object, const char* name) {
  const cJSON* value = field(object, name);
  CHECK_TRUE_TEXT(cJSON_IsNumber(value), name);
  return static_cast<long long>(value->valuedouble);
}

HubSettings settings_for(std::size_t history = 512) {
  HubSettings settings;
  settings.lanes.zones = {"1", "2"};
  settings.history = history;
  return settings;
}

CartView water_and_deposit() {
  CartView cart = make_cart({{"Wasser", 6, 69}, {"Pfand", 6, 25}});
  cart.lines[1].kind = LineKind::kDeposit;
  cart.item_count = 6;
  cart.tax = 90;
  cart.subtotal = cart.total - cart.tax;
  cart.taxes.push_back({"MwSt", "0.19", 90});
  return cart;
}

}  // namespace

TEST_GROUP(AHubSnapshot) {
  LaneHub hub{settings_for()};
};

TEST(AHubSnapshot, ListsEveryLaneWithItsPhaseAndSeq) {
  hub.shopper_entered({"2", "A"}, 10, false, std::nullopt);
  JsonPtr json = parse(hub.snapshot_json());
  STRCMP_EQUAL("snapshot", text_of(json.get(), "type").c_str());
  LONGLONGS_EQUAL(1, number_of(json.get(), "seq"));
  STRCMP_EQUAL("EUR", text_of(json.get(), "currency").c_str());
  LONGLONGS_EQUAL(2, number_of(json.get(), "decimals"));
  const cJSON* lanes = field(json.get(), "lanes");
  LONGLONGS_EQUAL(2, cJSON_GetArraySize(lanes));
  const cJSON* first = cJSON_GetArrayItem(lanes, 0);
  const cJSON* second = cJSON_GetArrayItem(lanes, 1);
  STRCMP_EQUAL("1", text_of(first, "zone").c_str());
  STRCMP_EQUAL("idle", text_of(first, "phase").c_str());
  LONGLONGS_EQUAL(0, number_of(first, "seq"));
  CHECK_TRUE(cJSON_IsNull(field(first, "cart")));
  CHECK_TRUE(cJSON_IsNull(field(first, "order_id")));
  CHECK_TRUE(cJSON_IsNull(field(first, "payment")));
  STRCMP_EQUAL("welcome", text_of(second, "phase").c_str());
  LONGLONGS_EQUAL(1, number_of(second, "shoppers"));
  LONGLONGS_EQUAL(10, number_of(second, "phase_since_us"));
  CHECK_TRUE(cJSON_IsArray(field(json.get(), "alerts")));
}

TEST(AHubSnapshot, GivesMoneyAsMinorUnitsAndAsDecimalText) {
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  hub.cart_priced("A", 77, water_and_deposit(), 1);
  auto lane = hub.lane_json("1");
  CHECK_TRUE(lane.is_ok());
  JsonPtr json = parse(*lane);
  STRCMP_EQUAL("lane", text_of(json.get(), "type").c_str());
  const cJSON* view = field(json.get(), "lane");
  STRCMP_EQUAL("cart", text_of(view, "phase").c_str());
  LONGLONGS_EQUAL(77, number_of(view, "order_id"));
  const cJSON* cart = field(view, "cart");
  LONGLONGS_EQUAL(564, number_of(cart, "total_minor"));
  STRCMP_EQUAL("5.64", text_of(cart, "total").c_str());
  STRCMP_EQUAL("0.90", text_of(cart, "tax").c_str());
  STRCMP_EQUAL("4.74", text_of(cart, "subtotal").c_str());
  LONGLONGS_EQUAL(6, number_of(cart, "item_count"));
  const cJSON* deposit = cJSON_GetArrayItem(field(cart, "lines"), 1);
  STRCMP_EQUAL("Pfand", text_of(deposit, "name").c_str());
  STRCMP_EQUAL("deposit", text_of(deposit, "kind").c_str());
  LONGLONGS_EQUAL(25, number_of(deposit, "unit_price_minor"));
  STRCMP_EQUAL("0.25", text_of(deposit, "unit_price").c_str());
  STRCMP_EQUAL("1.50", text_of(deposit, "line_total").c_str());
  const cJSON* tax = cJSON_GetArrayItem(field(cart, "taxes"), 0);
  STRCMP_EQUAL("MwSt", text_of(tax, "title").c_str());
  STRCMP_EQUAL("0.19", text_of(tax, "rate").c_str());
  LONGLONGS_EQUAL(90, number_of(tax, "amount_minor"));
}

TEST(AHubSnapshot, UsesTheStoresDecimalsAndCurrency) {
  HubSettings settings = settings_for();
  settings.currency = "KWD";
  settings.decimals = 3;
  LaneHub kuwait(settings);
  kuwait.shopper_entered({"1", "A"}, 0, false, make_cart({{"Tea", 1, 1250}}));
  JsonPtr json = parse(*kuwait.lane_json("1"));
  STRCMP_EQUAL("KWD", text_of(json.get(), "currency").c_str());
  LONGLONGS_EQUAL(3, number_of(json.get(), "decimals"));
  STRCMP_EQUAL("1.250", text_of(field(field(json.get(), "lane"), "cart"), "total").c_str());
}

TEST(AHubSnapshot, WritesLargeIntegersExactly) {
  HubSettings settings = settings_for();
  settings.lanes.first_seq = 1'700'000'000'000'000;
  LaneHub seeded(settings);
  seeded.shopper_entered({"1", "A"}, 1'700'000'000'123'456, false, std::nullopt);
  const std::string text = seeded.lanes_json();
  STRCMP_CONTAINS("\"seq\":1700000000000000", text.c_str());
  STRCMP_CONTAINS("\"phase_since_us\":1700000000123456", text.c_str());
}

TEST(AHubSnapshot, SaysNotFoundForAnUnknownLane) {
  auto lane = hub.lane_json("9");
  CHECK_TRUE(lane.status().kind() == Status::Kind::kNotFound);
  CHECK_FALSE(hub.lane_view("9").has_value());
}

TEST(AHubSnapshot, ListsAlertsAndTheirAcknowledgement) {
  hub.shopper_entered({"1", "A"}, 5, true, std::nullopt);
  hub.raise_alert(AlertKind::kMutatorFailed, "pricing failed for order 9", 6, "", 9);
  JsonPtr before = parse(hub.alerts_json());
  const cJSON* alerts = field(before.get(), "alerts");
  LONGLONGS_EQUAL(2, cJSON_GetArraySize(alerts));
  const cJSON* age = cJSON_GetArrayItem(alerts, 0);
  STRCMP_EQUAL("age_check", text_of(age, "kind").c_str());
  STRCMP_EQUAL("1", text_of(age, "zone").c_str());
  CHECK_TRUE(cJSON_IsFalse(field(age, "acknowledged")));
  CHECK_TRUE(cJSON_IsNull(field(age, "acknowledged_at_us")));
  const cJSON* failed = cJSON_GetArrayItem(alerts, 1);
  CHECK_TRUE(cJSON_IsNull(field(failed, "zone")));
  LONGLONGS_EQUAL(9, number_of(failed, "order_id"));

  CHECK_TRUE(hub.acknowledge_alert(static_cast<std::uint64_t>(number_of(age, "id")), 7).is_ok());
  CHECK_TRUE(hub.acknowledge_alert(999, 8).kind() == Status::Kind::kNotFound);
  JsonPtr after = parse(hub.alerts_json());
  const cJSON* acknowledged = cJSON_GetArrayItem(field(after.get(), "alerts"), 0);
  CHECK_TRUE(cJSON_IsTrue(field(acknowledged, "acknowledged")));
  LONGLONGS_EQUAL(7, number_of(acknowledged, "acknowledged_at_us"));
  LONGLONGS_EQUAL(1, hub.stats().open_alerts);
}

TEST_GROUP(AResumingClient) {
  LaneHub hub{settings_for(4)};
};

TEST(AResumingClient, GetsTheChangesAfterItsLastEventId) {
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);  // 1
  hub.shopper_entered({"2", "B"}, 0, false, std::nullopt);  // 2
  hub.shopper_left({"1", "A"}, 1);                          // 3
  ChangeBatch batch = hub.changes_since(1, {});
  CHECK_FALSE(batch.snapshot_needed);
  LONGLONGS_EQUAL(3, batch.latest_seq);
  LONGLONGS_EQUAL(2, batch.changes.size());
  LONGLONGS_EQUAL(2, batch.changes[0].seq);
  LONGLONGS_EQUAL(3, batch.changes[1].seq);
  JsonPtr json = parse(std::string(batch.changes[1].json()));
  STRCMP_EQUAL("lane", text_of(json.get(), "type").c_str());
  LONGLONGS_EQUAL(3, number_of(json.get(), "seq"));
  STRCMP_EQUAL("idle", text_of(field(json.get(), "lane"), "phase").c_str());
}

TEST(AResumingClient, OfOneLaneGetsOnlyThatLane) {
  hub.shopper_entered({"1", "A"}, 0, true, std::nullopt);   // alert 1, lane 2
  hub.shopper_entered({"2", "B"}, 0, false, std::nullopt);  // 3
  ChangeFilter customer_page{"1", true, false};
  ChangeBatch batch = hub.changes_since(0, customer_page);
  LONGLONGS_EQUAL(1, batch.changes.size());
  LONGLONGS_EQUAL(2, batch.changes[0].seq);
  CHECK_TRUE(batch.changes[0].lane.has_value());
  ChangeFilter staff_alerts{"", false, true};
  batch = hub.changes_since(0, staff_alerts);
  LONGLONGS_EQUAL(1, batch.changes.size());
  STRCMP_CONTAINS("\"type\":\"alert\"", std::string(batch.changes[0].json()).c_str());
}

TEST(AResumingClient, UpToDateGetsNothing) {
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  ChangeBatch batch = hub.changes_since(hub.latest_seq(), {});
  CHECK_FALSE(batch.snapshot_needed);
  CHECK_TRUE(batch.changes.empty());
}

TEST(AResumingClient, TooFarBehindMustTakeASnapshot) {
  for (int i = 0; i < 3; ++i) {
    hub.shopper_entered({"1", "A"}, i * 10, false, std::nullopt);
    hub.shopper_left({"1", "A"}, i * 10 + 1);
  }  // 6 changes, the last 4 kept
  CHECK_TRUE(hub.changes_since(0, {}).snapshot_needed);
  CHECK_TRUE(hub.changes_since(1, {}).snapshot_needed);
  ChangeBatch oldest_resumable = hub.changes_since(2, {});
  CHECK_FALSE(oldest_resumable.snapshot_needed);
  LONGLONGS_EQUAL(4, oldest_resumable.changes.size());
  LONGLONGS_EQUAL(4, hub.stats().history);
}

TEST(AResumingClient, FromTheFutureOrAnEarlierRunMustTakeASnapshot) {
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  CHECK_TRUE(hub.changes_since(2, {}).snapshot_needed);
  HubSettings settings = settings_for();
  settings.lanes.first_seq = 1000;
  LaneHub restarted(settings);
  restarted.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  CHECK_TRUE(restarted.changes_since(5, {}).snapshot_needed);
  CHECK_FALSE(restarted.changes_since(999, {}).snapshot_needed);
}

TEST(AResumingClient, SeesOnlyTheFinalStateOfALaneThatChangedTwiceInOneInput) {
  HubSettings settings = settings_for();
  settings.lanes.max_sessions = 1;
  LaneHub small(settings);
  small.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  const std::uint64_t before = small.latest_seq();
  // B pushes A out of memory (lane 1 empties), then enters lane 1 itself.
  small.shopper_entered({"1", "B"}, 1, false, std::nullopt);
  ChangeBatch batch = small.changes_since(before, {});
  LONGLONGS_EQUAL(1, batch.changes.size());
  LONGLONGS_EQUAL(small.latest_seq(), batch.changes[0].seq);
  LONGLONGS_EQUAL(1, batch.changes[0].lane->shoppers);
}

TEST_GROUP(AHubSubscriber) {
  LaneHub hub{settings_for()};
};

TEST(AHubSubscriber, ReceivesMatchingChangesOnTheCallersThreadWithTheMutexReleased) {
  std::vector<Change> received;
  std::thread::id thread;
  std::uint64_t seen_latest = 0;
  hub.subscribe({"1", true, false}, [&](const Change& change) {
    received.push_back(change);
    thread = std::this_thread::get_id();
    seen_latest = hub.latest_seq();  // would deadlock if the hub still held its mutex
  });
  hub.shopper_entered({"1", "A"}, 0, true, std::nullopt);  // alert 1 (filtered out), lane 2
  hub.shopper_entered({"2", "B"}, 0, false, std::nullopt);  // other lane
  LONGLONGS_EQUAL(1, received.size());
  LONGLONGS_EQUAL(2, received[0].seq);
  CHECK_TRUE(thread == std::this_thread::get_id());
  LONGLONGS_EQUAL(2, seen_latest);
  CHECK_TRUE(hub.changes_since(1, {}).changes[0].event == received[0].event);
}

TEST(AHubSubscriber, HearsNothingAfterUnsubscribing) {
  int calls = 0;
  auto id = hub.subscribe({}, [&](const Change&) { ++calls; });
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  hub.unsubscribe(id);
  hub.shopper_entered({"2", "B"}, 0, false, std::nullopt);
  LONGLONGS_EQUAL(1, calls);
  LONGLONGS_EQUAL(0, hub.stats().subscribers);
}

TEST(AHubSubscriber, MayUnsubscribeItselfFromItsCallback) {
  int calls = 0;
  LaneHub::SubscriptionId id = 0;
  id = hub.subscribe({}, [&](const Change&) {
    ++calls;
    hub.unsubscribe(id);
  });
  hub.shopper_entered({"1", "A"}, 0, true, std::nullopt);  // two changes in one input
  LONGLONGS_EQUAL(1, calls);
}

TEST(AHubSubscriber, ThatThrowsDoesNotStopTheOthers) {
  int calls = 0;
  hub.subscribe({}, [](const Change&) { throw std::runtime_error("broken"); });
  hub.subscribe({}, [&](const Change&) { ++calls; });
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  hub.shopper_entered({"2", "B"}, 0, false, std::nullopt);
  LONGLONGS_EQUAL(2, calls);
  LONGLONGS_EQUAL(2, hub.stats().callback_errors);
}

TEST(AHubSubscriber, ReceivesChangesInSequenceOrderFromRacingThreads) {
  std::mutex mutex;
  std::vector<std::uint64_t> seqs;
  hub.subscribe({}, [&](const Change& change) {
    std::lock_guard lock(mutex);
    seqs.push_back(change.seq);
  });
  auto feed = [&](const char* zone, const char* session) {
    for (int i = 0; i < 200; ++i) {
      hub.shopper_entered({zone, session}, i * 2, false, std::nullopt);
      hub.shopper_left({zone, session}, i * 2 + 1);
    }
  };
  std::thread first(feed, "1", "A");
  std::thread second(feed, "2", "B");
  first.join();
  second.join();
  LONGLONGS_EQUAL(800, seqs.size());
  for (std::size_t i = 1; i < seqs.size(); ++i) CHECK_TRUE(seqs[i] == seqs[i - 1] + 1);
}

TEST_GROUP(AHubChange) {
  LaneHub hub{settings_for()};
};

TEST(AHubChange, IsFramedAsAnEventOnceWhateverTheNumberOfSubscribers) {
  hub.shopper_entered({"1", "A"}, 0, false, std::nullopt);  // nobody listening
  LONGLONGS_EQUAL(1, hub.stats().events_rendered);
  std::vector<std::shared_ptr<const std::string>> received;
  for (int i = 0; i < 50; ++i)
    hub.subscribe({"1", true, false}, [&](const Change& change) { received.push_back(change.event); });
  hub.shopper_left({"1", "A"}, 1);
  LONGLONGS_EQUAL(2, hub.stats().events_rendered);
  LONGLONGS_EQUAL(50, received.size());
  for (const auto& event : received) CHECK_TRUE(event == received.front());  // one text, shared
  const std::uint64_t seq = hub.latest_seq();
  const std::string& text = *received.front();
  const std::string head = "id: " + std::to_string(seq) + "\nevent: lane\ndata: {";
  STRNCMP_EQUAL(head.c_str(), text.c_str(), head.size());
  STRCMP_EQUAL("}\n\n", text.substr(text.size() - 3).c_str());
  CHECK_TRUE(text.find('\n', head.size()) == text.size() - 2);  // the body is one data line
  // The body, as resume and history hand it out, is the event's data line.
  const Change resumed = hub.changes_since(seq - 1, {}).changes.at(0);
  CHECK_TRUE(resumed.event == received.front());
  JsonPtr json = parse(std::string(resumed.json()));
  STRCMP_EQUAL("idle", text_of(field(json.get(), "lane"), "phase").c_str());
  LONGLONGS_EQUAL(static_cast<long long>(seq), number_of(json.get(), "seq"));
}

TEST(AHubChange, OfAnAlertIsFramedAsAnAlertEvent) {
  hub.shopper_entered({"1", "A"}, 0, true, std::nullopt);  // alert, then lane
  ChangeBatch batch = hub.changes_since(0, {"", false, true});
  LONGLONGS_EQUAL(1, batch.changes.size());
  const std::string head = "id: " + std::to_string(batch.changes[0].seq) + "\nevent: alert\ndata: ";
  STRNCMP_EQUAL(head.c_str(), batch.changes[0].event->c_str(), head.size());
  JsonPtr json = parse(std::string(batch.changes[0].json()));
  STRCMP_EQUAL("age_check", text_of(field(json.get(), "alert"), "kind").c_str());
}

TEST_GROUP(AStreamSnapshot) {
  LaneHub hub{settings_for()};
  void setup() override {
    hub.shopper_entered({"1", "A"}, 10, true, std::nullopt);  // an age-check alert at lane 1
    hub.shopper_entered({"2", "B"}, 20, false, std::nullopt);
    hub.raise_alert(AlertKind::kDiskLow, "disk", 30);
  }
  static std::vector<std::string> zones(const cJSON* json) {
    std::vector<std::string> out;
    const cJSON* lane = nullptr;
    cJSON_ArrayForEach(lane, field(json, "lanes")) out.push_back(text_of(lane, "zone"));
    return out;
  }
};

TEST(AStreamSnapshot, OfTheStaffIsTheWholeSnapshot) {
  const Snapshot snapshot = hub.snapshot({"", true, true});
  STRCMP_EQUAL(hub.snapshot_json().c_str(), snapshot.json.c_str());
  LONGLONGS_EQUAL(hub.latest_seq(), snapshot.seq);
  JsonPtr json = parse(snapshot.json);
  LONGLONGS_EQUAL(2, zones(json.get()).size());
  LONGLONGS_EQUAL(2, cJSON_GetArraySize(field(json.get(), "alerts")));
}

TEST(AStreamSnapshot, OfOneLaneHoldsThatLaneAloneAndNoAlerts) {
  const Snapshot snapshot = hub.snapshot({"2", true, false});
  LONGLONGS_EQUAL(hub.latest_seq(), snapshot.seq);
  JsonPtr json = parse(snapshot.json);
  STRCMP_EQUAL("snapshot", text_of(json.get(), "type").c_str());
  LONGLONGS_EQUAL(static_cast<long long>(snapshot.seq), number_of(json.get(), "seq"));
  STRCMP_EQUAL("EUR", text_of(json.get(), "currency").c_str());
  const auto lanes = zones(json.get());
  LONGLONGS_EQUAL(1, lanes.size());
  STRCMP_EQUAL("2", lanes[0].c_str());
  STRCMP_EQUAL("welcome", text_of(cJSON_GetArrayItem(field(json.get(), "lanes"), 0), "phase").c_str());
  LONGLONGS_EQUAL(0, cJSON_GetArraySize(field(json.get(), "alerts")));
  // The lane reads as it does in /api/lanes/2.
  JsonPtr alone = parse(*hub.lane_json("2"));
  char* expected = cJSON_PrintUnformatted(field(alone.get(), "lane"));
  char* actual = cJSON_PrintUnformatted(cJSON_GetArrayItem(field(json.get(), "lanes"), 0));
  STRCMP_EQUAL(expected, actual);
  cJSON_free(expected);
  cJSON_free(actual);
}

TEST(AStreamSnapshot, OfAnUnknownLaneHasNoLanes) {
  JsonPtr json = parse(hub.snapshot({"9", true, false}).json);
  LONGLONGS_EQUAL(0, zones(json.get()).size());
  LONGLONGS_EQUAL(0, cJSON_GetArraySize(field(json.get(), "alerts")));
}

TEST(AStreamSnapshot, OfOneLaneWithAlertsTakesOnlyThatLanesAlerts) {
  JsonPtr json = parse(hub.snapshot({"1", true, true}).json);
  const cJSON* alerts = field(json.get(), "alerts");
  LONGLONGS_EQUAL(1, cJSON_GetArraySize(alerts));
  STRCMP_EQUAL("age_check", text_of(cJSON_GetArrayItem(alerts, 0), "kind").c_str());
}

TEST(AResumingClient, BeyondTheHistorysBytesMustTakeASnapshot) {
  HubSettings settings = settings_for();
  LaneHub probe(settings);
  probe.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  const std::size_t one = probe.changes_since(0, {}).changes.at(0).event->size();
  settings.history_bytes = one * 3;  // about three such changes
  LaneHub small(settings);
  for (int i = 0; i < 5; ++i) {
    small.shopper_entered({"1", "A"}, i * 10, false, std::nullopt);
    small.shopper_left({"1", "A"}, i * 10 + 1);
  }  // 10 changes of about that size
  const HubStats stats = small.stats();
  CHECK_TRUE(stats.history >= 2 && stats.history <= 3);
  CHECK_TRUE(small.changes_since(small.latest_seq() - stats.history - 1, {}).snapshot_needed);
  ChangeBatch kept = small.changes_since(small.latest_seq() - stats.history, {});
  CHECK_FALSE(kept.snapshot_needed);
  LONGLONGS_EQUAL(stats.history, kept.changes.size());
}

TEST(AResumingClient, StillGetsTheLatestChangeWhenItAlonePassesTheHistorysBytes) {
  HubSettings settings = settings_for();
  settings.history_bytes = 1;
  LaneHub tiny(settings);
  tiny.shopper_entered({"1", "A"}, 0, false, std::nullopt);
  tiny.shopper_left({"1", "A"}, 1);
  LONGLONGS_EQUAL(1, tiny.stats().history);
  ChangeBatch batch = tiny.changes_since(tiny.latest_seq() - 1, {});
  CHECK_FALSE(batch.snapshot_needed);
  LONGLONGS_EQUAL(1, batch.changes.size());
}
