#include "daemon/ctl/simulator.h"

#include <algorithm>
#include <cstdint>
#include <queue>
#include <thread>

#include "daemon/core/timestamp.h"

namespace lanecast::ctl {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kFailuresKept = 10;
constexpr auto kSleepSlice = std::chrono::milliseconds(100);

enum class StepKind { kEntered, kPriceDraft, kCheckoutDraft, kCheckoutCompleted, kLeft, kPriceReview, kCheckoutReviewed };

struct Step {
  Clock::time_point due;
  std::uint64_t order = 0;  // ties broken by planning order
  std::int64_t trip = 0;
  StepKind kind = StepKind::kEntered;
  bool last = false;        // the trip is over after this step

  bool operator>(const Step& other) const { return due != other.due ? due > other.due : order > other.order; }
};

struct TripState {
  TripPlan plan;
  PricedCart priced;  // what the mutator answered, once it has
  bool cart_from_mutator = false;  // the mutator answered with a usable cart
};

// One webhook, or for zone steps one per group member.
struct Request {
  const char* kind;
  std::string path;
  std::vector<std::string> bodies;
};

std::vector<std::string> member_bodies(const TripPlan& plan, std::int64_t now_us) {
  std::vector<std::string> bodies;
  for (int member = 0; member < plan.group_size; ++member)
    bodies.push_back(zone_body(plan, member, now_us));
  return bodies;
}

// Plans trips lazily, so that a run without end holds only the trips under way.
class Schedule {
 public:
  Schedule(const SimulatorOptions& options, Clock::time_point start)
      : options_(options), start_(start), random_(options.seed), lane_free_(static_cast<std::size_t>(options.lanes), start) {}

  bool done() const { return steps_.empty() && !more_trips(); }
  bool more_trips() const { return !stopped_ && (options_.trips == 0 || planned_ < options_.trips); }
  void stop() { stopped_ = true; }

  // The next step due, planning trips that start before it (strictly: a trip starting at the
  // same moment waits its turn, so an unpaced endless run still makes progress).
  Step next() {
    while (more_trips() && (steps_.empty() || next_start() < steps_.top().due)) plan_next();
    Step step = steps_.top();
    steps_.pop();
    return step;
  }

  std::map<std::int64_t, TripState>& trips() { return trips_; }

 private:
  Clock::time_point nominal_start(std::int64_t index) const {
    if (options_.trips_per_minute <= 0) return start_;
    return start_ + std::chrono::milliseconds(index * 60'000 / options_.trips_per_minute);
  }
  // The lane free first; among lanes free at the same moment, the one after the lane used
  // last, so that every screen gets its turn.
  std::size_t free_lane() const {
    std::size_t best = (last_lane_ + 1) % lane_free_.size();
    for (std::size_t i = 1; i < lane_free_.size(); ++i) {
      const std::size_t lane = (last_lane_ + 1 + i) % lane_free_.size();
      if (lane_free_[lane] < lane_free_[best]) best = lane;
    }
    return best;
  }
  // Peeks at the start of the trip planned next; a review needs no lane.
  Clock::time_point next_start() const { return std::max(nominal_start(planned_), lane_free_[free_lane()]); }

  void push(Clock::time_point due, std::int64_t trip, StepKind kind, bool last = false) {
    steps_.push(Step{due, order_++, trip, kind, last});
  }

  void plan_next() {
    const std::int64_t index = planned_++;
    TripState state;
    state.plan = plan_trip(random_, options_.first_order_id, index, options_.odds, now_micros());
    const auto d = options_.step;
    if (state.plan.review) {
      const auto at = nominal_start(index);
      push(at, index, StepKind::kPriceReview);
      push(at + d, index, StepKind::kCheckoutReviewed, true);
    } else {
      const std::size_t lane = free_lane();
      const auto at = std::max(nominal_start(index), lane_free_[lane]);
      state.plan.zone = std::to_string(lane + 1);
      push(at, index, StepKind::kEntered);
      push(at + d, index, StepKind::kPriceDraft);
      push(at + 2 * d, index, StepKind::kCheckoutDraft);
      push(at + 3 * d, index, StepKind::kCheckoutCompleted);
      push(at + 4 * d, index, StepKind::kLeft, true);
      lane_free_[lane] = at + 5 * d;  // a moment of idle screen between two groups
      last_lane_ = lane;
    }
    trips_.emplace(index, std::move(state));
  }

  const SimulatorOptions& options_;
  Clock::time_point start_;
  std::mt19937_64 random_;
  std::vector<Clock::time_point> lane_free_;
  std::priority_queue<Step, std::vector<Step>, std::greater<Step>> steps_;
  std::map<std::int64_t, TripState> trips_;
  std::int64_t planned_ = 0;
  std::uint64_t order_ = 0;
  std::size_t last_lane_ = SIZE_MAX;
  bool stopped_ = false;
};

const PricedCart& cart_for_checkout(TripState& trip) {
  if (!trip.priced.cart) trip.priced = unpriced_cart(trip.plan);
  return trip.priced;
}

Request request_for(StepKind kind, TripState& trip, std::int64_t now_us) {
  const TripPlan& plan = trip.plan;
  switch (kind) {
    case StepKind::kEntered:
      return {"zone_entered", "/aifi/checkout-zone/entered", member_bodies(plan, now_us)};
    case StepKind::kLeft:
      return {"zone_left", "/aifi/checkout-zone/left", member_bodies(plan, now_us)};
    case StepKind::kPriceDraft:
      return {"cart_mutator", "/aifi/cart-mutator", {mutator_body(plan, "draft", now_us)}};
    case StepKind::kPriceReview:
      return {"cart_mutator", "/aifi/cart-mutator", {mutator_body(plan, "reviewed", now_us)}};
    case StepKind::kCheckoutDraft:
      return {"checkout", "/aifi/checkout", {checkout_body(plan, "draft", cart_for_checkout(trip), now_us)}};
    case StepKind::kCheckoutCompleted:
      return {"checkout", "/aifi/checkout", {checkout_body(plan, "completed", cart_for_checkout(trip), now_us)}};
    case StepKind::kCheckoutReviewed:
      return {"checkout", "/aifi/checkout", {checkout_body(plan, "reviewed", cart_for_checkout(trip), now_us)}};
  }
  return {"checkout", "/aifi/checkout", {}};
}

void wait_until(Clock::time_point due, const volatile std::sig_atomic_t& stop) {
  while (stop == 0) {
    const auto now = Clock::now();
    if (now >= due) return;
    std::this_thread::sleep_for(std::min<Clock::duration>(due - now, kSleepSlice));
  }
}

}  // namespace

std::int64_t SimulationReport::failed() const {
  std::int64_t failed = 0;
  for (const auto& [kind, counts] : requests) failed += counts.failed;
  return failed;
}

Simulator::Simulator(HttpClient& client, SimulatorOptions options) : client_(client), options_(std::move(options)) {}

SimulationReport Simulator::run(const volatile std::sig_atomic_t& stop, Progress& progress) {
  SimulationReport report;
  const auto started = Clock::now();
  Schedule schedule(options_, started);
  while (!schedule.done()) {
    if (stop != 0) schedule.stop();
    if (schedule.done()) break;
    const Step step = schedule.next();
    wait_until(step.due, stop);
    TripState& trip = schedule.trips().at(step.trip);
    const Request request = request_for(step.kind, trip, now_micros());
    RequestCounts& counts = report.requests[request.kind];
    for (const std::string& body : request.bodies) {
      ++counts.sent;
      auto response = client_.post_json(request.path, body, options_.token);
      const bool ok = response.is_ok() && response->status / 100 == 2;
      ++(ok ? counts.ok : counts.failed);
      if (!ok && report.failures.size() < kFailuresKept) {
        report.failures.push_back(std::string(request.kind) + " " + request.path + ": " +
                                  (response.is_ok() ? describe_response(*response) : response.status().message()));
      }
      const bool pricing = step.kind == StepKind::kPriceDraft || step.kind == StepKind::kPriceReview;
      if (ok && pricing) trip.cart_from_mutator = priced_cart_from_answer(response->body, &trip.priced);
    }
    if (step.kind == StepKind::kCheckoutCompleted || step.kind == StepKind::kCheckoutReviewed) {
      report.carts_from_mutator += trip.cart_from_mutator ? 1 : 0;
    }
    if (!step.last) continue;
    ++report.trips;
    report.reviews += trip.plan.review ? 1 : 0;
    report.order_ids.push_back(trip.plan.order_id);
    schedule.trips().erase(step.trip);
    progress.advance();
  }
  report.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  return report;
}

}  // namespace lanecast::ctl
