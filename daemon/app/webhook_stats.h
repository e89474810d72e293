// Counts of webhooks by kind and answer, and when each kind last arrived: for /healthz,
// the staff page and metrics.
//
// Thread: record() from the storage writer's completions and the libmicrohttpd thread;
// snapshot() from anywhere. Lock-free counters.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "daemon/webhooks/events.h"

namespace lanecast::app {

class WebhookStats {
 public:
  static constexpr std::size_t kKinds = 4;

  struct KindCounts {
    std::uint64_t accepted = 0;    // 2xx, new
    std::uint64_t duplicates = 0;  // 2xx, redelivery of something stored
    std::uint64_t rejected = 0;    // 4xx
    std::uint64_t failed = 0;      // 5xx
    std::int64_t last_at_us = 0;   // last 2xx
  };

  void record(webhooks::WebhookKind kind, unsigned int http_status, bool duplicate,
              std::int64_t now_us);
  KindCounts counts(webhooks::WebhookKind kind) const;

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
  };
  std::array<Slot, kKinds> slots_;
  std::atomic<std::uint64_t> mutator_fallbacks_{0};
  std::atomic<std::uint64_t> mutation_skips_{0};
};

}  // namespace lanecast::app
