#include "daemon/core/log.h"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <string>

#include <CppUTest/TestHarness.h>

using lanecast::log::format_line;
using lanecast::log::Level;
using lanecast::log::LineBatch;

namespace {

// stderr goes into a pipe while one of these lives.
class CapturedStderr {
 public:
  CapturedStderr() {
    if (pipe2(fds_, O_NONBLOCK) != 0) FAIL("pipe2");
    dup2(fds_[1], STDERR_FILENO);
  }
  ~CapturedStderr() {
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    close(fds_[0]);
    close(fds_[1]);
  }
  std::string take() {
    std::string out;
    char buffer[65536];
    for (ssize_t n; (n = read(fds_[0], buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int saved_ = dup(STDERR_FILENO);
  int fds_[2] = {-1, -1};
};

}  // namespace

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

TEST_GROUP(ALineBatch) {
  void setup() override { lanecast::log::set_max_level(Level::kInfo); }
};

TEST(ALineBatch, WritesItsLinesInOrderWhenTheOutermostEnds) {
  CapturedStderr err;
  {
    LineBatch batch;
    LOG_INFO("first %d", 1);
    {
      LineBatch inner;
      LOG_WARNING("second");
    }
    LOG_DEBUG("below the level");
    STRCMP_EQUAL("", err.take().c_str());
  }
  STRCMP_EQUAL("<6>first 1\n<4>second\n", err.take().c_str());
  LOG_INFO("on its own");
  STRCMP_EQUAL("<6>on its own\n", err.take().c_str());
}

// Whole lines, never more than PIPE_BUF bytes to a write: what has gathered goes out before a
// line that would not fit.
TEST(ALineBatch, NeverGathersMoreThanAPipeTakesWhole) {
  CapturedStderr err;
  const std::string filler(60, 'x');
  std::string early;
  {
    LineBatch batch;
    for (int i = 0; i < 100; ++i) LOG_INFO("line %03d %s", i, filler.c_str());
    early = err.take();
  }
  const std::string line = format_line(Level::kInfo, "line 000 " + filler);
  const std::size_t per_write = PIPE_BUF / line.size();
  LONGS_EQUAL(100 / per_write * per_write * line.size(), early.size());
  const std::string all = early + err.take();
  LONGS_EQUAL(100 * line.size(), all.size());
  STRCMP_EQUAL(format_line(Level::kInfo, "line 099 " + filler).c_str(),
               all.substr(99 * line.size()).c_str());
}
