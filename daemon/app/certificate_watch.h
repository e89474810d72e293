// The HTTPS certificate's expiry, watched: an expired certificate silently breaks every
// webhook from the AiFi cloud, so staff hear of it weeks before, not from a failed checkout.
//
// At start the certificate's names and dates are logged; afterwards, once an hour, the watch
// raises a staff alert (and a journal warning) when the certificate enters its last
// kWarnDays, and again when it expires (or is not valid yet).
//
// Thread: main thread (tick); the gauge it keeps is an atomic that /metrics and /healthz read.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "daemon/http/certificate.h"

namespace lanecast::app {

class CertificateWatch {
 public:
  static constexpr int kWarnDays = 21;
  enum class State { kValid, kExpiringSoon, kExpired, kNotYetValid };
  using RaiseAlert = std::function<void(const std::string& text, std::int64_t now_us)>;

  // `not_after_gauge` receives the certificate's notAfter, in Unix seconds, at once.
  CertificateWatch(http::CertificateInfo certificate, RaiseAlert raise_alert,
                   std::atomic<std::int64_t>& not_after_gauge);

  // Logs what the certificate is for and until when; call once at start.
  void announce(std::int64_t now_us) const;
  void tick(std::int64_t now_us);

  static State state_at(const http::CertificateInfo& certificate, std::int64_t now_unix);
  // "store.example (store.example, 127.0.0.1)": the subject's CN and the names it covers.
  static std::string describe(const http::CertificateInfo& certificate);

 private:
  std::string alert_text(State state, std::int64_t now_unix) const;

  http::CertificateInfo certificate_;
  RaiseAlert raise_alert_;
  State alerted_ = State::kValid;  // the last state an alert was raised for
  std::int64_t next_check_us_ = 0;
};

}  // namespace lanecast::app
