#include "daemon/core/log.h"

#include <CppUTest/TestHarness.h>

#include <string>

using lanecast::log::format_line;
using lanecast::log::Level;

TEST_GROUP(ALogLine){};

TEST(ALogLine, KeepsAFieldWithALineBreakOnItsOwnLine) {
  STRCMP_EQUAL("<6>session x\\n<0>FAKE emergency\n",
               format_line(Level::kInfo, "session x\n<0>FAKE emergency").c_str());
}

TEST(ALogLine, EscapesTerminalCodesAndEndsInExactlyOneLineBreak) {
  const std::string line = format_line(Level::kWarning, "zone \x1b[2J\r\n");
  STRCMP_EQUAL("<4>zone \\x1b[2J\\r\\n\n", line.c_str());
}

TEST(ALogLine, IsCutAtFourKibibytesWithItsLineBreak) {
  const std::string line = format_line(Level::kError, std::string(3000, '\x01'));
  LONGS_EQUAL(4096, line.size());
  CHECK_EQUAL('\n', line.back());
  LONGS_EQUAL(line.size() - 1, line.find('\n'));
}
