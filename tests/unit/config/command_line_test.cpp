
#include <initializer_list>
#include <string>
#include <vector>

#include "daemon/config/config.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::config;

namespace {

// argv as main receives it: mutable strings, program name first.
class Argv {
 public:
  Argv(std::initializer_list<const char*> arguments) {
    strings_.emplace_back("lanecastd");
    for (const char* argument : arguments) strings_.emplace_back(argument);
    for (std::string& s : strings_) pointers_.push_back(s.data());
  }
  int argc() const { return static_cast<int>(pointers_.size()); }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

lanecast::Result<CommandLine> parse(std::initializer_list<const char*> arguments) {
  Argv args(arguments);
  return parse_command_line(args.argc(), args.argv());
}

}  // namespace

TEST_GROUP(TheCommandLine){};

TEST(TheCommandLine, IsEmptyWithoutArguments) {
  auto line = parse({});
  CHECK_TRUE(line.is_ok());
  STRCMP_EQUAL("/etc/lanecast", line->load.config_dir.c_str());
  CHECK_TRUE(line->load.files.empty());
  CHECK_TRUE(line->load.overrides.empty());
  CHECK_FALSE(line->check_config || line->print_config || line->print_sample ||
              line->version || line->help);
}

TEST(TheCommandLine, CollectsFilesAndOverridesInOrder) {
  auto line = parse({"--config", "a.conf", "--set", "http.threads=2", "--config=b.conf",
                     "--set=log.level=debug", "--config-dir", "/tmp/etc"});
  CHECK_TRUE_TEXT(line.is_ok(), line.status().message().c_str());
  LONGS_EQUAL(2, line->load.files.size());
  STRCMP_EQUAL("a.conf", line->load.files[0].c_str());
  STRCMP_EQUAL("b.conf", line->load.files[1].c_str());
  LONGS_EQUAL(2, line->load.overrides.size());
  STRCMP_EQUAL("http.threads=2", line->load.overrides[0].c_str());
  STRCMP_EQUAL("log.level=debug", line->load.overrides[1].c_str());
  STRCMP_EQUAL("/tmp/etc", line->load.config_dir.c_str());
}

TEST(TheCommandLine, SetsEachFlag) {
  CHECK_TRUE(parse({"--check-config"})->check_config);
  CHECK_TRUE(parse({"--print-config"})->print_config);
  CHECK_TRUE(parse({"--print-sample-config"})->print_sample);
  CHECK_TRUE(parse({"--version"})->version);
  CHECK_TRUE(parse({"--help"})->help);
  CHECK_TRUE(parse({"-h"})->help);
  auto both = parse({"--check-config", "--config-dir=/x"});
  CHECK_TRUE(both->check_config);
  STRCMP_EQUAL("/x", both->load.config_dir.c_str());
}

TEST(TheCommandLine, RefusesWhatItDoesNotKnowNamingIt) {
  struct Bad {
    std::initializer_list<const char*> arguments;
    const char* message;
  };
  const Bad kBad[] = {
      {{"--bogus"}, "unknown option --bogus"},
      {{"--sett=auth.tokens=secret"}, "unknown option --sett"},
      {{"-x"}, "unknown option -x"},
      {{"--"}, "unknown option --"},
      {{"--check-config", "stray"}, "unexpected argument \"stray\""},
      {{"--config"}, "option --config needs FILE"},
      {{"--config="}, "option --config needs FILE"},
      {{"--config-dir"}, "option --config-dir needs DIR"},
      {{"--set"}, "option --set needs SECTION.KEY=VALUE"},
      {{"--version=2"}, "option --version takes no value"},
      {{"--help=yes"}, "option --help takes no value"},
  };
  for (const Bad& c : kBad) {
    auto line = parse(c.arguments);
    CHECK_FALSE_TEXT(line.is_ok(), c.message);
    CHECK_TRUE(line.status().kind() == lanecast::Status::Kind::kInvalidInput);
    STRCMP_EQUAL(c.message, line.status().message().c_str());
  }
}

TEST(TheCommandLine, TakesAnOptionLookingValueAfterASpace) {
  auto line = parse({"--config", "--weird-name.conf"});
  CHECK_TRUE(line.is_ok());
  STRCMP_EQUAL("--weird-name.conf", line->load.files[0].c_str());
}

TEST(TheCommandLine, ListsEveryOptionInItsUsage) {
  std::string usage = usage_text();
  for (const char* option : {"--config FILE", "--config-dir DIR", "--set SECTION.KEY=VALUE",
                             "--check-config", "--print-config", "--print-sample-config",
                             "--version", "-h, --help"}) {
    STRCMP_CONTAINS(option, usage.c_str());
  }
  STRCMP_CONTAINS("Usage: lanecastd", usage.c_str());
}
