#include "daemon/app/certificate_watch.h"

#include <utility>

#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kCheckEveryUs = 3'600'000'000;

// "2026-12-28": the day is what staff act on; the time would only suggest false precision.
std::string day_of(std::int64_t unix_seconds) {
  return format_timestamp(unix_seconds * 1'000'000).substr(0, 10);
}

std::int64_t whole_days_left(const http::CertificateInfo& certificate, std::int64_t now_unix) {
  return (certificate.not_after_unix - now_unix) / kSecondsPerDay;
}

}  // namespace

CertificateWatch::CertificateWatch(http::CertificateInfo certificate, RaiseAlert raise_alert,
                                   std::atomic<std::int64_t>& not_after_gauge)
    : certificate_(std::move(certificate)), raise_alert_(std::move(raise_alert)) {
  not_after_gauge = certificate_.not_after_unix;
}

CertificateWatch::State CertificateWatch::state_at(const http::CertificateInfo& certificate,
                                                   std::int64_t now_unix) {
  if (now_unix < certificate.not_before_unix) return State::kNotYetValid;
  if (now_unix >= certificate.not_after_unix) return State::kExpired;
  if (certificate.not_after_unix - now_unix < kWarnDays * kSecondsPerDay)
    return State::kExpiringSoon;
  return State::kValid;
}

std::string CertificateWatch::describe(const http::CertificateInfo& certificate) {
  std::string names;
  for (const auto* list : {&certificate.dns_names, &certificate.ip_addresses}) {
    for (const std::string& name : *list) names += (names.empty() ? "" : ", ") + name;
  }
  std::string subject = certificate.subject_common_name.empty() ? std::string("no common name")
                                                                : certificate.subject_common_name;
  return names.empty() ? subject : subject + " (" + names + ")";
}

void CertificateWatch::announce(std::int64_t now_us) const {
  const std::int64_t now_unix = now_us / 1'000'000;
  const State state = state_at(certificate_, now_unix);
  if (state == State::kValid) {
    LOG_NOTICE("HTTPS certificate for %s, valid until %s (%lld days)", describe(certificate_).c_str(),
               day_of(certificate_.not_after_unix).c_str(),
               static_cast<long long>(whole_days_left(certificate_, now_unix)));
  }
}

void CertificateWatch::tick(std::int64_t now_us) {
  if (now_us < next_check_us_) return;
  next_check_us_ = now_us + kCheckEveryUs;
  const std::int64_t now_unix = now_us / 1'000'000;
  const State state = state_at(certificate_, now_unix);
  if (state == alerted_) return;
  alerted_ = state;
  if (state == State::kValid) return;
  const std::string text = alert_text(state, now_unix);
  if (state == State::kExpiringSoon) LOG_WARNING("%s", text.c_str());
  else LOG_ERROR("%s", text.c_str());
  raise_alert_(text, now_us);
}

std::string CertificateWatch::alert_text(State state, std::int64_t now_unix) const {
  const std::string what = "the HTTPS certificate for " + describe(certificate_);
  switch (state) {
    case State::kExpiringSoon:
      return what + " expires on " + day_of(certificate_.not_after_unix) + ", in " +
             std::to_string(whole_days_left(certificate_, now_unix)) +
             " day(s): renew it before AiFi's webhooks start failing";
    case State::kExpired:
      return what + " expired on " + day_of(certificate_.not_after_unix) +
             ": AiFi cannot deliver webhooks over HTTPS until it is renewed";
    case State::kNotYetValid:
      return what + " is not valid before " + day_of(certificate_.not_before_unix) +
             ": check the store PC's clock, or the certificate";
    case State::kValid: break;
  }
  return what + " is valid";
}

}  // namespace lanecast::app
