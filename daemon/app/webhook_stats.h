// Counts of webhooks by kind and answer, answer-latency histograms, and when each kind last
// arrived: for /healthz, /metrics and the staff page.
//
// Thread: record() from the storage writer's completions and the libmicrohttpd thread;
// everything else from anywhere. Lock-free counters.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "daemon/webhooks/events.h"

namespace lanecast::app {

class WebhookStats {
 public:
  static constexpr std::size_t kKinds = 4;
  // The HTTP statuses a webhook can get, in the order metrics list them; anything else is
  // counted under the last slot.
  static constexpr std::array<unsigned, 8> kStatuses = {200, 400, 401, 404, 413, 415, 500, 503};
  static constexpr std::size_t kOtherStatus = kStatuses.size();
  // Upper bounds of the answer-latency buckets, in microseconds (the last is +Inf).
  static constexpr std::array<std::int64_t, 11> kLatencyBoundsUs = {
      250, 500, 1'000, 2'000, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 1'000'000};

  struct KindCounts {
    std::uint64_t accepted = 0;    // 2xx, new
    std::uint64_t duplicates = 0;  // 2xx, redelivery of something stored
    std::uint64_t rejected = 0;    // 4xx
    std::uint64_t failed = 0;      // 5xx
    std::int64_t last_at_us = 0;   // last 2xx
  };

  struct Latency {
    std::array<std::uint64_t, kLatencyBoundsUs.size() + 1> buckets{};  // not cumulative
    std::uint64_t count = 0;
    std::int64_t sum_us = 0;
  };

  void record(webhooks::WebhookKind kind, unsigned int http_status, bool duplicate,
              std::int64_t now_us, std::int64_t latency_us = -1);
  KindCounts counts(webhooks::WebhookKind kind) const;
  // How many answers of `kind` had the status in slot `status_slot` (see kStatuses).
  std::uint64_t by_status(webhooks::WebhookKind kind, std::size_t status_slot) const;
  Latency latency(webhooks::WebhookKind kind) const;

  // Cart mutations answered unchanged because pricing failed, and completed orders that show
  // AiFi went ahead without lanecast's mutation.
  void count_mutator_fallback() { mutator_fallbacks_++; }
  void count_mutation_skipped() { mutation_skips_++; }
  std::uint64_t mutator_fallbacks() const { return mutator_fallbacks_.load(); }
  std::uint64_t mutation_skips() const { return mutation_skips_.load(); }

 private:
  struct Slot {
    std::atomic<std::uint64_t> accepted{0}, duplicates{0}, rejected{0}, failed{0};
    std::atomic<std::int64_t> last_at_us{0};
    std::array<std::atomic<std::uint64_t>, kStatuses.size() + 1> statuses{};
    std::array<std::atomic<std::uint64_t>, kLatencyBoundsUs.size() + 1> latency{};
    std::atomic<std::uint64_t> latency_count{0};
    std::atomic<std::int64_t> latency_sum_us{0};
  };
  std::array<Slot, kKinds> slots_;
  std::atomic<std::uint64_t> mutator_fallbacks_{0};
  std::atomic<std::uint64_t> mutation_skips_{0};
};

}  // namespace lanecast::app
