// lanecastd: receives AiFi's webhooks, keeps every one in SQLite, prices carts and drives the
// store's screens. This file is the table of contents; app/daemon.cpp builds the layers.
#include <malloc.h>

#include <cstdio>

#include "daemon/app/daemon.h"
#include "daemon/app/listeners.h"
#include "daemon/app/mutator_setup.h"
#include "daemon/app/screens.h"
#include "daemon/config/config.h"
#include "daemon/core/log.h"
#include "daemon/forward/forward_settings.h"

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitConfig = 78;  // EX_CONFIG: systemd shows "configuration error"

}  // namespace

int main(int argc, char** argv) {
  using namespace lanecast;

  auto command_line = config::parse_command_line(argc, argv);
  if (!command_line.is_ok()) {
    std::fprintf(stderr, "lanecastd: %s\n%s", command_line.status().message().c_str(),
                 config::usage_text().c_str());
    return kExitUsage;
  }
  if (command_line->help) return std::fputs(config::usage_text().c_str(), stdout) < 0;
  if (command_line->version) return std::printf("lanecastd %s\n", LANECAST_VERSION) < 0;
  if (command_line->print_sample)
    return std::fputs(config::sample_config().c_str(), stdout) < 0;

  auto config = config::load_config(command_line->load);
  if (!config.is_ok()) {
    LOG_ERROR("configuration error: %s", config.status().message().c_str());
    return kExitConfig;
  }
  if (command_line->print_config && !command_line->check_config)
    return std::fputs(config::print_config(*config).c_str(), stdout) < 0;

  // What the administrator should know, said once: by --check-config, and at every start.
  for (const std::string& notice : config->notices) LOG_WARNING("configuration: %s", notice.c_str());
  for (const std::string& notice : app::screens_notices(*config)) LOG_NOTICE("%s", notice.c_str());
  if (command_line->check_config) {
    if (Status zone = app::check_store_time_zone(*config); !zone.is_ok()) {
      LOG_ERROR("configuration error: %s", zone.message().c_str());
      return kExitConfig;
    }
    if (Status rules = app::check_pricing_rules(*config, command_line->load.config_dir); !rules.is_ok()) {
      LOG_ERROR("configuration error: %s", rules.message().c_str());
      return kExitConfig;
    }
    if (Status tls = app::check_tls(*config); !tls.is_ok()) {
      LOG_ERROR("configuration error: %s", tls.message().c_str());
      return kExitConfig;
    }
    if (auto forward = forward::forward_plan(*config); !forward.is_ok()) {
      LOG_ERROR("configuration error: %s", forward.status().message().c_str());
      return kExitConfig;
    }
    return std::puts("configuration ok") < 0;
  }

  // Request bodies and stream snapshots of hundreds of KiB come and go in bursts. Above a
  // fixed threshold they are mapped and unmapped, so their memory goes back to the system when
  // freed; glibc's adaptive threshold would instead rise to the largest block ever freed and
  // keep such blocks in a thread's heap, which malloc_trim() does not shrink.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // Fixing that threshold also fixes the trim threshold at 128 KiB: a thread's heap was then
  // handed back (madvise) and faulted in again for almost every 50-line cart, 15 % of the HTTP
  // threads' time. Free memory at a heap's top is kept up to 4 MiB; the server's main loop
  // still hands it all back with malloc_trim() once a burst is over (http/server.cpp).
  mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
  // Each heap may keep that much, and glibc gives every thread that allocates a heap of its
  // own (up to eight per core): the HTTP, storage and screen threads share three.
  // Measured over checkouts then carts: a peak RSS 1-2 MiB lower, the rates within the noise.
  mallopt(M_ARENA_MAX, 3);
  return app::run_daemon(*config, command_line->load);
}
