#include "daemon/ctl/args.h"

#include <string>
#include <vector>

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::ctl;
using Kind = lanecast::Status::Kind;

namespace {

constexpr OptionSpec kGlobal[] = {{"url", "URL", ""}, {"json", "", ""}, {"help", "", ""}};
constexpr OptionSpec kEvents[] = {{"limit", "N", ""}, {"kind", "KIND", ""}, {"bodies", "", ""}};

std::span<const OptionSpec> options_of(std::string_view command) {
  if (command == "events") return kEvents;
  return {};
}

lanecast::Result<Args> parse(std::vector<const char*> words) {
  words.insert(words.begin(), "lanecastctl");
  return parse_args(static_cast<int>(words.size()), words.data(), kGlobal, options_of);
}

}  // namespace

TEST_GROUP(TheCommandLine){};

TEST(TheCommandLine, TakesGlobalOptionsAnywhereAndCommandOptionsAfterTheCommand) {
  auto args = parse({"--json", "events", "--limit", "5", "--url=http://h:1", "--kind=checkout", "--bodies", "extra"});
  CHECK_TRUE_TEXT(args.is_ok(), args.status().to_string().c_str());
  STRCMP_EQUAL("events", args->command.c_str());
  CHECK_TRUE(args->has("json"));
  CHECK_TRUE(args->has("bodies"));
  STRCMP_EQUAL("http://h:1", args->value("url")->c_str());
  STRCMP_EQUAL("checkout", args->text("kind", "").c_str());
  LONGLONGS_EQUAL(5, *args->integer("limit", 50, 1, 100));
  LONGS_EQUAL(1, static_cast<long>(args->positionals.size()));
  STRCMP_EQUAL("extra", args->positionals[0].c_str());
}

TEST(TheCommandLine, KeepsEveryValueOfARepeatedOptionInOrder) {
  auto args = parse({"events", "--kind", "a", "--kind", "b"});
  CHECK_TRUE(args.is_ok());
  const std::vector<std::string> expected = {"a", "b"};
  CHECK_TRUE(args->values("kind") == expected);
  STRCMP_EQUAL("b", args->value("kind")->c_str());
}

TEST(TheCommandLine, EndsOptionsAtADoubleDashAndKnowsDashH) {
  auto args = parse({"events", "-h", "--", "--not-an-option"});
  CHECK_TRUE(args.is_ok());
  CHECK_TRUE(args->has("help"));
  STRCMP_EQUAL("--not-an-option", args->positionals.at(0).c_str());
}

TEST(TheCommandLine, RefusesWhatItDoesNotKnow) {
  const std::vector<std::vector<const char*>> rejected = {
      {"--limit", "5", "events"},  // a command's option before the command
      {"events", "--nope"},
      {"events", "--json=yes"},
      {"events", "--limit"},
      {"-x"},
      {"status", "--kind", "checkout"},
  };
  for (const auto& words : rejected) {
    auto args = parse(words);
    CHECK_FALSE_TEXT(args.is_ok(), words.back());
    CHECK_TRUE(args.status().kind() == Kind::kInvalidInput);
  }
}

TEST(TheCommandLine, ChecksIntegerOptionsAgainstTheirRange) {
  auto absent = parse({"events"});
  LONGLONGS_EQUAL(50, *absent->integer("limit", 50, 1, 100));
  for (const char* bad : {"0", "101", "-1", "5x", "", " 5", "+5", "99999999999999999999"}) {
    auto args = parse({"events", "--limit", bad});
    CHECK_TRUE(args.is_ok());
    auto limit = args->integer("limit", 50, 1, 100);
    CHECK_FALSE_TEXT(limit.is_ok(), bad);
    CHECK_TRUE(limit.status().message().find("--limit") != std::string::npos);
  }
}

TEST_GROUP(ASinceArgument){};

TEST(ASinceArgument, AcceptsTimestampsDatesAndAges) {
  constexpr std::int64_t kNow = 1'800'000'000'000'000;
  struct Case {
    const char* text;
    std::int64_t expected;
  };
  const Case cases[] = {
      {"2026-11-28T10:15:00Z", 1'795'860'900'000'000},
      {"2026-11-28T11:15:00+01:00", 1'795'860'900'000'000},
      {"2026-11-28", 1'795'824'000'000'000},
      {"90s", kNow - 90'000'000},
      {"15m", kNow - 900'000'000},
      {"2h", kNow - 7'200'000'000},
      {"7d", kNow - 604'800'000'000},
      {"0d", kNow},
  };
  for (const Case& c : cases) {
    auto at = parse_since(c.text, kNow);
    CHECK_TRUE_TEXT(at.is_ok(), c.text);
    LONGLONGS_EQUAL_TEXT(c.expected, *at, c.text);
  }
}

TEST(ASinceArgument, RefusesAnythingElse) {
  for (const char* bad : {"", "h", "5", "5w", "-5m", "five minutes", "2026-13-01", "2026-11-28T25:00:00Z",
                          "yesterday", "99999999999999999d"}) {
    CHECK_FALSE_TEXT(parse_since(bad, 1'800'000'000'000'000).is_ok(), bad);
  }
}
