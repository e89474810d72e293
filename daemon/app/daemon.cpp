#include "daemon/app/daemon.h"

#include <memory>

#include "daemon/app/display_routes.h"
#include "daemon/app/health_route.h"
#include "daemon/app/housekeeping.h"
#include "daemon/app/main_loop.h"
#include "daemon/app/metrics_route.h"
#include "daemon/app/mutator_setup.h"
#include "daemon/app/read_routes.h"
#include "daemon/app/screens.h"
#include "daemon/app/webhook_routes.h"
#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"
#include "daemon/http/server.h"
#include "daemon/systemd/notifier.h"
#include "daemon/systemd/signals.h"
#include "storage/database.h"
#include "storage/reader.h"
#include "storage/writer.h"

namespace lanecast::app {
namespace {

constexpr int kExitFailure = 1;

http::ServerOptions server_options(const config::Config& config) {
  http::ServerOptions options;
  options.max_body_bytes = config.http_max_body_bytes;
  options.connection_timeout_s = config.http_connection_timeout_s;
  options.request_deadline_s = config.http_request_deadline_s;
  options.max_connections = config.http_max_connections;
  options.max_connections_per_ip = config.http_max_connections_per_ip;
  options.connection_memory_bytes = config.http_connection_memory_bytes;
  options.threads = config.http_threads;
  options.trust_loopback = config.auth_trust_loopback == "yes";
  return options;
}

IntakeSettings intake_settings(const config::Config& config) {
  IntakeSettings settings;
  settings.decimals = config.store_decimals;
  settings.order_prefix = config.store_order_prefix;
  settings.forced_payment_status = config.checkout_payment_status;
  return settings;
}

void announce_auth(const config::Config& config, const http::Listener& listener) {
  const auto tokens = config.webhook_tokens();
  if (!tokens.empty()) {
    LOG_INFO("webhooks require one of %zu bearer token(s)", tokens.size());
  } else if (listener.is_loopback()) {
    LOG_WARNING("no webhook token configured: accepting unauthenticated webhooks because the "
                "listener %s is loopback", listener.description().c_str());
  } else {
    LOG_WARNING("no webhook token configured and the listener %s is not loopback: every "
                "webhook will be refused with 401 until auth.tokens or auth.token_file is set",
                listener.description().c_str());
  }
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

  WebhookStats stats;
  const IntakeSettings settings = intake_settings(config);
  MutatorSlot mutator;
  if (Status loaded = install_mutator(config, load_options.config_dir, mutator); !loaded.is_ok()) {
    LOG_ERROR("%s", loaded.message().c_str());
    return kExitFailure;
  }
  http::Authenticator auth;
  auth.replace(config.webhook_tokens(), config.staff_tokens());

  auto listener = http::Listener::open(config.http_listen);
  if (!listener.is_ok()) {
    LOG_ERROR("cannot listen: %s", listener.status().to_string().c_str());
    return kExitFailure;
  }
  announce_auth(config, *listener);

  http::Router router;
  WebhookContext webhook_context{writer, stats, settings, mutator, screen_feed};
  add_webhook_routes(router,
                     {config.webhooks_checkout_path, config.webhooks_cart_mutator_path,
                      config.webhooks_checkout_zone_path},
                     webhook_context);
  ReadContext read_context{reader, config.store_decimals};
  add_read_routes(router, read_context);
  DisplayContext display_context{display.hub(),        display.streams(), reader,
                                 config.store_decimals, display.page_config_json(),
                                 display.logo(),       display.logo_type()};
  add_display_routes(router, display_context);
  HealthContext health_context{writer, stats, display.streams(), started_at, config.storage_path, {}};
  add_health_route(router, health_context);
  HousekeepingGauges gauges;
  MetricsContext metrics_context{stats, writer, display.streams(), display.hub(), gauges,
                                 config.storage_path, {}, [&display] { return display.pole_stats(); }};
  add_metrics_route(router, metrics_context);

  auto server = http::Server::start(server_options(config), router, auth, *listener);
  if (!server.is_ok()) {
    LOG_ERROR("cannot start the HTTP server: %s", server.status().to_string().c_str());
    return kExitFailure;
  }
  health_context.open_connections = [&server] { return (*server)->open_connections(); };
  metrics_context.server = [&server] { return &(*server)->counters(); };
  Housekeeping chores(config, gauges, screen_feed);

  LOG_NOTICE("lanecastd %s listening on %s%s, database %s", LANECAST_VERSION,
             listener->description().c_str(), listener->inherited() ? " (socket activation)" : "",
             config.storage_path.c_str());
  notifier.ready("serving on " + listener->description());

  MainLoop loop{signals, notifier, **server, writer, auth, mutator, display, chores, load_options};
  loop.run();

  notifier.stopping();
  loop.drain();
  server->reset();  // stops libmicrohttpd; writer, reader and screen feed then drain in turn
  LOG_NOTICE("lanecastd stopped");
  return 0;
}

}  // namespace lanecast::app
