#include "daemon/app/main_loop.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "daemon/app/listeners.h"
#include "daemon/app/mutator_setup.h"
#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

constexpr int kTickMs = 1000;
constexpr std::int64_t kDrainLimitUs = 10'000'000;
// How long after its accept a connection that has sent nothing yet still holds up a stop: a
// client connecting over TLS from far away needs a few round trips before its request arrives.
constexpr std::int64_t kFirstRequestGraceUs = 3'000'000;

}  // namespace

MainLoop::MainLoop(systemd::Signals& signals, systemd::Notifier& notifier, http::ServerSet& server,
                   const storage::Writer& writer, http::Authenticator& auth, MutatorSlot& mutator,
                   Screens& screens, Housekeeping& chores, config::LoadOptions load_options)
    : signals_(signals),
      notifier_(notifier),
      server_(server),
      writer_(writer),
      auth_(auth),
      mutator_(mutator),
      screens_(screens),
      chores_(chores),
      load_options_(std::move(load_options)) {}

void MainLoop::run() {
  // Wake often enough to ping the watchdog at least twice per interval.
  const std::int64_t watchdog_us = notifier_.watchdog_interval_us();
  const int tick_ms =
      watchdog_us > 0 ? static_cast<int>(std::min<std::int64_t>(kTickMs, watchdog_us / 4000)) : kTickMs;
  for (;;) {
    const systemd::SignalEvent event = signals_.wait(std::max(tick_ms, 10));
    if (event == systemd::SignalEvent::kTerminate) {
      LOG_NOTICE("stopping: finishing requests in flight");
      return;
    }
    if (event == systemd::SignalEvent::kReload) reload();
    tick(now_micros());
  }
}

void MainLoop::tick(std::int64_t now_us) {
  server_.tick(monotonic_micros());
  screens_.tick(now_us);
  chores_.tick(now_us);
  if (notifier_.watchdog_interval_us() == 0) return;
  if (workers_progressing()) notifier_.watchdog_ping();
}

// The watchdog is fed only while the storage writer's heartbeat moves and no request has
// waited for its answer longer than a watchdog interval: a wedged thread stops the pings and
// systemd restarts the service.
bool MainLoop::workers_progressing() {
  const std::uint64_t heartbeat = writer_.stats().heartbeats;
  const bool writer_alive = heartbeat != last_writer_heartbeat_;
  last_writer_heartbeat_ = heartbeat;
  const bool http_alive =
      server_.oldest_in_flight_us(monotonic_micros()) < notifier_.watchdog_interval_us();
  if (!writer_alive || !http_alive)
    LOG_WARNING("withholding the watchdog ping: storage writer %s, HTTP %s",
                writer_alive ? "alive" : "stalled", http_alive ? "alive" : "stalled");
  return writer_alive && http_alive;
}

void MainLoop::reload() {
  notifier_.reloading();
  LOG_NOTICE("reloading the configuration");
  auto config = config::load_config(load_options_);
  if (!config.is_ok()) {
    LOG_ERROR("reload failed, keeping the running configuration: %s",
              config.status().message().c_str());
  } else {
    auth_.replace(config->webhook_tokens(), config->staff_tokens());
    auth_.replace_own_hosts(own_hosts(*config));
    log::set_max_level(log::level_from_name(config->log_level));
    if (Status mutator = install_mutator(*config, load_options_.config_dir, mutator_); !mutator.is_ok())
      LOG_ERROR("keeping the previous pricing rules: %s", mutator.message().c_str());
    LOG_NOTICE("configuration reloaded: %zu webhook token(s), %zu staff token(s); listeners, "
               "TLS certificate, storage and store settings take effect on restart",
               config->webhook_tokens().size(), config->staff_tokens().size());
  }
  notifier_.ready("serving");
}

void MainLoop::drain() {
  server_.quiesce();
  screens_.close_streams();
  // Requests being received or answered, and connections whose first request is still on its
  // way, are finished before libmicrohttpd stops and closes every connection. Its thread may
  // be between an accept() and telling us of that connection when the quiesce arrives: a
  // short pause lets it catch up before the first count.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::int64_t until = monotonic_micros() + kDrainLimitUs;
  while (server_.unfinished(monotonic_micros(), kFirstRequestGraceUs) > 0 &&
         monotonic_micros() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::size_t left = server_.unfinished(monotonic_micros(), kFirstRequestGraceUs);
  if (left > 0)
    LOG_WARNING("%zu request(s) still unfinished after 10 s; closing anyway", left);
}

}  // namespace lanecast::app
