// The HTTPS certificate's expiry watch: which state a date is in, and which alerts it raises
// over the certificate's life, once per change.
#include "daemon/app/certificate_watch.h"

#include <string>
#include <utility>
#include <vector>

#include <CppUTest/TestHarness.h>

using lanecast::app::CertificateWatch;
using lanecast::http::CertificateInfo;

namespace {

constexpr std::int64_t kDay = 86'400;
constexpr std::int64_t kNotBefore = 1'790'000'000;  // 2026-09-21
constexpr std::int64_t kNotAfter = kNotBefore + 90 * kDay;

CertificateInfo certificate() {
  CertificateInfo info;
  info.not_before_unix = kNotBefore;
  info.not_after_unix = kNotAfter;
  info.subject_common_name = "store.example";
  info.dns_names = {"store.example", "lanes.store.example"};
  info.ip_addresses = {"192.0.2.10"};
  return info;
}

std::int64_t micros(std::int64_t unix_seconds) { return unix_seconds * 1'000'000; }

}  // namespace

TEST_GROUP(ACertificateWatch) {
  std::vector<std::pair<std::string, std::int64_t>> alerts;
  std::atomic<std::int64_t> gauge{-1};

  CertificateWatch watch() {
    return CertificateWatch(certificate(), [this](const std::string& text, std::int64_t at) {
      alerts.emplace_back(text, at);
    }, gauge);
  }
};

TEST(ACertificateWatch, PlacesEachMomentInItsState) {
  using State = CertificateWatch::State;
  const struct {
    std::int64_t now;
    State state;
  } cases[] = {
      {kNotBefore - 1, State::kNotYetValid},
      {kNotBefore, State::kValid},
      {kNotAfter - CertificateWatch::kWarnDays * kDay, State::kValid},
      {kNotAfter - CertificateWatch::kWarnDays * kDay + 1, State::kExpiringSoon},
      {kNotAfter - 1, State::kExpiringSoon},
      {kNotAfter, State::kExpired},
      {kNotAfter + 400 * kDay, State::kExpired},
  };
  for (const auto& c : cases) {
    LONGS_EQUAL_TEXT(static_cast<int>(c.state),
                     static_cast<int>(CertificateWatch::state_at(certificate(), c.now)),
                     std::to_string(c.now).c_str());
  }
}

TEST(ACertificateWatch, PublishesTheExpiryAtOnce) {
  auto w = watch();
  LONGLONGS_EQUAL(kNotAfter, gauge.load());
}

TEST(ACertificateWatch, StaysQuietWhileTheCertificateIsGood) {
  auto w = watch();
  for (std::int64_t day = 0; day < 60; ++day) w.tick(micros(kNotBefore + day * kDay));
  CHECK_TRUE(alerts.empty());
}

TEST(ACertificateWatch, AlertsOnceWhenExpiringAndOnceWhenExpired) {
  auto w = watch();
  for (std::int64_t hour = 0; hour < 100 * 24; ++hour) w.tick(micros(kNotBefore + hour * 3600));
  LONGS_EQUAL(2, alerts.size());
  STRCMP_EQUAL("the HTTPS certificate for store.example (store.example, lanes.store.example, "
               "192.0.2.10) expires on 2026-12-20, in 20 day(s): renew it before AiFi's "
               "webhooks start failing",
               alerts[0].first.c_str());
  STRCMP_CONTAINS("expired on 2026-12-20: AiFi cannot deliver webhooks over HTTPS",
                  alerts[1].first.c_str());
  LONGLONGS_EQUAL(micros(kNotAfter), alerts[1].second);
}

TEST(ACertificateWatch, ChecksAtMostHourly) {
  auto w = watch();
  w.tick(micros(kNotAfter - 1800));  // expiring soon; the next look is an hour away
  LONGS_EQUAL(1, alerts.size());
  w.tick(micros(kNotAfter + 10));    // expired by now, but not looked at yet
  LONGS_EQUAL(1, alerts.size());
  w.tick(micros(kNotAfter + 1800));
  LONGS_EQUAL(2, alerts.size());
  STRCMP_CONTAINS("expired on", alerts[1].first.c_str());
}

TEST(ACertificateWatch, BlamesTheClockForACertificateNotValidYet) {
  auto w = watch();
  w.tick(micros(kNotBefore - 30 * kDay));
  LONGS_EQUAL(1, alerts.size());
  STRCMP_CONTAINS("is not valid before 2026-09-21: check the store PC's clock",
                  alerts[0].first.c_str());
}

TEST(ACertificateWatch, DescribesACertificateWithoutNames) {
  CertificateInfo bare;
  STRCMP_EQUAL("no common name", CertificateWatch::describe(bare).c_str());
  bare.ip_addresses = {"::1"};
  STRCMP_EQUAL("no common name (::1)", CertificateWatch::describe(bare).c_str());
}
