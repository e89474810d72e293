// How long to wait before the next connection attempt: exponential with "full jitter" (a
// uniformly random wait between half and all of the current step), so a thousand stores
// that lost the broker together do not come back in the same second.
//
// Thread: one owner (the forwarder thread). Deterministic for a given seed (tests).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace lanecast::forward {

class Backoff {
 public:
  // Steps: first, 2*first, 4*first, ... up to max. first >= 1 ms; max >= first.
  Backoff(std::chrono::milliseconds first, std::chrono::milliseconds max, std::uint64_t seed);

  // The wait before the next attempt; each call doubles the step, up to max.
  std::chrono::milliseconds next();
  // A connection was established: the next failure starts from the first step again.
  void reset() { step_ = first_; }
  std::chrono::milliseconds current_step() const { return step_; }

 private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds step_;
  std::mt19937_64 random_;
};

}  // namespace lanecast::forward
