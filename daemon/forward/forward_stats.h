// What the forwarder tells /metrics, /healthz, lanecastctl status and the staff kiosk.
//
// Thread: written by the forwarder thread only; read from any thread (atomics, and one
// mutex for the last error's text).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace lanecast::forward {

struct ForwardStats {
  std::atomic<bool> enabled{false};
  std::atomic<bool> connected{false};
  std::atomic<int> protocol{0};                 // 5 or 4 (MQTT 3.1.1) once connected
  std::atomic<std::int64_t> connects{0};        // CONNACKs accepted
  std::atomic<std::int64_t> reconnects{0};      // connections lost or refused, attempts failed
  std::atomic<std::int64_t> in_flight{0};       // slots handed to the broker, not finished
  std::atomic<std::int64_t> published{0};       // messages handed to the broker (retries too)
  std::atomic<std::int64_t> acknowledged{0};    // PUBACKs with a success reason code
  std::atomic<std::int64_t> rejected{0};        // PUBACKs with a failure reason code
  std::atomic<std::int64_t> gaps{0};            // gap messages acknowledged this run
  std::atomic<std::int64_t> acked_seq{0};       // the cursor
  std::atomic<std::int64_t> last_seq{0};        // newest event in the journal
  std::atomic<std::int64_t> backlog_events{0};  // above the cursor
  std::atomic<std::int64_t> backlog_bytes{0};
  std::atomic<std::int64_t> oldest_unacked_us{0};  // received time of the first above; 0 none
  std::atomic<std::int64_t> dead_letters{0};    // recorded in the database, ever
  std::atomic<std::int64_t> cursor_failures{0}; // cursor commits that failed (retried)

  void set_error(std::string text) {
    std::lock_guard lock(mu_);
    last_error_ = std::move(text);
  }
  std::string last_error() const {
    std::lock_guard lock(mu_);
    return last_error_;
  }

 private:
  mutable std::mutex mu_;
  std::string last_error_;  // guarded by mu_; "" while connected
};

}  // namespace lanecast::forward
