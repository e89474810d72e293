#include "daemon/app/webhook_routes.h"

#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

using webhooks::WebhookKind;

// What a webhook's intake needs of its request, so that it can move to another thread.
struct Arrival {
  WebhookKind kind;
  std::string path;
  std::string body;
  std::int64_t received_at_us;
};

Result<Intake> intake_for(Arrival& arrival, WebhookContext& context) {
  const auto mutator = context.mutator.get();
  switch (arrival.kind) {
    case WebhookKind::kCheckout:
      return intake_checkout(arrival.path, std::move(arrival.body), arrival.received_at_us,
                             context.settings, *mutator);
    case WebhookKind::kZoneEntered:
    case WebhookKind::kZoneLeft:
      return intake_zone_event(arrival.path, std::move(arrival.body),
                               arrival.kind == WebhookKind::kZoneEntered, arrival.received_at_us,
                               context.settings, *mutator);
    case WebhookKind::kCartMutator:
      return intake_cart_mutator(arrival.path, std::move(arrival.body), arrival.received_at_us,
                                 context.settings, *mutator);
  }
  return Status::internal("unknown webhook kind");
}

// One line per webhook: kind, order/session, status, HTTP code, microseconds.
void log_webhook(const IntakeSummary& summary, unsigned int http_status, bool duplicate,
                 std::int64_t started_us, const std::string& problem) {
  const std::int64_t elapsed = now_micros() - started_us;
  const log::Level level = http_status >= 500   ? log::Level::kWarning
                           : http_status >= 400 ? log::Level::kNotice
                                                : log::Level::kInfo;
  log::write(level, "webhook %s order=%s session=%s status=%s http=%u us=%lld%s%s%s",
             webhooks::kind_name(summary.kind),
             summary.order_id.empty() ? "-" : summary.order_id.c_str(),
             summary.session_id.empty() ? "-" : summary.session_id.c_str(),
             summary.status.empty() ? "-" : summary.status.c_str(), http_status,
             static_cast<long long>(elapsed), duplicate ? " duplicate" : "",
             problem.empty() ? "" : " problem=", problem.c_str());
}

// AiFi fails silently when it cannot use a mutation: the completed order's total then differs
// from what lanecast answered. Staff should know, since the shopper paid the unmutated cart.
void flag_skipped_mutation(const IntakeSummary& summary, std::int64_t answered_total,
                           WebhookStats& stats, ScreenFeed& screens) {
  stats.count_mutation_skipped();
  LOG_WARNING("order %s completed with a total other than the cart mutator's answer (%lld minor "
              "units): AiFi skipped the mutation", summary.order_id.c_str(),
              static_cast<long long>(answered_total));
  std::int64_t order_id = 0;
  for (char c : summary.order_id) order_id = order_id * 10 + (c - '0');
  std::string text = "order " + summary.order_id +
                     " was completed without lanecast's pricing (its total differs from the "
                     "cart mutator's answer)";
  screens.post([text = std::move(text), order_id, at = now_micros()](display::LaneHub& hub) {
    hub.raise_alert(display::AlertKind::kMutationSkipped, text, at, {}, order_id);
  });
}

void handle_webhook(Arrival& arrival, std::shared_ptr<http::Reply> reply, WebhookContext& context) {
  const WebhookKind kind = arrival.kind;
  const std::int64_t started = arrival.received_at_us;
  auto intake = intake_for(arrival, context);
  if (!intake.is_ok()) {
    http::HttpAnswer answer = http::answer_for_status(intake.status());
    log_webhook(IntakeSummary{kind, "", "", ""}, answer.status, false, started,
                intake.status().message());
    const std::int64_t now = now_micros();
    context.stats.record(kind, answer.status, false, now, now - started);
    reply->send(std::move(answer));
    return;
  }
  IntakeSummary summary = std::move(intake->summary);
  WebhookStats& stats = context.stats;
  ScreenFeed& screens = context.screens;
  context.writer.submit(
      std::move(intake->record),
      [reply = std::move(reply), summary = std::move(summary), show = std::move(intake->show),
       started, &stats, &screens](Result<storage::StoredAnswer> stored) mutable {
        http::HttpAnswer answer;
        bool duplicate = false;
        if (stored.is_ok()) {
          duplicate = stored->duplicate;
          answer = http::json_answer(static_cast<unsigned int>(stored->http_status),
                                     std::move(stored->answer));
        } else {
          answer = http::answer_for_status(stored.status());
        }
        log_webhook(summary, answer.status, duplicate, started,
                    stored.is_ok() ? std::string() : stored.status().to_string());
        const std::int64_t now = now_micros();
        stats.record(summary.kind, answer.status, duplicate, now, now - started);
        reply->send(std::move(answer));
        // After the answer: screens never delay AiFi, and show only what is committed.
        if (stored.is_ok() && !duplicate && show) screens.post(std::move(show));
        if (stored.is_ok() && !duplicate && summary.mutation_fell_back) stats.count_mutator_fallback();
        if (stored.is_ok() && stored->skipped_mutation_total)
          flag_skipped_mutation(summary, *stored->skipped_mutation_total, stats, screens);
      });
}

// Small bodies are read here, on the HTTP thread; large ones on the intake threads.
void receive_webhook(WebhookKind kind, http::Request& request, std::shared_ptr<http::Reply> reply,
                     WebhookContext& context) {
  Arrival arrival{kind, request.path, std::move(request.body), request.received_at_us};
  if (arrival.body.size() < kOffloadFromBytes) {
    handle_webhook(arrival, std::move(reply), context);
    return;
  }
  context.intake_threads.post(
      [arrival = std::move(arrival), reply = std::move(reply), &context]() mutable {
        handle_webhook(arrival, std::move(reply), context);
      });
}

void add_one(http::Router& router, std::string path, WebhookKind kind, WebhookContext& context) {
  router.add(http::Route{"POST", std::move(path), http::Access::kWebhook, true,
                         [kind, &context](http::Request& request, std::shared_ptr<http::Reply> reply) {
                           receive_webhook(kind, request, std::move(reply), context);
                         }});
}

}  // namespace

void add_webhook_routes(http::Router& router, const WebhookPaths& paths, WebhookContext& context) {
  add_one(router, paths.checkout, WebhookKind::kCheckout, context);
  add_one(router, paths.cart_mutator, WebhookKind::kCartMutator, context);
  add_one(router, paths.checkout_zone + "/entered", WebhookKind::kZoneEntered, context);
  add_one(router, paths.checkout_zone + "/left", WebhookKind::kZoneLeft, context);
}

}  // namespace lanecast::app
