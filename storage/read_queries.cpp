#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "storage/database.h"
#include "storage/event_rows.h"
#include "storage/reader.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr int kMaxPage = 1000;

constexpr const char kSelectOrder[] = R"sql(
SELECT order_id, external_ref, session_id, status, total_minor, tax_minor, subtotal_minor,
       payment_status, first_seen_us, updated_at_us
FROM orders WHERE order_id = ?1
)sql";

// An order's events through events_by_dedupe (their dedupe_scope is the order id, see
// storage/schema.cpp v6), and each revision by the seq it shares with its event.
constexpr const char kSelectRevisions[] = R"sql(
SELECT r.seq, r.status, r.received_at_us, r.total_minor, r.tax_minor, r.subtotal_minor,
       r.payment_status, r.applied
FROM events e CROSS JOIN order_revisions r
WHERE e.dedupe_scope = ?1 AND e.order_id = ?1 AND r.seq = e.seq ORDER BY r.seq
)sql";

// An order's latest state comes from its last applied checkout, orders.last_seq: walking the
// applied revisions newest first (seq is the rowid: no sort, no index of its own) and keeping
// each order's latest one gives the orders changed last, newest first, after reading about
// `limit` revisions times the few each order has. CROSS JOIN keeps that walk the outer loop.
constexpr const char kSelectRecentOrders[] = R"sql(
SELECT o.order_id, o.external_ref, o.session_id, o.status, o.total_minor, o.tax_minor,
       o.subtotal_minor, o.payment_status, o.first_seen_us, o.updated_at_us
FROM order_revisions r CROSS JOIN orders o
WHERE r.applied = 1 AND o.order_id = r.order_id AND o.last_seq = r.seq
ORDER BY r.seq DESC LIMIT ?1
)sql";

// Through mutations_by_order, and each request's arrival time from its event.
constexpr const char kSelectOrderMutations[] = R"sql(
SELECT m.seq, m.status, e.received_at_us, m.rules_version, m.duration_us, m.fell_back,
       m.failure, m.total_minor, m.tax_minor
FROM mutations m CROSS JOIN events e
WHERE m.order_id = ?1 AND e.seq = m.seq ORDER BY m.seq
)sql";

constexpr const char kSelectOrdersAfter[] = R"sql(
SELECT order_id, external_ref, session_id, status, total_minor, tax_minor, subtotal_minor,
       payment_status, first_seen_us, updated_at_us
FROM orders WHERE order_id > ?1 ORDER BY order_id LIMIT ?2
)sql";

// find_events() joins one of three WHERE heads with the common filters and an order, so that
// an order filter walks events_by_dedupe and a session filter events_by_session: the planner
// cannot choose an index behind "(?4 IS NULL OR order_id = ?4)". All pieces are constants.
constexpr const char kFindByOrder[] = "dedupe_scope = ?4 AND order_id = ?4";
constexpr const char kFindBySession[] = "session_id = ?5";
constexpr const char kFindAll[] = "seq > ?1";
constexpr const char kFindFilters[] = R"sql(
  AND seq > ?1 AND seq < ?7 AND received_at_us >= ?2 AND (?3 IS NULL OR kind = ?3)
  AND (?4 IS NULL OR order_id = ?4) AND (?5 IS NULL OR session_id = ?5)
)sql";
constexpr const char kFindAscending[] = "ORDER BY seq LIMIT ?6";
constexpr const char kFindDescending[] = "ORDER BY seq DESC LIMIT ?6";

constexpr const char kSelectRecentSessions[] = R"sql(
SELECT s.session_id, s.first_seen_us, s.last_seen_us, s.last_zone_id, s.last_order_id,
       (SELECT count(*) FROM events e WHERE e.session_id = s.session_id)
FROM sessions s ORDER BY s.last_seen_us DESC, s.session_id LIMIT ?1
)sql";

// One snapshot for several statements; ends (read transactions have nothing to commit) when
// it goes out of scope.
class ReadTransaction {
 public:
  explicit ReadTransaction(sqlite3* db) : db_(db) {}
  ~ReadTransaction() {
    if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  Status begin() { return sql::exec(db_, "BEGIN", "begin read"); }

 private:
  sqlite3* db_;
};

OrderState order_from_row(sqlite3_stmt* s) {
  OrderState order;
  order.order_id = sql::column_int(s, 0);
  order.external_ref = sql::column_text(s, 1);
  order.session_id = sql::column_text(s, 2);
  order.status = sql::column_text(s, 3);
  order.total_minor = sql::column_optional_int(s, 4);
  order.tax_minor = sql::column_optional_int(s, 5);
  order.subtotal_minor = sql::column_optional_int(s, 6);
  order.payment_status = sql::column_text(s, 7);
  order.first_seen_us = sql::column_int(s, 8);
  order.updated_at_us = sql::column_int(s, 9);
  return order;
}

OrderRevision revision_from_row(sqlite3_stmt* s) {
  OrderRevision revision;
  revision.seq = sql::column_int(s, 0);
  revision.status = sql::column_text(s, 1);
  revision.received_at_us = sql::column_int(s, 2);
  revision.total_minor = sql::column_optional_int(s, 3);
  revision.tax_minor = sql::column_optional_int(s, 4);
  revision.subtotal_minor = sql::column_optional_int(s, 5);
  revision.payment_status = sql::column_text(s, 6);
  revision.applied = sql::column_int(s, 7) != 0;
  return revision;
}

OrderMutation mutation_from_row(sqlite3_stmt* s) {
  OrderMutation mutation;
  mutation.seq = sql::column_int(s, 0);
  mutation.status = sql::column_text(s, 1);
  mutation.received_at_us = sql::column_int(s, 2);
  mutation.rules_version = sql::column_text(s, 3);
  mutation.duration_us = sql::column_int(s, 4);
  mutation.fell_back = sql::column_int(s, 5) != 0;
  mutation.failure = sql::column_text(s, 6);
  mutation.total_minor = sql::column_optional_int(s, 7);
  mutation.tax_minor = sql::column_optional_int(s, 8);
  return mutation;
}

SessionSummary session_from_row(sqlite3_stmt* s) {
  SessionSummary session;
  session.session_id = sql::column_text(s, 0);
  session.first_seen_us = sql::column_int(s, 1);
  session.last_seen_us = sql::column_int(s, 2);
  session.last_zone_id = sql::column_text(s, 3);
  session.last_order_id = sql::column_optional_int(s, 4);
  session.event_count = sql::column_int(s, 5);
  return session;
}

Status check_page_size(int limit) {
  if (limit >= 1 && limit <= kMaxPage) return Status::ok();
  return Status::invalid_input("limit must be between 1 and " + std::to_string(kMaxPage));
}

Result<std::int64_t> file_size(const std::string& path, bool may_be_missing) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) return static_cast<std::int64_t>(info.st_size);
  if (errno == ENOENT && may_be_missing) return std::int64_t{0};
  return Status::io_error("stat " + path + ": " + std::strerror(errno));
}

// Fills in the revisions and the mutator answers of each order, inside the caller's snapshot.
Status add_order_history(sqlite3_stmt* revisions, sqlite3_stmt* mutations,
                         std::vector<OrderSummary>& orders) {
  for (auto& summary : orders) {
    const std::int64_t id = summary.order.order_id;
    sqlite3_bind_int64(revisions, 1, id);
    Status status = sql::each_row(revisions, "read order revisions", [&](sqlite3_stmt* row) {
      summary.order.revisions.push_back(revision_from_row(row));
    });
    if (!status.is_ok()) return status;
    sqlite3_bind_int64(mutations, 1, id);
    status = sql::each_row(mutations, "read order mutations", [&](sqlite3_stmt* row) {
      summary.mutations.push_back(mutation_from_row(row));
    });
    if (!status.is_ok()) return status;
  }
  return Status::ok();
}

}  // namespace

struct ReadQueries::Impl {
  std::string path_;
  SqlitePtr db_;

  // The connection, opened on first use; a failed open is tried again next time.
  Result<sqlite3*> connection() {
    if (!db_) {
      auto opened = open_database(OpenOptions{path_, kBusyTimeoutMs, true});
      if (!opened.is_ok()) return opened.status();
      db_ = std::move(opened).value();
    }
    return db_.get();
  }

  Result<StatementPtr> prepare(const char* text) {
    auto handle = connection();
    if (!handle.is_ok()) return handle.status();
    return sql::prepare(*handle, text, false);
  }

  // The orders `orders_sql` selects (parameters bound by `bind`), each with its revisions and
  // mutator answers, all from one snapshot.
  template <typename Bind>
  Result<std::vector<OrderSummary>> orders_with_history(const char* orders_sql, Bind bind) {
    auto orders_query = prepare(orders_sql);
    if (!orders_query.is_ok()) return orders_query.status();
    auto revisions_query = prepare(kSelectRevisions);
    if (!revisions_query.is_ok()) return revisions_query.status();
    auto mutations_query = prepare(kSelectOrderMutations);
    if (!mutations_query.is_ok()) return mutations_query.status();
    ReadTransaction snapshot(db_.get());
    Status status = snapshot.begin();
    if (!status.is_ok()) return status;

    std::vector<OrderSummary> orders;
    sqlite3_stmt* s = orders_query->get();
    bind(s);
    status = sql::each_row(s, "read orders", [&](sqlite3_stmt* row) {
      orders.push_back({order_from_row(row), {}});
    });
    if (!status.is_ok()) return status;
    status = add_order_history(revisions_query->get(), mutations_query->get(), orders);
    if (!status.is_ok()) return status;
    return orders;
  }
};

ReadQueries::ReadQueries(std::string path) : impl_(std::make_unique<Impl>()) {
  impl_->path_ = std::move(path);
}

ReadQueries::~ReadQueries() = default;

Result<OrderState> ReadQueries::order(std::int64_t order_id) {
  auto order_query = impl_->prepare(kSelectOrder);
  if (!order_query.is_ok()) return order_query.status();
  auto revisions_query = impl_->prepare(kSelectRevisions);
  if (!revisions_query.is_ok()) return revisions_query.status();
  ReadTransaction snapshot(impl_->db_.get());
  Status status = snapshot.begin();
  if (!status.is_ok()) return status;

  std::optional<OrderState> order;
  sqlite3_stmt* s = order_query->get();
  sqlite3_bind_int64(s, 1, order_id);
  status = sql::each_row(s, "read order", [&](sqlite3_stmt* row) { order = order_from_row(row); });
  if (!status.is_ok()) return status;
  if (!order) return Status::not_found("order " + std::to_string(order_id) + " was never seen");

  s = revisions_query->get();
  sqlite3_bind_int64(s, 1, order_id);
  status = sql::each_row(s, "read order revisions", [&](sqlite3_stmt* row) {
    order->revisions.push_back(revision_from_row(row));
  });
  if (!status.is_ok()) return status;
  return std::move(*order);
}

Result<std::vector<StoredEvent>> ReadQueries::events_after(std::int64_t after, int limit) {
  if (limit < 1 || limit > kMaxPage) {
    return Status::invalid_input("limit must be between 1 and " + std::to_string(kMaxPage));
  }
  auto query = impl_->prepare(kSelectEventsAfter);
  if (!query.is_ok()) return query.status();
  sqlite3_stmt* s = query->get();
  sqlite3_bind_int64(s, 1, after);
  sqlite3_bind_int(s, 2, limit);
  std::vector<StoredEvent> events;
  events.reserve(static_cast<std::size_t>(limit));
  Status status = read_events(s, "read events", events);
  if (!status.is_ok()) return status;
  return events;
}

Result<std::vector<OrderSummary>> ReadQueries::recent_orders(int limit) {
  Status status = check_page_size(limit);
  if (!status.is_ok()) return status;
  return impl_->orders_with_history(kSelectRecentOrders,
                                    [limit](sqlite3_stmt* s) { sqlite3_bind_int(s, 1, limit); });
}

Result<OrderSummary> ReadQueries::order_summary(std::int64_t order_id) {
  auto orders = impl_->orders_with_history(
      kSelectOrder, [order_id](sqlite3_stmt* s) { sqlite3_bind_int64(s, 1, order_id); });
  if (!orders.is_ok()) return orders.status();
  if (orders->empty()) return Status::not_found("order " + std::to_string(order_id) + " was never seen");
  return std::move(orders->front());
}

Result<std::vector<OrderSummary>> ReadQueries::orders_after(std::int64_t after_order_id,
                                                            int limit) {
  Status status = check_page_size(limit);
  if (!status.is_ok()) return status;
  return impl_->orders_with_history(kSelectOrdersAfter, [=](sqlite3_stmt* s) {
    sqlite3_bind_int64(s, 1, after_order_id);
    sqlite3_bind_int(s, 2, limit);
  });
}

Result<std::vector<StoredEvent>> ReadQueries::find_events(const EventFilter& filter) {
  Status status = check_page_size(filter.limit);
  if (!status.is_ok()) return status;
  const char* head = filter.order_id             ? kFindByOrder
                     : !filter.session_id.empty() ? kFindBySession
                                                  : kFindAll;
  const std::string text = std::string("SELECT ") + kEventColumns + " FROM events WHERE " + head +
                           kFindFilters +
                           (filter.newest_first ? kFindDescending : kFindAscending);
  auto query = impl_->prepare(text.c_str());
  if (!query.is_ok()) return query.status();
  sqlite3_stmt* s = query->get();
  const int bind_rc = sql::Binder(s)
                          .integer(1, filter.after_seq)
                          .integer(2, filter.since_us)
                          .text_or_null(3, filter.kind)
                          .optional_integer(4, filter.order_id)
                          .text_or_null(5, filter.session_id)
                          .integer(6, filter.limit)
                          .integer(7, filter.before_seq)
                          .result();
  if (bind_rc != SQLITE_OK) return status_from_sqlite(bind_rc, impl_->db_.get(), "bind event filter");
  std::vector<StoredEvent> events;
  status = read_events(s, "find events", events);
  if (!status.is_ok()) return status;
  return events;
}

Result<std::vector<SessionSummary>> ReadQueries::recent_sessions(int limit) {
  Status status = check_page_size(limit);
  if (!status.is_ok()) return status;
  auto query = impl_->prepare(kSelectRecentSessions);
  if (!query.is_ok()) return query.status();
  sqlite3_stmt* s = query->get();
  sqlite3_bind_int(s, 1, limit);
  std::vector<SessionSummary> sessions;
  status = sql::each_row(s, "read sessions", [&](sqlite3_stmt* row) {
    sessions.push_back(session_from_row(row));
  });
  if (!status.is_ok()) return status;
  return sessions;
}

Result<std::int64_t> ReadQueries::event_count() {
  auto handle = impl_->connection();
  if (!handle.is_ok()) return handle.status();
  return sql::query_int(*handle, "SELECT count(*) FROM events");
}

Result<std::int64_t> ReadQueries::database_bytes() {
  auto main_file = file_size(impl_->path_, false);
  if (!main_file.is_ok()) return main_file.status();
  auto wal = file_size(impl_->path_ + "-wal", true);
  if (!wal.is_ok()) return wal.status();
  return *main_file + *wal;
}

Status ReadQueries::ping() {
  auto handle = impl_->connection();
  if (!handle.is_ok()) return handle.status();
  auto objects = sql::query_int(*handle, "SELECT count(*) FROM sqlite_schema");
  return objects.status();
}

}  // namespace lanecast::storage
