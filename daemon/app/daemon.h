// The running daemon: builds every layer in dependency order, serves until SIGTERM, and tears
// down in reverse (RAII). Fatal start-up problems (bad database, port in use) end it with a
// clear message; bad network input never does.
//
// Thread: the main thread. It owns the signalfd, the systemd notifications, the watchdog
// and the reload; the HTTP thread, the storage writer and reader run on their own threads.
#pragma once

#include "daemon/config/config.h"

namespace lanecast::app {

// Returns the process exit code.
int run_daemon(const config::Config& config, const config::LoadOptions& load_options);

}  // namespace lanecast::app
