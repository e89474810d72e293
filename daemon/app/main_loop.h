// The main thread's loop: signals, reload, watchdog, and per-second housekeeping.
//
// Thread: main thread only.
#pragma once

#include <cstdint>

#include "daemon/app/housekeeping.h"
#include "daemon/app/mutator_slot.h"
#include "daemon/app/screens.h"
#include "daemon/config/config.h"
#include "daemon/http/auth.h"
#include "daemon/http/server_set.h"
#include "daemon/systemd/notifier.h"
#include "daemon/systemd/signals.h"
#include "storage/writer.h"

namespace lanecast::app {

class MainLoop {
 public:
  MainLoop(systemd::Signals& signals, systemd::Notifier& notifier, http::ServerSet& server,
           const storage::Writer& writer, http::Authenticator& auth, MutatorSlot& mutator,
           Screens& screens, Housekeeping& chores, config::LoadOptions load_options);

  // Runs until SIGTERM or SIGINT.
  void run();
  // After run(): stops accepting, ends the screens' streams and waits (bounded) for requests
  // in flight to be answered.
  void drain();

 private:
  void reload();
  void tick(std::int64_t now_us);
  bool workers_progressing();

  systemd::Signals& signals_;
  systemd::Notifier& notifier_;
  http::ServerSet& server_;
  const storage::Writer& writer_;
  http::Authenticator& auth_;
  MutatorSlot& mutator_;
  Screens& screens_;
  Housekeeping& chores_;
  config::LoadOptions load_options_;
  std::uint64_t last_writer_heartbeat_ = 0;
};

}  // namespace lanecast::app
