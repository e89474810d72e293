// --print-config and the sample file: both must read back through the loader.

#include <regex>
#include <string>

#include "config_test_support.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::config;
using namespace lanecast::config::testing;

namespace {

// Every key but the token lists and storage.path, which the test sets from a file so that
// its value can keep the surrounding spaces only quotes preserve.
const std::vector<std::string> kEverythingChanged = {
    "http.listen=[::1]:9090",          "http.max_body_bytes=1000000",
    "http.connection_timeout_s=2min",  "http.request_deadline_s=90",
    "http.max_connections=100",        "http.max_connections_per_ip=10",
    "http.connection_memory_bytes=1M", "http.threads=4",
    "storage.busy_timeout_ms=0",
    "storage.max_batch=1",             "webhooks.checkout_path=/h/checkout",
    "webhooks.cart_mutator_path=/h/cart", "webhooks.checkout_zone_path=/h/zone",
    "store.currency=KWD",              "store.decimals=3",
    "store.order_prefix=",             "checkout.payment_status=SETTLED",
    "log.level=warning",
};

// Uncomments the sample's "#key = value" lines, leaving its prose comments alone.
std::string uncommented(const std::string& sample) {
  const std::regex commented_key("^#([a-z_]+ =)", std::regex::multiline);
  return std::regex_replace(sample, commented_key, "$1");
}

}  // namespace

TEST_GROUP(PrintedConfig) {
  SystemdEnvironmentGuard environment;
  TempDir dir;

  lanecast::Result<Config> reload(const std::string& text) {
    return load(dir.path() + "/empty", {dir.write("printed.conf", text)});
  }
};

TEST(PrintedConfig, LoadsBackToTheSameConfig) {
  std::string token_file = dir.write("tokens", "file-token-1\n");
  std::vector<std::string> overrides = kEverythingChanged;
  overrides.push_back("auth.token_file=" + token_file);
  std::string quoted_path = dir.write("path.conf", "[storage]\npath = \" /tmp/with spaces.db \"\n");
  auto original = load(dir.path() + "/empty", {quoted_path}, overrides);
  CHECK_TRUE_TEXT(original.is_ok(), original.status().message().c_str());
  auto reloaded = reload(print_config(*original));
  CHECK_TRUE_TEXT(reloaded.is_ok(), reloaded.status().message().c_str());
  CHECK_TRUE(*original == *reloaded);
  STRCMP_EQUAL(" /tmp/with spaces.db ", reloaded->storage_path.c_str());
}

TEST(PrintedConfig, LoadsBackToTheDefaults) {
  auto defaults = load(dir.path() + "/empty");
  auto reloaded = reload(print_config(*defaults));
  CHECK_TRUE_TEXT(reloaded.is_ok(), reloaded.status().message().c_str());
  CHECK_TRUE(*defaults == *reloaded);
}

TEST(PrintedConfig, NeverContainsATokenButCountsThem) {
  std::string token_file = dir.write("staff", "SECRET-STAFF-1\nSECRET-STAFF-2\n");
  auto config = load(dir.path() + "/empty", {},
                     {"auth.tokens=SECRET-HOOK-1,SECRET-HOOK-2,SECRET-HOOK-3",
                      "auth.staff_token_file=" + token_file});
  CHECK_TRUE(config.is_ok());
  std::string printed = print_config(*config);
  CHECK_FALSE(contains(printed, "SECRET"));
  STRCMP_CONTAINS("# tokens: 3 token(s) configured, not shown", printed.c_str());
  STRCMP_CONTAINS("# staff_tokens: 0 token(s) configured, not shown", printed.c_str());
  STRCMP_CONTAINS("# Tokens in effect, token files included: 3 webhook, 2 staff.", printed.c_str());
  STRCMP_CONTAINS(("staff_token_file = " + token_file).c_str(), printed.c_str());

  auto reloaded = reload(printed);
  CHECK_TRUE(reloaded.is_ok());
  CHECK_TRUE(reloaded->auth_tokens.empty());
  CHECK_TRUE(reloaded->staff_tokens() == config->staff_tokens());
}

TEST(PrintedConfig, ShowsEveryKeyUnderItsSection) {
  std::string printed = print_config(Config());
  for (const Key& key : config_keys()) {
    std::string section = "[" + std::string(key.section()) + "]\n";
    std::size_t at = printed.find(section);
    CHECK_TRUE_TEXT(at != std::string::npos, section.c_str());
    std::string line = "\n" + std::string(key.local_name()) + " =";
    if (key.is_secret()) line = "\n# " + std::string(key.local_name()) + ": ";
    CHECK_TRUE_TEXT(printed.find(line, at) != std::string::npos, std::string(key.name).c_str());
  }
  STRCMP_CONTAINS("\n[http]\nlisten = 127.0.0.1:8080\nmax_body_bytes = 4M\n", printed.c_str());
}

TEST_GROUP(TheSampleConfig) {
  SystemdEnvironmentGuard environment;
  TempDir dir;
};

TEST(TheSampleConfig, MentionsEveryKeyWithItsHelpAndDefault) {
  std::string sample = sample_config();
  for (const Key& key : config_keys()) {
    std::string line = "\n#" + std::string(key.local_name()) + " =";
    CHECK_TRUE_TEXT(contains(sample, line), std::string(key.name).c_str());
    std::string first_words(key.help.substr(0, key.help.find(' ', 10)));
    CHECK_TRUE_TEXT(contains(sample, first_words), first_words.c_str());
  }
  STRCMP_CONTAINS("# Type: an integer from 1 to 64.\n# Default: 1\n#threads = 1\n", sample.c_str());
  STRCMP_CONTAINS("#max_body_bytes = 4M\n", sample.c_str());
  STRCMP_CONTAINS("one of error, warning, notice, info, debug", sample.c_str());
}

// Only a commented-out assignment may be longer: a value cannot be wrapped.
TEST(TheSampleConfig, KeepsItsCommentLinesShort) {
  std::string sample = sample_config();
  std::size_t start = 0;
  int long_assignments = 0;
  while (start < sample.size()) {
    std::size_t end = sample.find('\n', start);
    std::string line = sample.substr(start, end - start);
    const bool assignment = line.size() > 1 && line[1] != ' ' && line.find(" = ") != std::string::npos;
    if (assignment && line.size() > 90) long_assignments++;
    else CHECK_TRUE_TEXT(line.size() <= 90, line.c_str());
    start = end + 1;
  }
  LONGS_EQUAL(1, long_assignments);  // tls.priorities
}

TEST(TheSampleConfig, LoadsAsTheDefaultsAsShipped) {
  auto config = load(dir.path() + "/empty", {dir.write("sample.conf", sample_config())});
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  CHECK_TRUE(*config == *load(dir.path() + "/empty"));
}

TEST(TheSampleConfig, LoadsAsTheDefaultsWithEveryKeyUncommented) {
  std::string text = uncommented(sample_config());
  CHECK_TRUE(contains(text, "\nlisten = 127.0.0.1:8080\n"));
  CHECK_TRUE(contains(text, "\nlevel = info\n"));
  auto config = load(dir.path() + "/empty", {dir.write("sample.conf", text)});
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  CHECK_TRUE(*config == *load(dir.path() + "/empty"));
}
