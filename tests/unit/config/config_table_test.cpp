// The key table itself, and every key driven through --set: good values land in Config,
// bad ones are refused with the type's reason.
#include "daemon/config/config_table.h"

#include <climits>
#include <set>
#include <string>

#include "config_test_support.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::config;
using namespace lanecast::config::testing;

namespace {

// One non-default value per key and how it prints back. Adding a key to the table without a
// line here fails EveryKeyIsSettableFromTheCommandLine.
struct Setting {
  const char* key;
  std::string value;
  const char* printed;
};
const Setting kEveryKey[] = {
    {"http.listen", "[::1]:9090", "[::1]:9090"},
    {"http.max_body_bytes", "1048576", "1M"},
    {"http.max_body_bytes_total", "256m", "256M"},
    {"http.connection_timeout_s", "2min", "120"},
    {"http.request_deadline_s", "1h", "3600"},
    {"http.max_connections", "100", "100"},
    {"http.max_connections_per_ip", "10", "10"},
    {"http.connection_memory_bytes", "128k", "128K"},
    {"http.threads", "4", "4"},
    {"http.intake_threads", "3", "3"},
    {"tls.listen", "", ""},  // needs a certificate and key; covered by the TLS loading tests
    {"tls.cert_file", "", ""},
    {"tls.key_file", "", ""},
    {"tls.priorities", "NORMAL:-VERS-ALL:+VERS-TLS1.3", "NORMAL:-VERS-ALL:+VERS-TLS1.3"},
    {"storage.path", "/tmp/lanecast-test.db", "/tmp/lanecast-test.db"},
    {"storage.busy_timeout_ms", "0", "0"},
    {"store.time_zone", "Europe/Warsaw", "Europe/Warsaw"},
    {"storage.max_batch", "1", "1"},
    {"auth.tokens", "tok-one, tok-two", "tok-one, tok-two"},
    {"auth.token_file", "", ""},  // a real file is needed; covered by the token file tests
    {"auth.staff_tokens", "staff-1", "staff-1"},
    {"auth.staff_token_file", "", ""},
    {"auth.trust_loopback", "no", "no"},
    {"auth.allowed_hosts", "kiosk.store.lan, Lanecast", "kiosk.store.lan, Lanecast"},
    {"webhooks.checkout_path", "/hooks/checkout", "/hooks/checkout"},
    {"webhooks.cart_mutator_path", "/hooks/cart", "/hooks/cart"},
    {"webhooks.checkout_zone_path", "/hooks/zone", "/hooks/zone"},
    {"store.currency", "GBP", "GBP"},
    // Alone, only EUR's own 2 loads: store.decimals must agree with store.currency (see
    // ConfigSources, RefuseDecimalsThatAreNotTheCurrencysMinorUnit).
    {"store.decimals", "2", "2"},
    {"store.order_prefix", "", ""},
    {"pricing.rules_file", "/etc/lanecast/pricing-de.json", "/etc/lanecast/pricing-de.json"},
    {"pricing.deadline_ms", "50", "50"},
    {"display.store_name", "Bäckerei Körner", "Bäckerei Körner"},
    {"display.locale", "pl-PL", "pl-PL"},
    {"display.staff_locale", "de-DE", "de-DE"},
    {"display.idle_message", "Willkommen", "Willkommen"},
    {"display.thank_you_message", "Danke!", "Danke!"},
    {"display.logo_file", "/etc/lanecast/logo.svg", "/etc/lanecast/logo.svg"},
    {"display.currency_symbol", "zł", "zł"},
    {"display.background_color", "#ffffff", "#ffffff"},
    {"display.text_color", "#000000", "#000000"},
    {"display.accent_color", "#C0FFEE", "#C0FFEE"},
    {"display.lanes", "1,2,3", "1,2,3"},
    {"display.default_lane", "1", "1"},
    {"display.thank_you_s", "5", "5"},
    {"display.leave_grace_s", "0", "0"},
    {"display.idle_timeout_s", "60", "60"},
    {"display.heartbeat_s", "5", "5"},
    {"display.max_streams", "20", "20"},
    {"display.max_streams_per_address", "4", "4"},
    {"display.max_staff_streams", "2", "2"},
    {"pole.device", "/dev/ttyUSB0", "/dev/ttyUSB0"},
    {"pole.baud", "19200", "19200"},
    {"pole.command_set", "cd5220", "cd5220"},
    {"pole.lane", "2", "2"},
    {"retention.max_age_days", "30", "30"},
    {"retention.min_free_bytes", "1G", "1G"},
    {"checkout.payment_status", "SETTLED", "SETTLED"},
    {"forward.url", "mqtts://broker.example.com:8884", "mqtts://broker.example.com:8884"},
    {"forward.topic_prefix", "retail/eu", "retail/eu"},
    {"forward.store_id", "berlin-0042", "berlin-0042"},
    {"forward.client_id", "lanecast.berlin:1", "lanecast.berlin:1"},
    {"forward.ca_file", "", ""},  // files must exist; covered by the black-box TLS tests
    {"forward.cert_file", "", ""},
    {"forward.key_file", "", ""},
    {"forward.username", "berlin-0042", "berlin-0042"},
    {"forward.password_file", "", ""},
    {"forward.max_inflight", "8", "8"},
    {"forward.max_rate", "0", "0"},
    {"forward.reconnect_max_s", "2min", "120"},
    {"forward.keepalive_s", "10", "10"},
    {"log.level", "debug", "debug"},
};

struct Rejection {
  const char* key;
  std::string value;
  const char* reason;
};
const Rejection kRejected[] = {
    {"forward.url", "http://broker", "must be mqtt://host[:port] or mqtts://host[:port]"},
    {"forward.url", "mqtt://", "must be mqtt://host[:port]"},
    {"forward.url", "mqtt://broker:", "must be mqtt://host[:port]"},
    {"forward.url", "mqtt://user@broker", "must be mqtt://host[:port]"},
    {"forward.url", "mqtt://broker/path", "must be mqtt://host[:port]"},
    {"forward.url", "mqtts://broker:70000", "port must be from 1 to 65535"},
    {"forward.topic_prefix", "", "must be 1 to 200 bytes"},
    {"forward.topic_prefix", "a/+/b", "wildcards"},
    {"forward.topic_prefix", "a/#", "wildcards"},
    {"forward.topic_prefix", "$SYS", "must not start with '$'"},
    {"forward.topic_prefix", "a//b", "empty levels"},
    {"forward.topic_prefix", "a/", "empty levels"},
    {"forward.store_id", "a/b", "letters, digits"},
    {"forward.store_id", std::string(65, 's'), "1 to 64"},
    {"forward.client_id", "has space", "letters, digits"},
    {"forward.max_inflight", "0", "must be an integer from 1 to 65535"},
    {"forward.max_rate", "-1", "must be an integer from 0 to 1000000"},
    {"forward.reconnect_max_s", "0", "must be a duration from 1 to 3600 seconds"},
    {"http.listen", "127.0.0.1", "must be host:port or [IPv6]:port"},
    {"display.accent_color", "green", "#rrggbb"},
    {"display.accent_color", "#12345g", "#rrggbb"},
    {"display.locale", "de_DE", "not a POSIX locale's '_'"},
    {"display.locale", "de_DE.UTF-8", "not a POSIX locale's '_'"},
    {"display.locale", "", "must be a BCP 47 language tag"},
    {"display.locale", "d", "must be a BCP 47 language tag"},
    {"display.locale", "deutschland", "must be a BCP 47 language tag"},  // over 8 letters
    {"display.locale", "de-", "must be a BCP 47 language tag"},
    {"display.locale", "de--DE", "must be a BCP 47 language tag"},
    {"display.locale", "de-DE-u", "must be a BCP 47 language tag"},
    {"display.locale", "en-x", "must be a BCP 47 language tag"},
    {"display.locale", "de-DE-DE", "must be a BCP 47 language tag"},
    {"display.locale", "1de", "must be a BCP 47 language tag"},
    {"display.locale", "de DE", "must be a BCP 47 language tag"},
    {"display.staff_locale", "en_GB", "not a POSIX locale's '_'"},
    {"store.time_zone", "/etc/localtime", "IANA time zone name"},
    {"store.time_zone", "Europe/../../etc", "IANA time zone name"},
    {"store.time_zone", "Europe Berlin", "IANA time zone name"},
    {"display.lanes", "1,,2", "zone ids"},
    {"display.lanes", "lane 1", "zone ids"},
    {"display.idle_message", "two\nlines", "control characters"},
    {"pole.baud", "9601", ""},
    {"pole.command_set", "vt100", ""},
    {"http.listen", "127.0.0.1:65536", "port from 0 to 65535"},
    {"http.listen", "::1:8080", "must be host:port or [IPv6]:port"},
    {"http.max_body_bytes", "4MB", "must be a size from 1K to 256M (bytes"},
    {"http.max_body_bytes", "512", "must be a size from 1K"},
    {"http.max_body_bytes", "1G", "must be a size from 1K"},
    {"http.connection_timeout_s", "0", "must be a duration from 1 to 3600 seconds"},
    {"http.connection_timeout_s", "1d", "must be a duration from 1 to 3600 seconds"},
    {"http.request_deadline_s", "61min", "must be a duration from 1 to 3600 seconds"},
    {"http.max_connections", "0", "must be an integer from 1 to 65536"},
    {"http.max_connections_per_ip", "many", "must be an integer from 1 to 65536"},
    {"http.max_body_bytes_total", "512K", "must be a size from 1M to 4G"},
    {"display.max_streams_per_address", "0", "must be an integer from 1 to 10000"},
    {"display.max_staff_streams", "1001", "must be an integer from 1 to 1000"},
    {"http.connection_memory_bytes", "1K", "must be a size from 4K to 16M"},
    {"http.threads", "65", "must be an integer from 1 to 64"},
    {"http.threads", "1.5", "must be an integer from 1 to 64"},
    {"http.intake_threads", "0", "must be an integer from 1 to 64"},
    {"storage.path", "bad\x01path", "must not contain control characters"},
    {"storage.busy_timeout_ms", "-1", "must be an integer from 0 to 600000"},
    {"storage.max_batch", "0", "must be an integer from 1 to 100000"},
    {"auth.tokens", "a,,b", "token 2: a token must not be empty"},
    {"auth.staff_tokens", std::string(513, 's'), "token 1: a token must be at most 512 bytes"},
    {"auth.token_file", "tokens\x7f", "must not contain control characters"},
    {"auth.allowed_hosts", "kiosk.lan:8080", "host 1: must be a host name"},
    {"auth.allowed_hosts", "kiosk,,other", "host 2: must be a host name"},
    {"auth.allowed_hosts", "evil example", "host 1: must be a host name"},
    {"webhooks.checkout_path", "aifi/checkout", "must start with '/'"},
    {"webhooks.checkout_path", "", "must start with '/'"},
    {"webhooks.cart_mutator_path", "/cart?x=1", "must not contain '?' or '#'"},
    {"webhooks.cart_mutator_path", "/cart#x", "must not contain '?' or '#'"},
    {"webhooks.checkout_zone_path", "/zone//x", "must not contain \"//\""},
    {"webhooks.checkout_zone_path", "/a/../zone", "must not contain \"..\""},
    {"webhooks.checkout_zone_path", "/zone x", "must not contain whitespace"},
    {"store.currency", "eur", "three uppercase letters"},
    {"store.currency", "EURO", "three uppercase letters"},
    {"store.currency", "", "three uppercase letters"},
    {"store.decimals", "5", "must be an integer from 0 to 4"},
    {"store.order_prefix", "LC 1", "at most 32 letters, digits"},
    {"store.order_prefix", std::string(33, 'P'), "at most 32 letters, digits"},
    {"checkout.payment_status", "PAID!", "must be empty or letters, '_' and '-'"},
    {"checkout.payment_status", "2", "must be empty or letters, '_' and '-'"},
    {"log.level", "INFO", "must be one of error, warning, notice, info, debug"},
    {"log.level", "", "must be one of error, warning, notice, info, debug"},
};

}  // namespace

TEST_GROUP(TheKeyTable){};

TEST(TheKeyTable, NamesEveryKeyOnceAsSectionDotKey) {
  std::set<std::string_view> names;
  for (const Key& key : config_keys()) {
    CHECK_TRUE_TEXT(names.insert(key.name).second, std::string(key.name).c_str());
    CHECK_FALSE(key.section().empty());
    CHECK_FALSE(key.local_name().empty());
    CHECK_TRUE(key.local_name().find('.') == std::string_view::npos);
    CHECK_FALSE(key.help.empty());
    CHECK_TRUE(find_key(key.name) == &key);
  }
  CHECK_TRUE(find_key("http.nonsense") == nullptr);
  CHECK_TRUE(is_known_section("http"));
  CHECK_FALSE(is_known_section("tracking"));
}

TEST(TheKeyTable, KeepsEachSectionTogether) {
  std::set<std::string_view> finished;
  std::string_view current;
  for (const Key& key : config_keys()) {
    if (key.section() == current) continue;
    CHECK_FALSE_TEXT(finished.count(key.section()), std::string(key.section()).c_str());
    finished.insert(current);
    current = key.section();
  }
}

TEST(TheKeyTable, DefaultTextsAreTheDefaultsOfConfig) {
  const Config defaults;
  for (const Key& key : config_keys()) {
    Config config;
    CHECK_TRUE_TEXT(assign_value(config, key, key.default_text).is_ok(),
                    std::string(key.name).c_str());
    STRCMP_EQUAL_TEXT(format_value(defaults, key).c_str(), format_value(config, key).c_str(),
                      std::string(key.name).c_str());
  }
}

TEST(TheKeyTable, RangesFitTheirMembers) {
  for (const Key& key : config_keys()) {
    if (std::holds_alternative<int Config::*>(key.field)) {
      CHECK_TRUE_TEXT(key.min >= INT_MIN && key.max <= INT_MAX, std::string(key.name).c_str());
    }
    if (key.type == KeyType::kInteger || key.type == KeyType::kByteSize ||
        key.type == KeyType::kDuration) {
      CHECK_TRUE_TEXT(key.min <= key.max, std::string(key.name).c_str());
    }
  }
}

TEST(TheKeyTable, LeavesConfigUntouchedWhenAValueIsRefused) {
  Config config;
  const Key* threads = find_key("http.threads");
  CHECK_FALSE(assign_value(config, *threads, "100").is_ok());
  CHECK_TRUE(config == Config());
}

TEST_GROUP(EveryKey) {
  SystemdEnvironmentGuard environment;
  TempDir dir;
};

TEST(EveryKey, IsSettableFromTheCommandLine) {
  std::set<std::string> covered;
  for (const Setting& s : kEveryKey) {
    const Key* key = find_key(s.key);
    CHECK_TRUE_TEXT(key != nullptr, s.key);
    auto config = load(dir.path(), {}, {std::string(s.key) + "=" + s.value});
    CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
    STRCMP_EQUAL_TEXT(s.printed, format_value(*config, *key).c_str(), s.key);
    covered.insert(s.key);
  }
  for (const Key& key : config_keys()) {
    CHECK_TRUE_TEXT(covered.count(std::string(key.name)), std::string(key.name).c_str());
  }
}

TEST(EveryKey, ChangesItsOwnMemberAndNoOther) {
  auto defaults = load(dir.path());
  CHECK_TRUE(defaults.is_ok());
  for (const Setting& s : kEveryKey) {
    const Key* changed = find_key(s.key);
    auto config = load(dir.path(), {}, {std::string(s.key) + "=" + s.value});
    CHECK_TRUE(config.is_ok());
    for (const Key& other : config_keys()) {
      if (&other == changed) continue;
      STRCMP_EQUAL_TEXT(format_value(*defaults, other).c_str(),
                        format_value(*config, other).c_str(), s.key);
    }
  }
}

TEST(EveryKey, RefusesBadValuesWithTheReason) {
  for (const Rejection& r : kRejected) {
    std::string assignment = std::string(r.key) + "=" + r.value;
    auto config = load(dir.path(), {}, {assignment});
    CHECK_FALSE_TEXT(config.is_ok(), assignment.c_str());
    const std::string& message = config.status().message();
    CHECK_TRUE(config.status().kind() == lanecast::Status::Kind::kInvalidInput);
    STRCMP_CONTAINS_TEXT(r.reason, message.c_str(), assignment.c_str());
    STRCMP_CONTAINS_TEXT(("--set " + std::string(r.key) + "=").c_str(), message.c_str(),
                         assignment.c_str());
  }
}

TEST(EveryKey, NeverEchoesATokenInAnError) {
  auto config = load(dir.path(), {}, {"auth.tokens=good-token,bad secret"});
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL("--set auth.tokens=(hidden): token 2: a token must not contain whitespace or "
               "control characters",
               config.status().message().c_str());
}

TEST(EveryKey, IsRefusedWhenUnknownOrWithoutAValue) {
  auto unknown = load(dir.path(), {}, {"http.colour=blue"});
  CHECK_FALSE(unknown.is_ok());
  STRCMP_EQUAL("--set http.colour=blue: unknown key \"http.colour\"",
               unknown.status().message().c_str());
  auto bare = load(dir.path(), {}, {"http.threads"});
  CHECK_FALSE(bare.is_ok());
  STRCMP_EQUAL("--set http.threads: expected section.key=value", bare.status().message().c_str());
}

TEST(EveryKey, TakesTheLastOfRepeatedOverrides) {
  auto config = load(dir.path(), {}, {"http.threads=2", "http.threads = 3"});
  CHECK_TRUE(config.is_ok());
  LONGS_EQUAL(3, config->http_threads);
}
