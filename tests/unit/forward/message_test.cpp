#include "daemon/forward/message.h"

#include "daemon/core/json.h"
#include "daemon/core/timestamp.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::forward;

namespace {

const MessageContext kContext{"store-7", "retail/eu"};

storage::StoredEvent checkout_event() {
  storage::StoredEvent e;
  e.seq = 42;
  e.kind = "checkout";
  e.received_at_us = 1'700'000'000'123'456;
  e.session_id = "sess-1";
  e.order_id = 9001;
  e.status = "completed";
  e.body = "{\"orderId\": 9001, \"total\": \"12.50\", \"items\": [1, 2]}";
  e.answer_http_status = 200;
  e.answer = "{\"externalId\":\"LC-9001\"}";
  return e;
}

const cJSON* item(const cJSON* object, const char* name) {
  return cJSON_GetObjectItemCaseSensitive(object, name);
}

std::string text(const cJSON* object, const char* name) {
  const cJSON* value = item(object, name);
  return cJSON_IsString(value) ? value->valuestring : "<not a string>";
}

}  // namespace

TEST_GROUP(AForwardedMessage) {};

TEST(AForwardedMessage, GoesToThePrefixStoreAndKindTopic) {
  STRCMP_EQUAL("retail/eu/store-7/checkout", event_topic(kContext, "checkout").c_str());
  STRCMP_EQUAL("retail/eu/store-7/status", status_topic(kContext).c_str());
}

TEST(AForwardedMessage, IsAStructuredCloudEventWithAStableIdAndTheSequence) {
  const std::string message = event_message(kContext, checkout_event());
  JsonPtr root = json_parse(message);
  CHECK_TRUE(root != nullptr);
  STRCMP_EQUAL("1.0", text(root.get(), "specversion").c_str());
  STRCMP_EQUAL("store-7-42", text(root.get(), "id").c_str());
  STRCMP_EQUAL("urn:lanecast:store:store-7", text(root.get(), "source").c_str());
  STRCMP_EQUAL("lanecast.checkout", text(root.get(), "type").c_str());
  STRCMP_EQUAL("application/json", text(root.get(), "datacontenttype").c_str());
  STRCMP_EQUAL(format_timestamp(1'700'000'000'123'456).c_str(), text(root.get(), "time").c_str());
  LONGLONGS_EQUAL(42, static_cast<long long>(item(root.get(), "sequence")->valuedouble));
  // A retry builds exactly the same bytes.
  STRCMP_EQUAL(message.c_str(), event_message(kContext, checkout_event()).c_str());
}

TEST(AForwardedMessage, CarriesTheBodyAsReceivedAsAJsonValueAndTheAnswer) {
  const std::string message = event_message(kContext, checkout_event());
  CHECK_TRUE(message.find("\"body\":{\"orderId\": 9001, \"total\": \"12.50\", \"items\": [1, 2]}") !=
             std::string::npos);
  JsonPtr root = json_parse(message);
  const cJSON* data = item(root.get(), "data");
  LONGLONGS_EQUAL(9001, static_cast<long long>(item(data, "orderId")->valuedouble));
  STRCMP_EQUAL("sess-1", text(data, "sessionId").c_str());
  STRCMP_EQUAL("completed", text(data, "status").c_str());
  CHECK_TRUE(cJSON_IsNull(item(data, "zoneId")));
  STRCMP_EQUAL("12.50", text(item(data, "body"), "total").c_str());
  const cJSON* answer = item(data, "answer");
  LONGS_EQUAL(200, item(answer, "httpStatus")->valueint);
  STRCMP_EQUAL("LC-9001", text(item(answer, "body"), "externalId").c_str());
}

TEST(AForwardedMessage, SendsABodyThatIsNotAJsonContainerAsAStringSoTheEnvelopeParses) {
  auto e = checkout_event();
  e.body = "not json }";
  e.order_id.reset();
  JsonPtr root = json_parse(event_message(kContext, e));
  CHECK_TRUE(root != nullptr);
  const cJSON* data = item(root.get(), "data");
  STRCMP_EQUAL("not json }", text(data, "body").c_str());
  CHECK_TRUE(cJSON_IsNull(item(data, "orderId")));
  e.body.clear();
  root = json_parse(event_message(kContext, e));
  CHECK_TRUE(cJSON_IsNull(item(item(root.get(), "data"), "body")));
}

TEST(AForwardedMessage, NamesAGapByItsRangeAndCarriesItsLastNumberAsSequence) {
  JsonPtr root = json_parse(gap_message(kContext, {5, 8}, 1'000'000));
  CHECK_TRUE(root != nullptr);
  STRCMP_EQUAL("lanecast.gap", text(root.get(), "type").c_str());
  STRCMP_EQUAL("store-7-8", text(root.get(), "id").c_str());
  LONGLONGS_EQUAL(8, static_cast<long long>(item(root.get(), "sequence")->valuedouble));
  LONGLONGS_EQUAL(5, static_cast<long long>(item(item(root.get(), "data"), "firstSeq")->valuedouble));
}

TEST(AForwardedMessage, SaysOnlineWithTheAcknowledgedSequenceAndOfflineAsTheWill) {
  JsonPtr online = json_parse(online_message(17, 1'000'000));
  STRCMP_EQUAL("online", text(online.get(), "state").c_str());
  LONGLONGS_EQUAL(17, static_cast<long long>(item(online.get(), "acknowledgedSequence")->valuedouble));
  JsonPtr offline = json_parse(offline_message());
  STRCMP_EQUAL("offline", text(offline.get(), "state").c_str());
}
