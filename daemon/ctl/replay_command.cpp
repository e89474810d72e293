// lanecastctl replay: send stored webhooks again, in their order, to another daemon.
#include <thread>

#include "daemon/ctl/commands.h"
#include "daemon/ctl/event_source.h"
#include "daemon/ctl/progress.h"
#include "daemon/ctl/records_json.h"

namespace lanecast::ctl {
namespace {

constexpr int kPage = 500;
constexpr std::size_t kFailuresKept = 10;

constexpr OptionSpec kOptions[] = {
    {"to", "URL", "the daemon to send the webhooks to (required), e.g. a staging one"},
    {"from", "URL", "read the events from this daemon's /api/events instead of --db"},
    {"after", "SEQ", "start after this sequence number (default 0: from the first event)"},
    {"until", "SEQ", "stop after this sequence number"},
    {"rate", "N", "at most N webhooks a second (default 0: as fast as the target answers)"},
};

struct ReplayCounts {
  std::int64_t sent = 0, ok = 0, failed = 0, skipped = 0, same_answer = 0, other_answer = 0;
  std::int64_t last_seq = 0;
  std::vector<std::string> failures;
};

struct ReplayPlan {
  std::int64_t after = 0;
  std::int64_t until = INT64_MAX;
  std::int64_t per_second = 0;
};

// Sends one event as AiFi sent it: same path, same bytes.
Status send_event(HttpClient& target, const Context& context, const storage::StoredEvent& event, ReplayCounts& counts) {
  counts.last_seq = event.seq;
  if (event.body.empty()) {  // retention dropped it: nothing to send
    ++counts.skipped;
    return Status::ok();
  }
  ++counts.sent;
  auto response = target.post_json(event.path, event.body, context.webhook_token);
  if (!response.is_ok()) return response.status();  // the target is gone: stop here
  if (response->status / 100 != 2) {
    ++counts.failed;
    if (counts.failures.size() < kFailuresKept) {
      counts.failures.push_back("#" + std::to_string(event.seq) + " " + event.kind + ": " + describe_response(*response));
    }
    return Status::ok();
  }
  ++counts.ok;
  ++(response->body == event.answer ? counts.same_answer : counts.other_answer);
  return Status::ok();
}

Status replay(EventSource& source, HttpClient& target, const Context& context, const ReplayPlan& plan,
              ReplayCounts& counts) {
  Progress progress("replay", source.total_estimate());
  const auto started = std::chrono::steady_clock::now();
  std::int64_t after = plan.after;
  for (;;) {
    auto page = source.page(after, kPage);
    if (!page.is_ok()) return page.status();
    if (page->empty()) return Status::ok();
    for (const auto& event : *page) {
      if (event.seq > plan.until) return Status::ok();
      if (plan.per_second > 0) {
        std::this_thread::sleep_until(started + std::chrono::microseconds(counts.sent * 1'000'000 / plan.per_second));
      }
      Status status = send_event(target, context, event, counts);
      if (!status.is_ok()) return status;
      progress.set(counts.sent + counts.skipped);
    }
    after = page->back().seq;
  }
}

int print_counts(const Context& context, const EventSource& source, const Url& to, const ReplayCounts& c,
                 const Status& outcome) {
  if (context.json) {
    JsonPtr root(cJSON_CreateObject());
    cJSON_AddStringToObject(root.get(), "source", source.describe().c_str());
    cJSON_AddStringToObject(root.get(), "target", to.to_string().c_str());
    add_integer(root.get(), "sent", c.sent);
    add_integer(root.get(), "ok", c.ok);
    add_integer(root.get(), "failed", c.failed);
    add_integer(root.get(), "skipped", c.skipped);
    add_integer(root.get(), "sameAnswer", c.same_answer);
    add_integer(root.get(), "otherAnswer", c.other_answer);
    add_integer(root.get(), "lastSeq", c.last_seq);
    cJSON* failures = cJSON_AddArrayToObject(root.get(), "failures");
    for (const auto& f : c.failures) cJSON_AddItemToArray(failures, cJSON_CreateString(f.c_str()));
    if (!outcome.is_ok()) cJSON_AddStringToObject(root.get(), "error", outcome.message().c_str());
    write_json(root.get());
  } else {
    std::string out = "replayed " + std::to_string(c.sent) + " webhooks from " + source.describe() + " to " +
                      to.to_string() + " (through seq " + std::to_string(c.last_seq) + "): " + std::to_string(c.ok) +
                      " accepted, " + std::to_string(c.failed) + " refused, " + std::to_string(c.skipped) +
                      " skipped (bodies dropped by retention)\n" + std::to_string(c.same_answer) +
                      " answered exactly as stored, " + std::to_string(c.other_answer) +
                      " answered differently (other rules, prefix or settings on the target)\n";
    for (const auto& f : c.failures) out += "refused: " + f + "\n";
    write_out(out);
    if (!outcome.is_ok()) fail("replay stopped: " + outcome.message());
  }
  return outcome.is_ok() && c.failed == 0 ? kExitOk : kExitFailure;
}

Result<ReplayPlan> plan_from(const Args& args) {
  ReplayPlan plan;
  auto after = args.integer("after", 0, 0, INT64_MAX);
  auto until = args.integer("until", INT64_MAX, 0, INT64_MAX);
  auto rate = args.integer("rate", 0, 0, 1'000'000);
  for (const auto* value : {&after, &until, &rate}) {
    if (!value->is_ok()) return value->status();
  }
  plan.after = *after;
  plan.until = *until;
  plan.per_second = *rate;
  return plan;
}

int run_replay(const Context& context, const Args& args) {
  if (!args.has("to")) return usage_error("replay needs --to URL");
  auto to = parse_url(*args.value("to"));
  if (!to.is_ok()) return usage_error(to.status().message());
  to->ca_file = context.url.ca_file;
  auto plan = plan_from(args);
  if (!plan.is_ok()) return usage_error(plan.status().message());
  std::unique_ptr<EventSource> source;
  if (const std::string* from = args.value("from")) {
    auto url = parse_url(*from);
    if (!url.is_ok()) return usage_error(url.status().message());
    url->ca_file = context.url.ca_file;
    source = http_source(*url, context.timeout, context.staff_token);
  } else {
    auto db = database_source(context.db_path);
    if (!db.is_ok()) return fail(db.status().message());
    source = std::move(db).value();
  }
  HttpClient target(*to, context.timeout);
  ReplayCounts counts;
  const Status outcome = replay(*source, target, context, *plan, counts);
  return print_counts(context, *source, *to, counts, outcome);
}

}  // namespace

const Command& replay_command() {
  static const Command command{
      "replay", "replay --to URL [--from URL] [--after SEQ] [--until SEQ] [--rate N]",
      "send stored webhooks again, in order, with their original bodies, to another daemon",
      "Reads the events from the database (--db) or from a daemon's /api/events (--from, with\n"
      "--staff-token off loopback) and posts each body, byte for byte, to the same path on --to,\n"
      "with --token (or $LANECAST_TOKEN). The target stores and answers them as new webhooks: its\n"
      "own dedupe makes a second replay harmless. Events whose body retention has dropped are\n"
      "skipped. Answers are compared with the stored ones. Stops when the target cannot be\n"
      "reached; exits 1 if any webhook was refused.\n",
      kOptions, run_replay};
  return command;
}

}  // namespace lanecast::ctl
