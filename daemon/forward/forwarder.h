// The MQTT forwarder: sends every journaled webhook, in journal order, to the retailer's
// broker, at least once (docs/fleet.md).
//
// It reads events from SQLite on demand through its own connection (storage::ForwardOutbox),
// never more than max_inflight events (nor, once 8 MiB of bodies are out, another one) at a
// time, so memory stays flat whatever the backlog; the
// webhook path never waits for it and it never waits for the webhook path, apart from the
// instant its cursor transaction holds the write lock. It notices new events by polling the
// journal (a primary-key lookup every few milliseconds while idle), so the storage writer
// needs no hook and stays exactly as fast.
//
// Connection: MQTT v5 (3.1.1 when the broker refuses v5), clean start, QoS 1, Last Will
// "offline" on the retained status topic; reconnects with exponential backoff and jitter
// (1 s doubling to forward.reconnect_max_s). A PUBACK with a reason code >= 0x80 is a refusal:
// the event becomes a dead letter and the rest flows on. After a lost connection, everything
// not acknowledged is read again from the journal.
//
// Thread: constructed and destroyed on the main thread; runs one thread of its own, which
// alone touches the outbox connection and libmosquitto. stats() from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "daemon/forward/forward_settings.h"
#include "daemon/forward/forward_stats.h"

namespace lanecast::forward {

class Forwarder {
 public:
  // Starts the thread at once. `stats` must outlive the forwarder.
  Forwarder(ForwardSettings settings, ForwardStats& stats);
  // Publishes "offline", disconnects cleanly, stores the cursor and joins (within about 2 s).
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

 private:
  class Worker;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Worker> worker_;
  std::thread thread_;
};

}  // namespace lanecast::forward
