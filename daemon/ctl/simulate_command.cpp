// lanecastctl simulate: realistic shopping trips against a running daemon.
#include <csignal>

#include "daemon/core/timestamp.h"
#include "daemon/ctl/commands.h"
#include "daemon/ctl/records_json.h"
#include "daemon/ctl/simulator.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {
namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int) { g_stop = 1; }

constexpr OptionSpec kOptions[] = {
    {"count", "N", "trips to play (default 10; 0 plays until interrupted)"},
    {"rate", "N", "trips started per minute (default 30; 0 as fast as the lanes allow)"},
    {"lanes", "N", "checkout lanes, zones \"1\" to \"N\" (default 3)"},
    {"step-ms", "MS", "pause between the webhooks of one trip (default 1500)"},
    {"groups", "PERCENT", "trips by a group of 2-4 shoppers, who each send the zone webhooks (default 30)"},
    {"reviews", "PERCENT", "trips that are reviews of an order from days ago (default 10)"},
    {"seed", "N", "random seed: the same seed plans the same trips (default: from the clock)"},
    {"first-order", "ID", "AiFi order id of the first trip (default: from the clock, so runs do not collide)"},
};

Result<SimulatorOptions> options_from(const Context& context, const Args& args) {
  SimulatorOptions options;
  const std::int64_t now_s = now_micros() / 1'000'000;
  auto count = args.integer("count", 10, 0, 100'000'000);
  auto rate = args.integer("rate", 30, 0, 60'000);
  auto lanes = args.integer("lanes", 3, 1, 64);
  auto step = args.integer("step-ms", 1500, 0, 600'000);
  auto groups = args.integer("groups", 30, 0, 100);
  auto reviews = args.integer("reviews", 10, 0, 100);
  auto seed = args.integer("seed", now_s, 0, INT64_MAX);
  auto first = args.integer("first-order", now_s * 1000, 0, INT64_MAX / 2);
  for (const auto* value : {&count, &rate, &lanes, &step, &groups, &reviews, &seed, &first}) {
    if (!value->is_ok()) return value->status();
  }
  options.trips = *count;
  options.trips_per_minute = static_cast<int>(*rate);
  options.lanes = static_cast<int>(*lanes);
  options.step = std::chrono::milliseconds(*step);
  options.odds.group_percent = static_cast<int>(*groups);
  options.odds.review_percent = static_cast<int>(*reviews);
  options.seed = static_cast<std::uint64_t>(*seed);
  options.first_order_id = *first;
  options.token = context.webhook_token;
  return options;
}

int print_report(const Context& context, const SimulatorOptions& options, const SimulationReport& report) {
  if (context.json) {
    JsonPtr root(cJSON_CreateObject());
    add_integer(root.get(), "seed", static_cast<std::int64_t>(options.seed));
    add_integer(root.get(), "trips", report.trips);
    add_integer(root.get(), "reviews", report.reviews);
    add_integer(root.get(), "cartsFromMutator", report.carts_from_mutator);
    cJSON* orders = cJSON_AddArrayToObject(root.get(), "orderIds");
    for (std::int64_t id : report.order_ids) cJSON_AddItemToArray(orders, cJSON_CreateRaw(std::to_string(id).c_str()));
    cJSON* requests = cJSON_AddObjectToObject(root.get(), "requests");
    for (const auto& [kind, counts] : report.requests) {
      cJSON* k = cJSON_AddObjectToObject(requests, kind.c_str());
      add_integer(k, "sent", counts.sent);
      add_integer(k, "ok", counts.ok);
      add_integer(k, "failed", counts.failed);
    }
    cJSON* failures = cJSON_AddArrayToObject(root.get(), "failures");
    for (const auto& failure : report.failures) cJSON_AddItemToArray(failures, cJSON_CreateString(failure.c_str()));
    add_integer(root.get(), "elapsedMs", report.elapsed_ms);
    write_json(root.get());
  } else {
    std::string out = std::to_string(report.trips) + " trips (" + std::to_string(report.reviews) + " reviews) on " +
                      std::to_string(options.lanes) + " lanes against " + context.url.to_string() + " in " +
                      std::to_string(report.elapsed_ms / 1000) + "." + std::to_string(report.elapsed_ms % 1000 / 100) +
                      " s, seed " + std::to_string(options.seed) + "\n";
    if (!report.order_ids.empty()) {
      out += "orders " + std::to_string(options.first_order_id) + " to " +
             std::to_string(options.first_order_id + static_cast<std::int64_t>(report.order_ids.size()) - 1) + ", " +
             std::to_string(report.carts_from_mutator) + " checked out with the cart the daemon's mutator answered\n";
    }
    Table table({"WEBHOOK", ">SENT", ">OK", ">FAILED"});
    for (const auto& [kind, counts] : report.requests) {
      table.add_row({kind, std::to_string(counts.sent), std::to_string(counts.ok), std::to_string(counts.failed)});
    }
    out += "\n" + table.render();
    for (const auto& failure : report.failures) out += "failed: " + failure + "\n";
    write_out(out);
  }
  return report.failed() == 0 ? kExitOk : kExitFailure;
}

int run_simulate(const Context& context, const Args& args) {
  auto options = options_from(context, args);
  if (!options.is_ok()) return usage_error(options.status().message());
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  HttpClient client(context.url, context.timeout);
  Progress progress("simulate", options->trips);
  Simulator simulator(client, *options);
  const SimulationReport report = simulator.run(g_stop, progress);
  progress.finish();
  return print_report(context, *options, report);
}

}  // namespace

const Command& simulate_command() {
  static const Command command{
      "simulate", "simulate [--count N] [--rate N] [--lanes N] [--seed N] [options]",
      "play realistic shopping trips against a running daemon, to watch the screens move",
      "Each trip on a lane sends what AiFi would: checkout zone entered (once per shopper of the\n"
      "group: duplicates are normal), the cart-mutator request, checkout draft, checkout completed\n"
      "with the cart and totals the daemon's mutator answered, and zone left. Reviews are contested\n"
      "orders from days ago: a reviewed mutator request and checkout, timeOfOrigin in the past.\n"
      "The shop is a German convenience store (drinks with Pfand, beer, bread, fruit, dairy) that\n"
      "matches packaging/examples/pricing-de.json. Sends --token (or $LANECAST_TOKEN) as the\n"
      "webhook token. Ctrl-C stops planning trips; the trips under way finish at once.\n"
      "Exits 1 if any webhook failed.\n",
      kOptions, run_simulate};
  return command;
}

}  // namespace lanecast::ctl
