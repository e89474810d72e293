#include "daemon/config/config_values.h"

#include <string>
#include <utility>

#include "daemon/config/config.h"
#include "daemon/config/currencies.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::config;

namespace {
struct GoodSize {
  const char* text;
  long long bytes;
};
const GoodSize kGoodSizes[] = {
    {"1024", 1024}, {"4M", 4LL << 20}, {"4m", 4LL << 20}, {"64K", 64LL << 10},
    {"64k", 64LL << 10}, {"1G", 1LL << 30}, {"1g", 1LL << 30}, {"3000", 3000},
};
const char* const kBadSizes[] = {"", "M", "4MB", "4 M", "-1", "+4", "4.5M", "4T", "0x10",
                                 "1023", "2G", "99999999999999999999G", "9223372036854775807K"};

struct GoodDuration {
  const char* text;
  long long seconds;
};
const GoodDuration kGoodDurations[] = {
    {"15", 15}, {"15s", 15}, {"2min", 120}, {"1h", 3600}, {"1", 1}, {"60min", 3600},
};
const char* const kBadDurations[] = {"", "0", "s", "15 s", "1d", "1.5", "-5", "2m", "2h", "3601",
                                     "15S"};
}  // namespace

TEST_GROUP(AByteSize){};

TEST(AByteSize, AcceptsBytesAndPowerOf1024Suffixes) {
  for (const auto& c : kGoodSizes) {
    auto parsed = parse_byte_size(c.text, 1024, 1LL << 30);
    CHECK_TRUE_TEXT(parsed.is_ok(), c.text);
    LONGLONGS_EQUAL_TEXT(c.bytes, *parsed, c.text);
  }
}

TEST(AByteSize, IsRejectedWhenMalformedOrOutOfRange) {
  for (const char* text : kBadSizes) {
    auto parsed = parse_byte_size(text, 1024, 1LL << 30);
    CHECK_FALSE_TEXT(parsed.is_ok(), text);
    STRCMP_CONTAINS_TEXT("must be a size from 1K to 1G (bytes, or with a K, M or G suffix)", parsed.status().message().c_str(), text);
  }
}

TEST(AByteSize, PrintsWithTheLargestExactSuffix) {
  STRCMP_EQUAL("4M", format_byte_size(4LL << 20).c_str());
  STRCMP_EQUAL("64K", format_byte_size(64LL << 10).c_str());
  STRCMP_EQUAL("2G", format_byte_size(2LL << 30).c_str());
  STRCMP_EQUAL("1025K", format_byte_size(1025LL << 10).c_str());
  STRCMP_EQUAL("1000", format_byte_size(1000).c_str());
  STRCMP_EQUAL("0", format_byte_size(0).c_str());
}

TEST_GROUP(ADuration){};

TEST(ADuration, AcceptsSecondsWithOptionalUnits) {
  for (const auto& c : kGoodDurations) {
    auto parsed = parse_duration(c.text, 1, 3600);
    CHECK_TRUE_TEXT(parsed.is_ok(), c.text);
    LONGLONGS_EQUAL_TEXT(c.seconds, *parsed, c.text);
  }
}

TEST(ADuration, IsRejectedWhenMalformedOrOutOfRange) {
  for (const char* text : kBadDurations) {
    auto parsed = parse_duration(text, 1, 3600);
    CHECK_FALSE_TEXT(parsed.is_ok(), text);
    STRCMP_CONTAINS_TEXT("must be a duration from 1 to 3600 seconds",
                         parsed.status().message().c_str(), text);
  }
}

TEST_GROUP(AnInteger){};

TEST(AnInteger, AcceptsPlainDecimalsInRange) {
  LONGLONGS_EQUAL(0, *parse_integer("0", 0, 4));
  LONGLONGS_EQUAL(4, *parse_integer("4", 0, 4));
  LONGLONGS_EQUAL(-3, *parse_integer("-3", -5, 5));
  LONGLONGS_EQUAL(7, *parse_integer("007", 0, 10));
}

TEST(AnInteger, IsRejectedWhenNotPlainDecimalOrOutOfRange) {
  for (const char* text : {"", "-", "5", "-1", "+1", "1.0", "0x1", " 1", "1 ", "1e2", "one",
                           "99999999999999999999"}) {
    auto parsed = parse_integer(text, 0, 4);
    CHECK_FALSE_TEXT(parsed.is_ok(), text);
    STRCMP_EQUAL_TEXT("must be an integer from 0 to 4", parsed.status().message().c_str(), text);
  }
}

TEST_GROUP(ATokenList){};

TEST(ATokenList, SplitsOnCommasAndTrimsEachToken) {
  auto tokens = parse_token_list(" alpha ,beta,\tgamma#1 ");
  CHECK_TRUE(tokens.is_ok());
  LONGS_EQUAL(3, tokens->size());
  STRCMP_EQUAL("alpha", (*tokens)[0].c_str());
  STRCMP_EQUAL("beta", (*tokens)[1].c_str());
  STRCMP_EQUAL("gamma#1", (*tokens)[2].c_str());
}

TEST(ATokenList, IsEmptyForEmptyText) {
  CHECK_TRUE(parse_token_list("").is_ok());
  CHECK_TRUE(parse_token_list("").value().empty());
  CHECK_TRUE(parse_token_list("  ").value().empty());
}

TEST(ATokenList, NamesTheBadTokenByPositionNeverByValue) {
  struct Bad {
    std::string text;
    const char* reason;
  };
  const Bad kBad[] = {
      {"a,,b", "token 2: a token must not be empty"},
      {"a,", "token 2: a token must not be empty"},
      {",a", "token 1: a token must not be empty"},
      {"good,bad secret", "token 2: a token must not contain whitespace"},
      {std::string("ctl\x01secret"), "token 1: a token must not contain whitespace or control"},
      {std::string(513, 'x'), "token 1: a token must be at most 512 bytes"},
  };
  for (const auto& c : kBad) {
    auto tokens = parse_token_list(c.text);
    CHECK_FALSE_TEXT(tokens.is_ok(), c.text.c_str());
    STRCMP_CONTAINS_TEXT(c.reason, tokens.status().message().c_str(), c.text.c_str());
    CHECK_FALSE(tokens.status().message().find("secret") != std::string::npos);
  }
  CHECK_TRUE(parse_token_list(std::string(512, 'x')).is_ok());
}

TEST_GROUP(AListenAddress){};

TEST(AListenAddress, SplitsIntoHostPortAndFamily) {
  struct Good {
    const char* text;
    const char* host;
    int port;
    bool ipv6;
  };
  const Good kGood[] = {
      {"127.0.0.1:8080", "127.0.0.1", 8080, false}, {"0.0.0.0:1", "0.0.0.0", 1, false},
      {"[::1]:8080", "::1", 8080, true},            {"[::]:65535", "::", 65535, true},
      {"localhost:80", "localhost", 80, false},     {"127.0.0.1:0", "127.0.0.1", 0, false},     {"lane-1.store.example:443",
                                                     "lane-1.store.example", 443, false},
      {"[fe80::1:2]:9000", "fe80::1:2", 9000, true},
  };
  for (const auto& c : kGood) {
    auto address = parse_listen_address(c.text);
    CHECK_TRUE_TEXT(address.is_ok(), c.text);
    STRCMP_EQUAL_TEXT(c.host, address->host.c_str(), c.text);
    LONGS_EQUAL_TEXT(c.port, address->port, c.text);
    CHECK_EQUAL_TEXT(c.ipv6, address->ipv6, c.text);
  }
}

TEST(AListenAddress, IsRejectedWithoutAValidHostAndPort) {
  for (const char* text :
       {"", "127.0.0.1", "127.0.0.1:", ":8080", "127.0.0.1:00", "127.0.0.1:65536",
        "127.0.0.1:08080", "127.0.0.1:80x", "127.0.0.1:-1", "::1:8080", "[::1]8080", "[::1]",
        "[]:80", "[nothost]:80", "[127.0.0.1]:80", "999.1.1.1:80", "1.2.3:80", "-host:80",
        "ho st:80", "host_name:80", "127.0.0.1:8080 "}) {
    auto address = parse_listen_address(text);
    CHECK_FALSE_TEXT(address.is_ok(), text);
    STRCMP_CONTAINS_TEXT("must be host:port or [IPv6]:port", address.status().message().c_str(),
                         text);
  }
}

TEST_GROUP(AStringRule){};

TEST(AStringRule, AcceptsWhatTheStoreNeeds) {
  for (const char* path : {"/aifi/checkout", "/", "/a-b_c.d/e~f", "/v1/hooks/checkout%20x"}) {
    CHECK_TRUE_TEXT(check_webhook_path(path).is_ok(), path);
  }
  for (const char* code : {"EUR", "USD", "JPY", "KWD"}) CHECK_TRUE(check_currency(code).is_ok());
  for (const char* status : {"", "SETTLED", "paid", "NOT_PAID", "in-progress"}) {
    CHECK_TRUE_TEXT(check_payment_status(status).is_ok(), status);
  }
  for (const char* prefix : {"", "LC-", "store.12:", "A_B"}) {
    CHECK_TRUE_TEXT(check_order_prefix(prefix).is_ok(), prefix);
  }
  for (const char* path : {"", "./lanecast.db", "/var/lib/lanecast/my db.sqlite"}) {
    CHECK_TRUE_TEXT(check_path(path).is_ok(), path);
  }
}

TEST_GROUP(ATlsPriorityString){};

TEST(ATlsPriorityString, TakesGnuTlsSyntax) {
  for (const char* text : {"NORMAL", "SECURE128:-VERS-ALL:+VERS-TLS1.3:%SERVER_PRECEDENCE",
                           "@SYSTEM", "NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+SHA256",
                           "NORMAL:%PROFILE_MEDIUM"}) {
    CHECK_TRUE_TEXT(check_tls_priorities(text).is_ok(), text);
  }
  CHECK_TRUE(check_tls_priorities(std::string(512, 'A')).is_ok());
}

TEST(ATlsPriorityString, IsRejectedWhenEmptyTooLongOrWithForeignCharacters) {
  for (const std::string& text :
       {std::string(), std::string(513, 'A'), std::string("NORMAL SECURE"),
        std::string("NORMAL;+VERS-TLS1.3"), std::string("NORMAL\n"), std::string("NORMAL,X"),
        std::string("NORMAL:\"x\"")}) {
    CHECK_FALSE_TEXT(check_tls_priorities(text).is_ok(), text.c_str());
  }
}

TEST(ATlsPriorityString, DefaultPassesItsOwnCheck) {
  CHECK_TRUE(check_tls_priorities(kDefaultTlsPriorities).is_ok());
}

TEST(AListenAddress, MayBeEmptyOnlyWhereOptional) {
  CHECK_TRUE(check_optional_listen_address("").is_ok());
  CHECK_TRUE(check_optional_listen_address("0.0.0.0:8443").is_ok());
  CHECK_FALSE(check_optional_listen_address("0.0.0.0").is_ok());
  CHECK_FALSE(check_listen_address("").is_ok());
}

TEST_GROUP(ALanguageTag){};

TEST(ALanguageTag, AcceptsBcp47TagsWithScriptRegionVariantsAndExtensions) {
  for (const char* tag : {"en", "de-DE", "pl-PL", "fr-FR", "en-GB", "ja-JP", "sr-Latn-RS",
                          "zh-Hant-TW", "es-419", "de-CH-1996", "sl-rozaj-biske", "de-DE-u-nu-latn",
                          "en-US-x-shop1", "nl-BE-u-ca-gregory-x-a", "EN-us"}) {
    CHECK_TEXT(check_locale(tag).is_ok(), tag);
  }
}

TEST_GROUP(ACurrencysDecimals){};

TEST(ACurrencysDecimals, AreTheIso4217MinorUnit) {
  const std::pair<const char*, int> kKnown[] = {
      {"EUR", 2}, {"USD", 2}, {"GBP", 2}, {"PLN", 2}, {"CHF", 2}, {"JPY", 0}, {"KRW", 0},
      {"ISK", 0}, {"CLP", 0}, {"BHD", 3}, {"KWD", 3}, {"TND", 3}, {"CLF", 4}, {"UYW", 4},
  };
  for (const auto& [code, decimals] : kKnown) {
    CHECK_TEXT(iso4217_minor_units(code).has_value(), code);
    LONGS_EQUAL_TEXT(decimals, *iso4217_minor_units(code), code);
    CHECK_TEXT(check_currency_decimals(code, decimals).is_ok(), code);
  }
  for (const char* none : {"XAU", "XTS", "XXX", "QQQ", "EURO", ""})
    CHECK_TEXT(!iso4217_minor_units(none).has_value(), none);
}

TEST(ACurrencysDecimals, ThatDisagreeSayWhatToSet) {
  STRCMP_EQUAL("store.decimals is 2, but JPY has 0 decimal places in ISO 4217: set store.decimals = 0",
               check_currency_decimals("JPY", 2).message().c_str());
  STRCMP_EQUAL("store.decimals is 2, but KWD has 3 decimal places in ISO 4217: set store.decimals = 3",
               check_currency_decimals("KWD", 2).message().c_str());
  STRCMP_EQUAL("store.decimals is 0, but EUR has 2 decimal places in ISO 4217: set store.decimals = 2",
               check_currency_decimals("EUR", 0).message().c_str());
  CHECK_TRUE(check_currency_decimals("XAU", 4).is_ok());  // no minor unit listed: not checked
}
