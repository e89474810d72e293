// The trip simulator: plays planned shopping trips against a running lanecastd, on several
// lanes at once, at a steady rate.
//
// A trip on a lane: zone entered (one copy per group member), cart-mutator request, checkout
// draft, checkout completed, zone left (one copy per member), `step` apart; the completed
// checkout carries the cart and totals the daemon's mutator answered, as AiFi's would. A lane
// takes its next group once the last one has left. Review trips (contested orders from days
// ago) need no lane: a reviewed mutator request, then the reviewed checkout.
//
// Thread: run() on one thread; it sends one request at a time through the given client.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "daemon/ctl/daemon_client.h"
#include "daemon/ctl/progress.h"
#include "daemon/ctl/trip.h"

namespace lanecast::ctl {

struct SimulatorOptions {
  std::int64_t trips = 10;           // 0: until stopped
  int lanes = 3;                     // checkout zones "1".."lanes"
  int trips_per_minute = 30;         // 0: as fast as the lanes allow
  std::chrono::milliseconds step{1500};  // between the webhooks of one trip
  std::uint64_t seed = 1;
  std::int64_t first_order_id = 1;
  PlanOdds odds;
  std::string token;                 // webhook bearer token; "" sends none
};

struct RequestCounts {
  std::int64_t sent = 0;
  std::int64_t ok = 0;      // answered 2xx
  std::int64_t failed = 0;  // another status, or no answer
};

struct SimulationReport {
  std::int64_t trips = 0;    // trips played to the end
  std::int64_t reviews = 0;  // of which reviews
  std::vector<std::int64_t> order_ids;
  std::map<std::string, RequestCounts> requests;  // by webhook kind
  // Final checkouts (completed or reviewed) that carried the cart and totals of the daemon's
  // mutator answer (priced, or echoed unchanged when the daemon has no rules).
  std::int64_t carts_from_mutator = 0;
  std::vector<std::string> failures;  // the first few, for people
  std::int64_t elapsed_ms = 0;

  std::int64_t failed() const;
};

class Simulator {
 public:
  Simulator(HttpClient& client, SimulatorOptions options);

  // Plays trips until the count is reached or `stop` becomes non-zero (a signal handler
  // sets it); a trip under way when stopped is finished first.
  SimulationReport run(const volatile std::sig_atomic_t& stop, Progress& progress);

 private:
  HttpClient& client_;
  SimulatorOptions options_;
};

}  // namespace lanecast::ctl
