// The memory all request bodies of one server may hold at once, across its connections.
//
// http.max_body_bytes bounds one body; without a bound on their sum, a thousand connections
// each declaring a large body would make the daemon hold a thousand of them. A body takes its
// declared Content-Length (or, chunked, each piece as it arrives) from the budget before a
// byte of it is kept, and gives it back when its request ends; a request that does not fit
// is refused instead of buffered.
//
// Freed bodies stay in the C library's heap, so after a burst the budget also says when the
// heap is worth handing back to the system: once everything taken since the last trim is
// returned and that was a lot.
//
// Thread: take() and give_back() on the libmicrohttpd thread(s); should_trim() on the main
// loop. Lock-free counters.
#pragma once

#include <atomic>
#include <cstdint>

namespace lanecast::http {

class BodyBudget {
 public:
  explicit BodyBudget(std::int64_t limit) : limit_(limit) {}

  // Takes `bytes` when they fit under the limit; false (and nothing taken) when not.
  bool take(std::int64_t bytes);
  void give_back(std::int64_t bytes);
  std::int64_t in_use() const { return in_use_.load(); }
  std::int64_t limit() const { return limit_; }

  // True, once, when nothing is in use and at least `threshold` bytes were taken since the
  // last time it said so.
  bool should_trim(std::int64_t threshold);

 private:
  const std::int64_t limit_;
  std::atomic<std::int64_t> in_use_{0};
  std::atomic<std::int64_t> taken_since_trim_{0};
};

}  // namespace lanecast::http
