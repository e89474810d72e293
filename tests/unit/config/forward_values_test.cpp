#include "daemon/config/forward_values.h"

#include <string>

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::config;

namespace {
struct GoodUrl {
  const char* text;
  const char* host;
  int port;
  bool tls;
};
const GoodUrl kGoodUrls[] = {
    {"mqtt://broker", "broker", 1883, false},
    {"mqtts://broker.example.com", "broker.example.com", 8883, true},
    {"mqtt://10.0.0.5:1884", "10.0.0.5", 1884, false},
    {"mqtts://[2001:db8::1]:8884", "2001:db8::1", 8884, true},
    {"mqtts://[::1]", "::1", 8883, true},
    {"mqtt://broker/", "broker", 1883, false},
};
const char* const kBadUrls[] = {
    "", "broker:1883", "tcp://broker", "mqtt://", "mqtt://:1883", "mqtt://broker:", "mqtt://broker:x",
    "mqtt://broker:0", "mqtt://broker:65536", "mqtt://[::1", "mqtt://[]:1", "mqtt://[::1]x",
    "mqtt://u:p@broker", "mqtt://broker/topic", "mqtt://bro ker", "MQTT://broker",
};
}  // namespace

TEST_GROUP(ABrokerUrl) {};

TEST(ABrokerUrl, GivesHostPortAndTlsWithTheSchemesDefaultPort) {
  for (const GoodUrl& good : kGoodUrls) {
    auto url = parse_broker_url(good.text);
    CHECK_TRUE_TEXT(url.is_ok(), good.text);
    STRCMP_EQUAL(good.host, url->host.c_str());
    LONGS_EQUAL(good.port, url->port);
    CHECK_EQUAL(good.tls, url->tls);
  }
}

TEST(ABrokerUrl, RefusesWhatIsNotAnMqttUrlOfHostAndPortAlone) {
  for (const char* bad : kBadUrls) {
    CHECK_FALSE_TEXT(parse_broker_url(bad).is_ok(), bad);
  }
  CHECK_TRUE(check_optional_broker_url("").is_ok());  // forwarding off
}

TEST_GROUP(ATopicLevel) {};

TEST(ATopicLevel, TakesAStoreIdOrNothingButNeverAWildcardOrASeparator) {
  CHECK_TRUE(check_optional_topic_level("").is_ok());
  CHECK_TRUE(check_optional_topic_level("store-0042.berlin:1_a").is_ok());
  for (const char* bad : {"a/b", "+", "#", "a b", "ü", "a\n"}) {
    CHECK_FALSE_TEXT(check_optional_topic_level(bad).is_ok(), bad);
  }
  CHECK_FALSE(check_optional_topic_level(std::string(65, 'a')).is_ok());
  CHECK_TRUE(check_optional_topic_level(std::string(64, 'a')).is_ok());
}

TEST(ATopicLevel, PrefixMayHaveSeveralLevels) {
  CHECK_TRUE(check_topic_prefix("retail/eu/stores").is_ok());
  CHECK_TRUE(check_topic_prefix("lanecast").is_ok());
  CHECK_FALSE(check_topic_prefix("retail/+/x").is_ok());
  CHECK_FALSE(check_topic_prefix("$aws/things").is_ok());
}
