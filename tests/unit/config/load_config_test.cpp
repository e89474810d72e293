// load_config: the sources in order, token files, the systemd environment.

#include <cstdlib>
#include <string>

#include "config_test_support.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::config;
using namespace lanecast::config::testing;

TEST_GROUP(LoadedDefaults) {
  SystemdEnvironmentGuard environment;
  TempDir dir;
};

TEST(LoadedDefaults, AreWhatTheHeaderPromises) {
  auto config = load(dir.path() + "/does-not-exist");
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  STRCMP_EQUAL("127.0.0.1:8080", config->http_listen.c_str());
  LONGLONGS_EQUAL(4 * 1024 * 1024, config->http_max_body_bytes);
  LONGS_EQUAL(15, config->http_connection_timeout_s);
  LONGS_EQUAL(60, config->http_request_deadline_s);
  LONGS_EQUAL(1024, config->http_max_connections);
  LONGS_EQUAL(256, config->http_max_connections_per_ip);
  LONGLONGS_EQUAL(64 * 1024, config->http_connection_memory_bytes);
  LONGS_EQUAL(1, config->http_threads);
  STRCMP_EQUAL("./lanecast.db", config->storage_path.c_str());
  LONGS_EQUAL(5000, config->storage_busy_timeout_ms);
  LONGS_EQUAL(256, config->storage_max_batch);
  CHECK_TRUE(config->webhook_tokens().empty());
  CHECK_TRUE(config->staff_tokens().empty());
  STRCMP_EQUAL("", config->auth_token_file.c_str());
  STRCMP_EQUAL("/aifi/checkout", config->webhooks_checkout_path.c_str());
  STRCMP_EQUAL("/aifi/cart-mutator", config->webhooks_cart_mutator_path.c_str());
  STRCMP_EQUAL("/aifi/checkout-zone", config->webhooks_checkout_zone_path.c_str());
  STRCMP_EQUAL("EUR", config->store_currency.c_str());
  LONGS_EQUAL(2, config->store_decimals);
  STRCMP_EQUAL("LC-", config->store_order_prefix.c_str());
  STRCMP_EQUAL("", config->checkout_payment_status.c_str());
  STRCMP_EQUAL("info", config->log_level.c_str());
}

TEST(LoadedDefaults, PutTheDatabaseInTheFirstStateDirectory) {
  setenv("STATE_DIRECTORY", "/var/lib/lanecast:/var/lib/other", 1);
  auto config = load(dir.path());
  STRCMP_EQUAL("/var/lib/lanecast/lanecast.db", config->storage_path.c_str());
  setenv("STATE_DIRECTORY", "/srv/state", 1);
  STRCMP_EQUAL("/srv/state/lanecast.db", load(dir.path())->storage_path.c_str());
  setenv("STATE_DIRECTORY", "", 1);
  STRCMP_EQUAL("./lanecast.db", load(dir.path())->storage_path.c_str());
}

TEST(LoadedDefaults, GiveWayToAnExplicitStoragePath) {
  setenv("STATE_DIRECTORY", "/var/lib/lanecast", 1);
  auto config = load(dir.path(), {}, {"storage.path=/data/x.db"});
  STRCMP_EQUAL("/data/x.db", config->storage_path.c_str());
}

TEST_GROUP(ConfigSources) {
  SystemdEnvironmentGuard environment;
  TempDir dir;
};

TEST(ConfigSources, OverrideEachOtherInOrder) {
  dir.write("lanecast.conf",
            "[http]\nthreads = 3\nmax_connections = 10\nmax_connections_per_ip = 10\n"
            "[storage]\nmax_batch = 10\nbusy_timeout_ms = 10\n");
  dir.write("lanecast.conf.d/50-site.conf",
            "[http]\nmax_connections = 20\nmax_connections_per_ip = 20\n"
            "[storage]\nmax_batch = 20\nbusy_timeout_ms = 20\n");
  std::string extra = dir.write("extra.conf",
                                "[http]\nmax_connections_per_ip = 30\n"
                                "[storage]\nmax_batch = 30\nbusy_timeout_ms = 30\n");
  auto config = load(dir.path(), {extra}, {"storage.busy_timeout_ms=40"});
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  LONGS_EQUAL(3, config->http_threads);
  LONGS_EQUAL(20, config->http_max_connections);
  LONGS_EQUAL(30, config->http_max_connections_per_ip);
  LONGS_EQUAL(30, config->storage_max_batch);
  LONGS_EQUAL(40, config->storage_busy_timeout_ms);
}

TEST(ConfigSources, ReadDropInsInLexicalOrderAndOnlyConfFiles) {
  dir.write("lanecast.conf.d/2-b.conf", "[http]\nthreads = 4\n");
  dir.write("lanecast.conf.d/10-a.conf", "[http]\nthreads = 3\n[log]\nlevel = debug\n");
  dir.write("lanecast.conf.d/99-z.conf.bak", "[http]\nthreads = 9\n");
  dir.write("lanecast.conf.d/.99-hidden.conf", "[http]\nthreads = 9\n");
  dir.write("lanecast.conf.d/README", "not a config file");
  dir.write("lanecast.conf.d/99-dir.conf/inner.conf", "[http]\nthreads = 9\n");
  auto config = load(dir.path());
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  LONGS_EQUAL(4, config->http_threads);
  STRCMP_EQUAL("debug", config->log_level.c_str());
}

TEST(ConfigSources, ApplyConfigFilesInTheOrderGiven) {
  std::string first = dir.write("a.conf", "[log]\nlevel = error\n");
  std::string second = dir.write("b.conf", "[log]\nlevel = notice\n");
  STRCMP_EQUAL("notice", load(dir.path(), {first, second})->log_level.c_str());
  STRCMP_EQUAL("error", load(dir.path(), {second, first})->log_level.c_str());
}

TEST(ConfigSources, AllowTheSameKeyInDifferentFiles) {
  dir.write("lanecast.conf", "[http]\nthreads = 2\n");
  dir.write("lanecast.conf.d/a.conf", "[http]\nthreads = 3\n");
  LONGS_EQUAL(3, load(dir.path())->http_threads);
}

TEST(ConfigSources, ReplaceATokenListRatherThanAppend) {
  dir.write("lanecast.conf", "[auth]\ntokens = old-1, old-2\n");
  auto config = load(dir.path(), {}, {"auth.tokens=new-1"});
  LONGS_EQUAL(1, config->webhook_tokens().size());
  STRCMP_EQUAL("new-1", config->webhook_tokens()[0].c_str());
}

TEST(ConfigSources, StopAtTheFirstBrokenFileNamingIt) {
  std::string main_file = dir.write("lanecast.conf", "[http]\nthreads = 2\n\nthreads = 3\n");
  auto config = load(dir.path());
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL((main_file + ":4: duplicate key http.threads (first set on line 2)").c_str(),
               config.status().message().c_str());

  TempDir other;
  std::string drop_in = other.write("lanecast.conf.d/10-x.conf", "[http]\nlisten = nowhere\n");
  auto broken = load(other.path());
  STRCMP_CONTAINS((drop_in + ":2: bad value for http.listen").c_str(),
                  broken.status().message().c_str());
}

TEST(ConfigSources, RequireEveryConfigFileGivenToExist) {
  std::string missing = dir.path() + "/nope.conf";
  auto config = load(dir.path(), {missing});
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL(("cannot read " + missing + ": No such file or directory").c_str(),
               config.status().message().c_str());
}

TEST(ConfigSources, RefuseTwoWebhooksOnOnePath) {
  auto config = load(dir.path(), {}, {"webhooks.checkout_zone_path=/aifi/checkout"});
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL("webhooks.checkout_path and webhooks.checkout_zone_path are both "
               "\"/aifi/checkout\"; they must differ",
               config.status().message().c_str());
  auto swapped = load(dir.path(), {}, {"webhooks.checkout_path=/aifi/cart-mutator",
                                       "webhooks.cart_mutator_path=/aifi/checkout"});
  CHECK_TRUE(swapped.is_ok());
}

TEST(ConfigSources, RefuseDecimalsThatAreNotTheCurrencysMinorUnit) {
  auto yen = load(dir.path(), {}, {"store.currency=JPY"});
  CHECK_FALSE(yen.is_ok());
  STRCMP_EQUAL("store.decimals is 2, but JPY has 0 decimal places in ISO 4217: set store.decimals = 0",
               yen.status().message().c_str());
  CHECK_TRUE(load(dir.path(), {}, {"store.currency=JPY", "store.decimals=0"}).is_ok());
  CHECK_TRUE(load(dir.path(), {}, {"store.currency=KWD", "store.decimals=3"}).is_ok());
  CHECK_FALSE(load(dir.path(), {}, {"store.decimals=3"}).is_ok());  // EUR
}

TEST(ConfigSources, LoadRetiredMoneyFormatKeysWithANoticeSayingTheyAreIgnored) {
  const std::string file = dir.write("old.conf",
                                     "[display]\nlocale = de-DE\nsymbol_position = after\n"
                                     "decimal_separator = ,\nthousands_separator = .\n");
  auto config = load(dir.path(), {file}, {"display.symbol_position=before"});
  CHECK_TRUE(config.is_ok());
  STRCMP_EQUAL("de-DE", config->display_locale.c_str());
  LONGS_EQUAL(4, config->notices.size());
  STRCMP_EQUAL((file + ":3: display.symbol_position is no longer used and is ignored: the symbol "
                       "goes where display.locale puts it (remove the line)").c_str(),
               config->notices[0].c_str());
  STRCMP_CONTAINS(":4: display.decimal_separator is no longer used", config->notices[1].c_str());
  STRCMP_EQUAL("--set display.symbol_position=before: display.symbol_position is no longer used "
               "and is ignored: the symbol goes where display.locale puts it (remove the line)",
               config->notices[3].c_str());
  CHECK_TRUE(load(dir.path()).value().notices.empty());
}

TEST_GROUP(ATokenFile) {
  SystemdEnvironmentGuard environment;
  TempDir dir;
};

TEST(ATokenFile, SkipsCommentsAndBlankLinesAndTrimsTokens) {
  std::string file = dir.write("tokens",
                               "# webhook tokens for store 12\n"
                               "\n"
                               "  first-token  \n"
                               "\t# rotated 2024-05\n"
                               "second-token\r\n"
                               "first-token\n");
  auto config =
      load(dir.path(), {}, {"auth.token_file=" + file, "auth.tokens=inline,second-token"});
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  auto tokens = config->webhook_tokens();
  LONGS_EQUAL(3, tokens.size());
  STRCMP_EQUAL("inline", tokens[0].c_str());
  STRCMP_EQUAL("second-token", tokens[1].c_str());
  STRCMP_EQUAL("first-token", tokens[2].c_str());
  CHECK_TRUE(config->staff_tokens().empty());
}

TEST(ATokenFile, FeedsTheStaffListSeparately) {
  std::string file = dir.write("staff", "staff-a\nstaff-b\n");
  auto config = load(dir.path(), {}, {"auth.staff_token_file=" + file});
  CHECK_TRUE(config->webhook_tokens().empty());
  LONGS_EQUAL(2, config->staff_tokens().size());
  STRCMP_EQUAL("staff-b", config->staff_tokens()[1].c_str());
}

TEST(ATokenFile, IsAnErrorNamingItWhenMissing) {
  std::string missing = dir.path() + "/no-tokens";
  auto config = load(dir.path(), {}, {"auth.token_file=" + missing});
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL(("cannot read " + missing + ": No such file or directory").c_str(),
               config.status().message().c_str());
}

TEST(ATokenFile, IsAnErrorWhenItHoldsNoToken) {
  std::string file = dir.write("tokens", "# only a comment\n\n");
  auto config = load(dir.path(), {}, {"auth.staff_token_file=" + file});
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL((file + ": no tokens").c_str(), config.status().message().c_str());
}

TEST(ATokenFile, NamesTheLineOfABadTokenWithoutQuotingIt) {
  std::string file = dir.write("tokens", "good\nhalf secret\n");
  auto config = load(dir.path(), {}, {"auth.token_file=" + file});
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL((file + ":2: a token must not contain whitespace or control characters").c_str(),
               config.status().message().c_str());
}

TEST(ATokenFile, ComesFromSystemdCredentialsWhenNoneIsConfigured) {
  TempDir credentials;
  credentials.write("webhook-tokens", "from-credential\n");
  credentials.write("staff-tokens", "staff-credential\n");
  setenv("CREDENTIALS_DIRECTORY", credentials.path().c_str(), 1);
  auto config = load(dir.path());
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  LONGS_EQUAL(1, config->webhook_tokens().size());
  STRCMP_EQUAL("from-credential", config->webhook_tokens()[0].c_str());
  STRCMP_EQUAL("staff-credential", config->staff_tokens()[0].c_str());
}

TEST(ATokenFile, ConfiguredWinsOverTheSystemdCredential) {
  TempDir credentials;
  credentials.write("webhook-tokens", "from-credential\n");
  setenv("CREDENTIALS_DIRECTORY", credentials.path().c_str(), 1);
  std::string file = dir.write("tokens", "from-file\n");
  auto config = load(dir.path(), {}, {"auth.token_file=" + file});
  LONGS_EQUAL(1, config->webhook_tokens().size());
  STRCMP_EQUAL("from-file", config->webhook_tokens()[0].c_str());
}

TEST(ATokenFile, IsOptionalInTheCredentialsDirectory) {
  TempDir credentials;
  setenv("CREDENTIALS_DIRECTORY", credentials.path().c_str(), 1);
  auto config = load(dir.path());
  CHECK_TRUE(config.is_ok());
  CHECK_TRUE(config->webhook_tokens().empty());
}

// The PEM text itself is checked by the HTTP layer; here only where it comes from.
TEST_GROUP(TlsMaterial) {
  SystemdEnvironmentGuard environment;
  TempDir dir;
  TempDir credentials;

  // systemd's credential directory holding tls-cert and tls-key with these contents.
  void give_credentials(const std::string& cert, const std::string& key) {
    credentials.write("tls-cert", cert);
    credentials.write("tls-key", key);
    setenv("CREDENTIALS_DIRECTORY", credentials.path().c_str(), 1);
  }
};

TEST(TlsMaterial, IsAbsentByDefault) {
  auto config = load(dir.path());
  CHECK_TRUE(config.is_ok());
  STRCMP_EQUAL("", config->tls_listen.c_str());
  CHECK_TRUE(config->tls_cert_pem.empty());
  CHECK_TRUE(config->tls_key_pem.empty());
  STRCMP_EQUAL(std::string(kDefaultTlsPriorities).c_str(), config->tls_priorities.c_str());
}

TEST(TlsMaterial, ComesFromSystemdCredentialsWhenNoFileIsConfigured) {
  give_credentials("CERT FROM CREDENTIAL", "KEY FROM CREDENTIAL");
  auto config = load(dir.path(), {}, {"tls.listen=0.0.0.0:8443"});
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  STRCMP_EQUAL("CERT FROM CREDENTIAL", config->tls_cert_pem.c_str());
  STRCMP_EQUAL("KEY FROM CREDENTIAL", config->tls_key_pem.c_str());
}

TEST(TlsMaterial, ConfiguredFilesWinOverCredentials) {
  give_credentials("CERT FROM CREDENTIAL", "KEY FROM CREDENTIAL");
  std::string cert = dir.write("cert.pem", "CERT FROM FILE");
  std::string key = dir.write("key.pem", "KEY FROM FILE");
  auto config = load(dir.path(), {}, {"tls.cert_file=" + cert, "tls.key_file=" + key});
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  STRCMP_EQUAL("CERT FROM FILE", config->tls_cert_pem.c_str());
  STRCMP_EQUAL("KEY FROM FILE", config->tls_key_pem.c_str());
}

TEST(TlsMaterial, IsAbsentWhenTheCredentialsAreEmptyAsInstalled) {
  give_credentials("", "\n");
  auto config = load(dir.path());
  CHECK_TRUE_TEXT(config.is_ok(), config.status().message().c_str());
  CHECK_TRUE(config->tls_cert_pem.empty());
  CHECK_TRUE(config->tls_key_pem.empty());
}

TEST(TlsMaterial, IsRequiredByAnHttpsListener) {
  auto config = load(dir.path(), {}, {"tls.listen=0.0.0.0:8443"});
  CHECK_FALSE(config.is_ok());
  STRCMP_CONTAINS("tls.listen is set but there is no certificate and key",
                  config.status().message().c_str());
}

TEST(TlsMaterial, NeverComesAsACertificateWithoutItsKeyOrTheOtherWayRound) {
  std::string cert = dir.write("cert.pem", "CERT");
  auto only_cert = load(dir.path(), {}, {"tls.cert_file=" + cert});
  CHECK_FALSE(only_cert.is_ok());
  STRCMP_CONTAINS("a TLS certificate but no private key", only_cert.status().message().c_str());
  credentials.write("tls-key", "KEY");  // and no tls-cert file at all
  setenv("CREDENTIALS_DIRECTORY", credentials.path().c_str(), 1);
  auto only_key = load(dir.path());
  CHECK_FALSE(only_key.is_ok());
  STRCMP_CONTAINS("a TLS private key but no certificate", only_key.status().message().c_str());
}

TEST(TlsMaterial, NamesAConfiguredFileThatCannotBeRead) {
  std::string key = dir.write("key.pem", "KEY");
  auto config = load(dir.path(), {},
                     {"tls.cert_file=" + dir.path() + "/missing.pem", "tls.key_file=" + key});
  CHECK_FALSE(config.is_ok());
  STRCMP_CONTAINS(("cannot read " + dir.path() + "/missing.pem").c_str(),
                  config.status().message().c_str());
}

TEST(TlsMaterial, NeedsItsOwnAddress) {
  std::string cert = dir.write("cert.pem", "CERT");
  std::string key = dir.write("key.pem", "KEY");
  auto config = load(dir.path(), {},
                     {"tls.cert_file=" + cert, "tls.key_file=" + key,
                      "http.listen=0.0.0.0:8080", "tls.listen=0.0.0.0:8080"});
  CHECK_FALSE(config.is_ok());
  STRCMP_EQUAL("http.listen and tls.listen are both \"0.0.0.0:8080\"; they must differ",
               config.status().message().c_str());
}
