// The journal as the MQTT forwarder's outbox: the forwarding cursor, dead letters, gaps, and
// the events after the cursor, read on demand in journal (sequence) order.
//
// The cursor (forward_cursor.acked_seq) says: every event up to here is done with, because
// the broker acknowledged it, refused it (a dead letter, recorded with why) or it was missing
// from the journal (a gap, recorded and forwarded as a gap message). It only moves forward,
// and only over an unbroken run: the forwarder decides the run, commit() stores it with the
// dead letters and gaps it passes, in one transaction. On start the forwarder replays from
// the cursor, so nothing depends on the broker's sessions or the MQTT library's memory.
// While a cursor row exists, retention leaves every event above it alone.
//
// Thread: one thread at a time (the forwarder's). The outbox has its own connection to the
// daemon's file (WAL), so its reads never wait for the storage writer and the writer never
// waits for them; its small cursor transactions take the write lock for an instant each.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/status.h"
#include "storage/database.h"
#include "storage/records.h"

namespace lanecast::storage {

struct DeadLetter {
  std::int64_t seq = 0;
  std::string kind;
  std::string topic;
  int reason_code = 0;  // MQTT v5 reason code of the PUBACK (>= 0x80)
  std::string reason;
};

struct Gap {
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
};

// What the forwarder has finished since its last commit.
struct OutboxProgress {
  std::int64_t acked_seq = 0;  // the new cursor
  std::vector<DeadLetter> dead_letters;
  std::vector<Gap> gaps;
};

// Where forwarding stands: what lies above the cursor.
struct Backlog {
  std::int64_t acked_seq = 0;
  std::int64_t last_seq = 0;        // newest event in the journal (0: none)
  std::int64_t events = 0;          // events above the cursor
  std::int64_t bytes = 0;           // their bodies and answers as stored (compressed)
  std::int64_t oldest_received_at_us = 0;  // of the first event above the cursor; 0: none
  std::int64_t dead_letters = 0;    // ever recorded
  std::int64_t gaps = 0;            // ranges ever recorded
};

class ForwardOutbox {
 public:
  // Opens a connection of its own to the database prepared by open_database().
  // Failures: io_error, or whatever open_connection reports.
  static Result<std::unique_ptr<ForwardOutbox>> open(const std::string& path,
                                                     int busy_timeout_ms);
  ~ForwardOutbox();
  ForwardOutbox(const ForwardOutbox&) = delete;
  ForwardOutbox& operator=(const ForwardOutbox&) = delete;

  // The cursor, creating it at 0 (the whole journal still held is forwarded) when forwarding
  // starts for the first time, which also starts holding events back from retention.
  Result<std::int64_t> start(std::int64_t now_us);

  // At most `limit` (1..10000) events with seq > after_seq, ascending.
  Result<std::vector<StoredEvent>> read_after(std::int64_t after_seq, int limit);

  // Records the dead letters and gaps and moves the cursor to progress.acked_seq, in one
  // transaction. A cursor lower than the stored one is kept as it is (never moves back).
  // Failures: busy (the writer held the lock past the busy timeout), storage_full, io_error;
  // nothing is then changed and the caller tries again later with the same progress.
  Status commit(const OutboxProgress& progress, std::int64_t now_us);

  // Counts and sizes above `acked_seq` (the forwarder's in-memory cursor). Reads every event
  // above the cursor's size from its record header: for a metrics refresh every few
  // seconds, not for every message.
  Result<Backlog> backlog(std::int64_t acked_seq);

 private:
  struct Impl;
  explicit ForwardOutbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Forwarding is off: drops the cursor row so retention no longer holds events back. Dead
// letters and gaps stay as a record. Safe beside the running writer (busy timeout applies).
Status release_forward_hold(const std::string& path, int busy_timeout_ms);

}  // namespace lanecast::storage
