// Read queries for the API and tools, on a thread of their own with a read-only connection,
// so the libmicrohttpd thread never waits on the disk.
//
// Thread: post() from any thread; the job runs on the reader thread, which owns the
// connection. Jobs run in order, one at a time; a job must not throw.
// Each query is its own short read transaction (order() takes one snapshot for the order and
// its revisions), so a reader never holds the WAL back from a checkpoint between jobs.
#pragma once

#include <cstdint>
#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/status.h"
#include "storage/records.h"

namespace lanecast::storage {

class ReadQueries;

// What find_events() returns: events with after_seq < seq < before_seq, received at or after
// since_us, matching every field that is set; at most `limit` (1..1000), ascending by seq, or
// with newest_first the `limit` newest matches, descending.
struct EventFilter {
  std::int64_t after_seq = 0;
  std::int64_t before_seq = INT64_MAX;
  bool newest_first = false;
  std::int64_t since_us = 0;
  std::string kind;                     // "" = any kind
  std::optional<std::int64_t> order_id;
  std::string session_id;               // "" = any session
  int limit = 100;
};

class Reader {
 public:
  explicit Reader(std::string path);
  ~Reader();  // runs the jobs already posted, then joins
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Runs `job` on the reader thread. If the connection cannot be opened, the job gets the
  // failing status through ReadQueries' methods.
  void post(std::function<void(ReadQueries&)> job);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Queries on one connection; also usable directly (tests, lanecastctl) on the caller's thread.
class ReadQueries {
 public:
  explicit ReadQueries(std::string path);  // opens lazily, read-only
  ~ReadQueries();
  ReadQueries(const ReadQueries&) = delete;
  ReadQueries& operator=(const ReadQueries&) = delete;

  Result<OrderState> order(std::int64_t order_id);  // not_found if never seen
  // Events with seq > after, ascending, at most `limit` (1..1000).
  Result<std::vector<StoredEvent>> events_after(std::int64_t after, int limit);
  // The `limit` (1..1000) orders changed last (by the arrival of the checkout that last
  // changed them), newest first, each with every revision and every cart-mutator answer, from
  // one snapshot. Walks the newest revisions back: the cost follows `limit`, not the size of
  // the tables.
  Result<std::vector<OrderSummary>> recent_orders(int limit);
  // One order with its revisions and cart-mutator answers, from one snapshot; not_found if
  // never seen.
  Result<OrderSummary> order_summary(std::int64_t order_id);
  // Orders with order_id > after, ascending by order_id, at most `limit` (1..1000), each with
  // revisions and mutator answers: for exporting every order page by page.
  Result<std::vector<OrderSummary>> orders_after(std::int64_t after_order_id, int limit);
  // Events by filter. An order or a session filter walks that index; a kind or time filter
  // alone scans forward from after_seq until `limit` events match.
  Result<std::vector<StoredEvent>> find_events(const EventFilter& filter);
  // The `limit` (1..1000) sessions seen last, newest first (sorts the sessions table, one row
  // per trip: for lanecastctl, not for polls).
  Result<std::vector<SessionSummary>> recent_sessions(int limit);
  Result<std::int64_t> event_count();  // exact: scans an index, so for status pages, not polls
  Result<std::int64_t> database_bytes();  // main file + WAL size on disk (stat, no SQL)
  Status ping();  // a trivial query: is the database readable?
  // Failures: whatever open_database(read_only) reports (io_error for a missing file,
  // unsupported for another schema version, corrupt), or the mapped SQLite status. A failed
  // open is retried by the next call.

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lanecast::storage
