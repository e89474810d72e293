// The INI format: what it accepts, and errors that point at file and line.
#include "daemon/config/config_file.h"

#include <string>

#include "config_test_support.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::config;
using namespace lanecast::config::testing;

TEST_GROUP(AConfigFile) {
  Config config;
};

TEST(AConfigFile, AcceptsCommentsBlankLinesWhitespaceAndQuotes) {
  const char* text =
      "# a comment\n"
      "; another comment\n"
      "\n"
      "   [http]   \n"
      "  listen   =   \"0.0.0.0:8081\"  \n"
      "\tthreads\t=\t3\t\n"
      "   # indented comment\n"
      "[ store ]\n"
      "order_prefix=\"\"\n"
      "currency = \"USD\"\n";
  CHECK_TRUE(apply_config_text(config, text, "test.conf").is_ok());
  STRCMP_EQUAL("0.0.0.0:8081", config.http_listen.c_str());
  LONGS_EQUAL(3, config.http_threads);
  STRCMP_EQUAL("", config.store_order_prefix.c_str());
  STRCMP_EQUAL("USD", config.store_currency.c_str());
}

TEST(AConfigFile, KeepsAHashAfterAValueAsPartOfIt) {
  CHECK_TRUE(apply_config_text(config, "[auth]\ntokens = abc#def\n", "t.conf").is_ok());
  LONGS_EQUAL(1, config.auth_tokens.size());
  STRCMP_EQUAL("abc#def", config.auth_tokens[0].c_str());
}

TEST(AConfigFile, AcceptsCrlfLineEndsAByteOrderMarkAndNoFinalNewline) {
  const char* text = "\xEF\xBB\xBF[http]\r\nthreads = 5\r\n\r\n[log]\r\nlevel = debug";
  CHECK_TRUE(apply_config_text(config, text, "t.conf").is_ok());
  LONGS_EQUAL(5, config.http_threads);
  STRCMP_EQUAL("debug", config.log_level.c_str());
}

TEST(AConfigFile, AllowsASectionToReappear) {
  const char* text = "[http]\nthreads = 2\n[log]\nlevel = error\n[http]\nlisten = [::]:80\n";
  CHECK_TRUE(apply_config_text(config, text, "t.conf").is_ok());
  LONGS_EQUAL(2, config.http_threads);
  STRCMP_EQUAL("[::]:80", config.http_listen.c_str());
}

TEST(AConfigFile, KeepsSurroundingSpacesInsideQuotes) {
  CHECK_TRUE(apply_config_text(config, "[storage]\npath = \" a.db \"\n", "t.conf").is_ok());
  STRCMP_EQUAL(" a.db ", config.storage_path.c_str());
}

TEST(AConfigFile, IsEmptyWhenItHoldsOnlyComments) {
  CHECK_TRUE(apply_config_text(config, "# nothing\n\n[http]\n", "t.conf").is_ok());
  CHECK_TRUE(config == Config());
}

TEST_GROUP(AConfigFileError){};

TEST(AConfigFileError, NamesFileLineAndReason) {
  struct Bad {
    const char* text;
    const char* message;
  };
  const Bad kBad[] = {
      {"[http]\nthreads = 2\n[tracking]\n", "bad.conf:3: unknown section [tracking]"},
      {"[http]\n\ncolour = blue\n", "bad.conf:3: unknown key \"colour\" in section [http]"},
      {"# header\nthreads = 2\n", "bad.conf:2: key \"threads\" before any [section]"},
      {"[http]\nthreads = 2\n# again\nthreads = 3\n",
       "bad.conf:4: duplicate key http.threads (first set on line 2)"},
      {"[http]\nlisten = 1.2.3.4:80\n[log]\n[http]\nlisten = 1.2.3.4:81\n",
       "bad.conf:5: duplicate key http.listen (first set on line 2)"},
      {"[http]\nthreads = many\n",
       "bad.conf:2: bad value for http.threads (\"many\"): must be an integer from 1 to 64"},
      {"[store]\ncurrency = eur\n",
       "bad.conf:2: bad value for store.currency (\"eur\"): must be an ISO 4217 code"},
      {"[http]\nthreads 2\n",
       "bad.conf:2: expected \"key = value\", \"[section]\" or a comment"},
      {"[http]\n= 2\n", "bad.conf:2: missing key before '='"},
      {"[http\nthreads = 2\n", "bad.conf:1: section header without ']'"},
      {"[http]\r\nthreads = 0\r\n", "bad.conf:2: bad value for http.threads"},
  };
  for (const Bad& c : kBad) {
    Config config;
    auto status = apply_config_text(config, c.text, "bad.conf");
    CHECK_FALSE_TEXT(status.is_ok(), c.text);
    CHECK_TRUE(status.kind() == lanecast::Status::Kind::kInvalidInput);
    STRCMP_CONTAINS_TEXT(c.message, status.message().c_str(), c.text);
  }
}

TEST(AConfigFileError, NeverQuotesATokenValue) {
  Config config;
  auto status = apply_config_text(config, "[auth]\nstaff_tokens = ok, very secret\n", "t.conf");
  CHECK_FALSE(status.is_ok());
  STRCMP_EQUAL("t.conf:2: bad value for auth.staff_tokens: token 2: a token must not contain "
               "whitespace or control characters",
               status.message().c_str());
}

TEST(AConfigFileError, NamesAFileThatCannotBeRead) {
  TempDir dir;
  Config config;
  std::string missing = dir.path() + "/missing.conf";
  auto status = apply_config_file(config, missing);
  STRCMP_EQUAL(("cannot read " + missing + ": No such file or directory").c_str(),
               status.message().c_str());
  auto directory = apply_config_file(config, dir.path());
  STRCMP_CONTAINS(("cannot read " + dir.path() + ": ").c_str(), directory.message().c_str());
}

TEST(AConfigFileError, UsesThePathAsTheSourceOfARealFile) {
  TempDir dir;
  std::string path = dir.write("x.conf", "[http]\nthreads = 2\nthreads = 3\n");
  Config config;
  auto status = apply_config_file(config, path);
  STRCMP_EQUAL((path + ":3: duplicate key http.threads (first set on line 2)").c_str(),
               status.message().c_str());
}
