#include "daemon/app/daemon.h"

#include <memory>

#include "daemon/app/display_routes.h"
#include "daemon/app/health_route.h"
#include "daemon/app/housekeeping.h"
#include "daemon/app/listeners.h"
#include "daemon/app/main_loop.h"
#include "daemon/app/metrics_route.h"
#include "daemon/app/mutator_setup.h"
#include "daemon/app/read_routes.h"
#include "daemon/app/screens.h"
#include "daemon/app/webhook_routes.h"
#include "daemon/core/job_threads.h"
#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"
#include "daemon/forward/forwarder.h"
#include "daemon/http/server_set.h"
#include "daemon/systemd/notifier.h"
#include "daemon/systemd/signals.h"
#include "storage/database.h"
#include "storage/forward_outbox.h"
#include "storage/reader.h"
#include "storage/writer.h"

namespace lanecast::app {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitConfig = 78;  // EX_CONFIG: the unit does not restart into the same mistake

IntakeSettings intake_settings(const config::Config& config) {
  IntakeSettings settings;
  settings.decimals = config.store_decimals;
  settings.order_prefix = config.store_order_prefix;
  settings.forced_payment_status = config.checkout_payment_status;
  return settings;
}

}  // namespace

int run_daemon(const config::Config& config, const config::LoadOptions& load_options) {
  const std::int64_t started_at = now_micros();
  log::set_max_level(log::level_from_name(config.log_level));
  systemd::Signals signals;  // first: every thread started later inherits the blocked mask
  systemd::Notifier notifier;

  // The screens outlive the storage writer: its last completions still feed them.
  auto screens = Screens::start(config, started_at);
  if (!screens.is_ok()) {
    LOG_ERROR("cannot start the screens: %s", screens.status().message().c_str());
    return kExitFailure;
  }
  Screens& display = **screens;
  ScreenFeed screen_feed(display.hub());

  notifier.status("opening the database");
  auto database = storage::open_database({config.storage_path, config.storage_busy_timeout_ms, false});
  if (!database.is_ok()) {
    LOG_ERROR("cannot use the database: %s", database.status().to_string().c_str());
    notifier.status("database error: " + database.status().message());
    return kExitFailure;
  }
  storage::WriterOptions writer_options;
  writer_options.max_batch = static_cast<std::size_t>(config.storage_max_batch);
  storage::Writer writer(std::move(*database), config.storage_path, writer_options);
  storage::Reader reader(config.storage_path);

  // The forwarder reads the journal through a connection of its own; it stops before the
  // writer does (reverse order), storing its cursor on the way out.
  forward::ForwardStats forward_stats;
  auto forward_plan = forward::forward_plan(config);
  if (!forward_plan.is_ok()) {
    LOG_ERROR("configuration error: %s", forward_plan.status().message().c_str());
    return kExitConfig;
  }
  std::unique_ptr<forward::Forwarder> forwarder;
  if (forward_plan->enabled) {
    forwarder = std::make_unique<forward::Forwarder>(forward_plan->settings, forward_stats);
  } else if (Status released = storage::release_forward_hold(config.storage_path,
                                                             config.storage_busy_timeout_ms);
             !released.is_ok()) {
    LOG_WARNING("cannot release the forwarding hold on retention: %s", released.to_string().c_str());
  }

  WebhookStats stats;
  const IntakeSettings settings = intake_settings(config);
  MutatorSlot mutator;
  if (Status loaded = install_mutator(config, load_options.config_dir, mutator); !loaded.is_ok()) {
    LOG_ERROR("%s", loaded.message().c_str());
    return kExitFailure;
  }
  http::Authenticator auth;
  auth.replace(config.webhook_tokens(), config.staff_tokens());
  auth.replace_own_hosts(own_hosts(config));

  auto listeners = open_listeners(config);
  if (!listeners.is_ok()) {
    LOG_ERROR("cannot listen: %s", listeners.status().to_string().c_str());
    return listeners.status().kind() == Status::Kind::kInvalidInput ? kExitConfig : kExitFailure;
  }

  // Large webhooks are read and priced here (webhook_routes.h). Declared after everything its
  // jobs use, so it finishes them before those go.
  JobThreads intake_threads(static_cast<std::size_t>(config.http_intake_threads));
  http::Router router;
  WebhookContext webhook_context{writer, stats, settings, mutator, screen_feed, intake_threads};
  add_webhook_routes(router,
                     {config.webhooks_checkout_path, config.webhooks_cart_mutator_path,
                      config.webhooks_checkout_zone_path},
                     webhook_context);
  ReadContext read_context{reader, config.store_decimals};
  add_read_routes(router, read_context);
  DisplayContext display_context{display.hub(),          display.streams(),
                                 display.snapshots(),    reader,
                                 config.store_decimals,  display.page_config_json(),
                                 display.logo(),         display.logo_type()};
  add_display_routes(router, display_context);
  HousekeepingGauges gauges;
  HealthContext health_context{writer, stats, display.streams(), started_at, config.storage_path,
                               {}, {}, nullptr, &forward_stats};
  if (listeners->https) {
    health_context.https_listener = listeners->https->description();
    health_context.certificate_not_after = &gauges.certificate_not_after;
  }
  add_health_route(router, health_context);
  MetricsContext metrics_context{stats, writer, display.streams(), display.hub(), gauges,
                                 config.storage_path, {}, [&display] { return display.pole_stats(); },
                                 &forward_stats};
  add_metrics_route(router, metrics_context);

  // Everything a route reads is in place before the first server starts: a request may
  // arrive the moment its socket is served, and /healthz must not see a half-wired daemon.
  http::ServerSet servers;
  health_context.open_connections = [&servers] { return servers.open_connections(); };
  metrics_context.server = [&servers] { return &servers.counters(); };
  Housekeeping chores(config, gauges, screen_feed, listeners->certificate, forward_stats);
  if (Status started = start_servers(config, *listeners, router, auth, servers); !started.is_ok()) {
    LOG_ERROR("cannot start the HTTP server: %s", started.to_string().c_str());
    notifier.status("cannot start: " + started.message());
    return started.kind() == Status::Kind::kInvalidInput ? kExitConfig : kExitFailure;
  }

  LOG_NOTICE("lanecastd %s listening on %s, database %s", LANECAST_VERSION,
             describe(*listeners).c_str(), config.storage_path.c_str());
  notifier.ready("serving on " + describe(*listeners));

  MainLoop loop{signals, notifier, servers, writer, auth, mutator, display, chores, load_options};
  loop.run();

  notifier.stopping();
  loop.drain();
  servers.stop();  // stops libmicrohttpd; writer, reader and screen feed then drain in turn
  LOG_NOTICE("lanecastd stopped");
  return 0;
}

}  // namespace lanecast::app
