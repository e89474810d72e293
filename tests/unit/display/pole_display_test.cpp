#include "display/pole_display.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "pole_emulator.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::display;
using lanecast::display::testing::PoleEmulator;
using namespace std::chrono_literals;

namespace {

// The display's end of the cable is the slave side of a pseudo-terminal; the test holds the
// master side and reads what the driver sends.
class PseudoTerminal {
 public:
  PseudoTerminal() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    CHECK_TRUE(master_ >= 0);
    CHECK_TRUE(::grantpt(master_) == 0);
    CHECK_TRUE(::unlockpt(master_) == 0);
    char name[128];
    CHECK_TRUE(::ptsname_r(master_, name, sizeof name) == 0);
    slave_path_ = name;
    ::fcntl(master_, F_SETFL, ::fcntl(master_, F_GETFL) | O_NONBLOCK);
  }
  ~PseudoTerminal() { unplug(); }
  PseudoTerminal(const PseudoTerminal&) = delete;
  PseudoTerminal& operator=(const PseudoTerminal&) = delete;

  const std::string& slave_path() const { return slave_path_; }

  // Like pulling the USB adapter: the driver's side now gets hang-ups and EIO.
  void unplug() {
    if (master_ >= 0) ::close(master_);
    master_ = -1;
  }

  // Feeds what arrives into `display` until `done` or the deadline.
  bool read_until(PoleEmulator& display, const std::function<bool()>& done,
                  std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd pfd{master_, POLLIN, 0};
      ::poll(&pfd, 1, 20);
      char buffer[512];
      const ssize_t n = ::read(master_, buffer, sizeof buffer);
      if (n > 0) {
        display.feed(std::string(buffer, static_cast<std::size_t>(n)));
      } else {
        std::this_thread::sleep_for(5ms);  // no slave open yet: the master reports a hang-up
      }
    }
    return true;
  }

 private:
  int master_ = -1;
  std::string slave_path_;
};

// A stable device path, like /dev/serial/by-id/..., pointing at whichever pty is plugged in.
class DeviceLink {
 public:
  DeviceLink() {
    char dir[] = "/tmp/lanecast-pole-XXXXXX";
    CHECK_TRUE(::mkdtemp(dir) != nullptr);
    dir_ = dir;
    path_ = dir_ + "/pole";
  }
  ~DeviceLink() {
    remove();
    ::unlink((dir_ + "/not-a-tty").c_str());
    ::rmdir(dir_.c_str());
  }
  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }
  void point_at(const std::string& target) {
    remove();
    CHECK_TRUE(::symlink(target.c_str(), path_.c_str()) == 0);
  }
  void remove() { ::unlink(path_.c_str()); }

 private:
  std::string dir_;
  std::string path_;
};

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

PoleSettings settings_for(const std::string& device, PoleCommandSet set) {
  PoleSettings settings;
  settings.device = device;
  settings.baud = 19200;
  settings.command_set = set;
  settings.retry_initial = 10ms;
  settings.retry_max = 80ms;
  settings.write_timeout = 500ms;
  return settings;
}

std::unique_ptr<PoleDisplay> start(const PoleSettings& settings) {
  auto display = PoleDisplay::start(settings);
  CHECK_TRUE_TEXT(display.is_ok(), display.status().to_string().c_str());
  return std::move(display).value();
}

const PoleScreen kItem{PoleLine::pair("Bergkäse", "3.49"), PoleLine::pair("Total", "7.63 €")};
const PoleScreen kThanks{PoleLine::center("Thank you!"), PoleLine::pair("Paid", "7.63 EUR")};

}  // namespace

TEST_GROUP(APoleDisplayOnASerialPort) {
  DeviceLink link;
  std::unique_ptr<PseudoTerminal> pty;
  void setup() override {
    pty = std::make_unique<PseudoTerminal>();
    link.point_at(pty->slave_path());
  }
  void teardown() override { pty.reset(); }

  void shows(PoleCommandSet set, const char* top, const char* bottom) {
    auto display = start(settings_for(link.path(), set));
    display->show(kItem);
    PoleEmulator screen(set);
    CHECK_TRUE(pty->read_until(screen, [&] { return screen.top() == top && screen.bottom() == bottom; }));
    CHECK_TRUE(eventually([&] { return display->stats().screens_written == 1; }));
    LONGLONGS_EQUAL(1, screen.initializations());
    STRCMP_EQUAL("", screen.unknown().c_str());
    const PoleStats stats = display->stats();
    CHECK_TRUE(stats.connected);
    LONGLONGS_EQUAL(1, stats.connects);
    LONGLONGS_EQUAL(encode_init(set).size() + encode_screen(set, kItem).size(), stats.bytes_written);
    LONGLONGS_EQUAL(0, stats.write_errors + stats.open_errors);
  }
};

TEST(APoleDisplayOnASerialPort, ShowsAScreenWithTheEpsonCommandSet) {
  // PC858: "ä" is 0x84, "€" 0xD5.
  shows(PoleCommandSet::kEpson, "Bergk\x84" "se        3.49", "Total         7.63 \xD5");
}

TEST(APoleDisplayOnASerialPort, ShowsAScreenWithTheCd5220CommandSet) {
  shows(PoleCommandSet::kCd5220, "Bergkaese       3.49", "Total       7.63 EUR");
}

TEST(APoleDisplayOnASerialPort, SelectsTheEuroCodePageOnEpson) {
  auto display = start(settings_for(link.path(), PoleCommandSet::kEpson));
  PoleEmulator screen(PoleCommandSet::kEpson);
  CHECK_TRUE(pty->read_until(screen, [&] { return screen.initializations() == 1; }));
  CHECK_TRUE(pty->read_until(screen, [&] { return screen.code_table() == 19; }));
}

TEST(APoleDisplayOnASerialPort, EndsOnTheLatestOfManyScreens) {
  auto display = start(settings_for(link.path(), PoleCommandSet::kCd5220));
  for (int i = 0; i < 50; ++i)
    display->show({PoleLine::pair("Screen", std::to_string(i)), PoleLine::text("")});
  PoleEmulator screen(PoleCommandSet::kCd5220);
  CHECK_TRUE(pty->read_until(screen, [&] { return screen.top() == "Screen            49"; }));
  CHECK_TRUE(eventually([&] {
    const PoleStats stats = display->stats();
    return stats.screens_written + stats.screens_replaced == 50;
  }));
}

TEST(APoleDisplayOnASerialPort, HealsAfterTheAdapterIsUnpluggedAndPluggedBackIn) {
  auto display = start(settings_for(link.path(), PoleCommandSet::kEpson));
  display->show(kItem);
  PoleEmulator before(PoleCommandSet::kEpson);
  CHECK_TRUE(pty->read_until(before, [&] { return before.top() == "Bergk\x84" "se        3.49"; }));

  pty->unplug();
  link.remove();
  display->show(kThanks);
  CHECK_TRUE(eventually([&] { return !display->stats().connected; }));
  CHECK_TRUE(eventually([&] { return display->stats().open_errors >= 2; }));
  CHECK_TRUE(display->stats().write_errors >= 1);
  STRCMP_CONTAINS("cannot open", display->stats().last_error.c_str());

  pty = std::make_unique<PseudoTerminal>();
  link.point_at(pty->slave_path());
  PoleEmulator after(PoleCommandSet::kEpson);
  CHECK_TRUE(pty->read_until(after, [&] {
    return after.top() == "     Thank you!     " && after.bottom() == "Paid        7.63 EUR";
  }));
  LONGLONGS_EQUAL(1, after.initializations());
  CHECK_TRUE(eventually([&] { return display->stats().connected; }));
  LONGLONGS_EQUAL(2, display->stats().connects);
}

TEST(APoleDisplayOnASerialPort, ShowsTheLatestScreenAgainAfterReconnecting) {
  auto display = start(settings_for(link.path(), PoleCommandSet::kCd5220));
  display->show(kThanks);
  PoleEmulator before(PoleCommandSet::kCd5220);
  CHECK_TRUE(pty->read_until(before, [&] { return before.top() == "     Thank you!     "; }));
  auto replacement = std::make_unique<PseudoTerminal>();
  link.point_at(replacement->slave_path());
  pty = std::move(replacement);  // closes the old one: a hang-up while the display is idle
  PoleEmulator after(PoleCommandSet::kCd5220);
  CHECK_TRUE(pty->read_until(after, [&] { return after.top() == "     Thank you!     "; }));
  STRCMP_EQUAL("the port hung up", display->stats().last_error.c_str());
}

TEST(APoleDisplayOnASerialPort, WaitsForADeviceThatIsMissingAtStart) {
  link.remove();
  auto display = start(settings_for(link.path(), PoleCommandSet::kCd5220));
  display->show(kThanks);
  CHECK_TRUE(eventually([&] { return display->stats().open_errors >= 3; }));
  CHECK_FALSE(display->stats().connected);
  link.point_at(pty->slave_path());
  PoleEmulator screen(PoleCommandSet::kCd5220);
  CHECK_TRUE(pty->read_until(screen, [&] { return screen.top() == "     Thank you!     "; }));
  LONGLONGS_EQUAL(1, display->stats().connects);
}

TEST(APoleDisplayOnASerialPort, RefusesAFileThatIsNotATerminal) {
  const std::string file = link.dir() + "/not-a-tty";
  const int fd = ::open(file.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  CHECK_TRUE(fd >= 0);
  ::close(fd);
  auto display = start(settings_for(file, PoleCommandSet::kEpson));
  CHECK_TRUE(eventually([&] { return display->stats().open_errors >= 1; }));
  STRCMP_CONTAINS("is not a serial port", display->stats().last_error.c_str());
  CHECK_FALSE(display->stats().connected);
}

TEST(APoleDisplayOnASerialPort, NeverBlocksTheCallerWhileDisconnected) {
  link.remove();
  auto display = start(settings_for(link.path(), PoleCommandSet::kEpson));
  const auto began = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) display->show(kItem);
  CHECK_TRUE(std::chrono::steady_clock::now() - began < 500ms);
  LONGLONGS_EQUAL(999, display->stats().screens_replaced);
}

TEST_GROUP(APoleDisplaysSettings){};

TEST(APoleDisplaysSettings, AreRejectedWhenTheyCannotWork) {
  PoleSettings no_device;
  CHECK_TRUE(PoleDisplay::start(no_device).status().kind() == Status::Kind::kInvalidInput);
  PoleSettings odd_baud;
  odd_baud.device = "/dev/null";
  odd_baud.baud = 9601;
  CHECK_TRUE(PoleDisplay::start(odd_baud).status().kind() == Status::Kind::kInvalidInput);
  PoleSettings no_retry;
  no_retry.device = "/dev/null";
  no_retry.retry_initial = 0ms;
  CHECK_TRUE(PoleDisplay::start(no_retry).status().kind() == Status::Kind::kInvalidInput);
  for (int baud : {1200, 9600, 115200}) CHECK_TRUE(is_supported_baud(baud));
  for (int baud : {0, 300, 14400, 230400}) CHECK_FALSE(is_supported_baud(baud));
}
