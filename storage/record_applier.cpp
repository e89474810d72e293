#include "storage/record_applier.h"

#include "storage/dedupe_key.h"
#include "storage/event_rows.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

// The UNIQUE (dedupe_scope, dedupe_digest) decides new versus redelivery (dedupe_key.h): a
// second copy inserts nothing (zero changes) and then, on this rarer path only, bumps the
// original's count and reads back what the original answered.
constexpr const char kInsertEvent[] = R"sql(
INSERT INTO events (kind, path, received_at_us, body, dedupe_scope, dedupe_digest, session_id,
                    order_id, status, zone_id, answer_http_status, answer, compressed,
                    compressed_answer)
VALUES (?1, ?2, ?3, ?4, ?5, ?12, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?13)
ON CONFLICT (dedupe_scope, dedupe_digest) DO NOTHING
)sql";

constexpr const char kRedeliver[] = R"sql(
UPDATE events SET redeliveries = redeliveries + 1, last_redelivery_us = ?2
WHERE dedupe_scope = ?1 AND dedupe_digest = ?3
RETURNING seq, answer_http_status, answer, compressed_answer
)sql";

// The latest state moves only forward or sideways in precedence; the WHERE turns a
// lower-ranked late arrival into a no-op (zero changes). The external reference, once set,
// never changes: AiFi was already told it.
constexpr const char kUpsertOrder[] = R"sql(
INSERT INTO orders (order_id, external_ref, session_id, store_id, status, status_rank,
                    total_minor, tax_minor, subtotal_minor, payment_status, first_seen_us,
                    updated_at_us, last_seq)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)
ON CONFLICT (order_id) DO UPDATE SET
  external_ref = CASE WHEN orders.external_ref = '' THEN excluded.external_ref
                      ELSE orders.external_ref END,
  session_id = coalesce(excluded.session_id, orders.session_id),
  store_id = coalesce(excluded.store_id, orders.store_id),
  status = excluded.status,
  status_rank = excluded.status_rank,
  total_minor = excluded.total_minor,
  tax_minor = excluded.tax_minor,
  subtotal_minor = excluded.subtotal_minor,
  payment_status = excluded.payment_status,
  updated_at_us = excluded.updated_at_us,
  last_seq = excluded.last_seq
WHERE excluded.status_rank >= orders.status_rank
)sql";

constexpr const char kInsertRevision[] = R"sql(
INSERT INTO order_revisions (seq, order_id, status, status_rank, received_at_us, total_minor,
                             tax_minor, subtotal_minor, payment_status, applied)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
)sql";

constexpr const char kUpsertSession[] = R"sql(
INSERT INTO sessions (session_id, first_seen_us, last_seen_us, last_zone_id, last_order_id,
                      last_seq)
VALUES (?1, ?2, ?2, ?3, ?4, ?5)
ON CONFLICT (session_id) DO UPDATE SET
  first_seen_us = min(sessions.first_seen_us, excluded.first_seen_us),
  last_seen_us = max(sessions.last_seen_us, excluded.last_seen_us),
  last_zone_id = coalesce(excluded.last_zone_id, sessions.last_zone_id),
  last_order_id = coalesce(excluded.last_order_id, sessions.last_order_id),
  last_seq = excluded.last_seq
)sql";

// One row per member of a group (shopper_id '' for a payload naming only the session).
// Entry and exit times only ever move forward, whatever order the webhooks arrive in
// (max() of NULL is NULL, hence the coalesces). Attention is sticky: what the shopper
// picked up does not un-happen because a later webhook omits the flag.
constexpr const char kUpsertZone[] = R"sql(
INSERT INTO zone_presence (zone_id, session_id, shopper_id, entered_at_us, left_at_us,
                           attention_needed, last_seq)
VALUES (?1, ?2, ?7, ?3, ?4, ?5, ?6)
ON CONFLICT (zone_id, session_id, shopper_id) DO UPDATE SET
  entered_at_us = max(coalesce(zone_presence.entered_at_us, excluded.entered_at_us),
                      coalesce(excluded.entered_at_us, zone_presence.entered_at_us)),
  left_at_us = max(coalesce(zone_presence.left_at_us, excluded.left_at_us),
                   coalesce(excluded.left_at_us, zone_presence.left_at_us)),
  attention_needed = max(zone_presence.attention_needed, excluded.attention_needed),
  last_seq = excluded.last_seq
)sql";

constexpr const char kInsertMutation[] = R"sql(
INSERT INTO mutations (seq, order_id, status, rules_version, duration_us, fell_back, failure,
                       total_minor, tax_minor)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
)sql";

constexpr const char kLastMutation[] = R"sql(
SELECT total_minor, fell_back FROM mutations
WHERE order_id = ?1 AND (status IS NULL OR status <> 'reviewed')
ORDER BY seq DESC LIMIT 1
)sql";

std::string_view as_bytes(const DedupeDigest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::string_view zone_of(const WebhookRecord& record) {
  if (record.zone && !record.zone->zone_id.empty()) return record.zone->zone_id;
  return record.zone_id;
}

}  // namespace

Result<std::unique_ptr<RecordApplier>> RecordApplier::create(sqlite3* db) {
  std::unique_ptr<RecordApplier> applier(new RecordApplier(db));
  const std::pair<StatementPtr*, const char*> statements[] = {
      {&applier->insert_event_, kInsertEvent},       {&applier->redeliver_, kRedeliver},
      {&applier->upsert_order_, kUpsertOrder},       {&applier->insert_revision_, kInsertRevision},
      {&applier->upsert_session_, kUpsertSession},   {&applier->upsert_zone_, kUpsertZone},
      {&applier->insert_mutation_, kInsertMutation}, {&applier->last_mutation_, kLastMutation},
  };
  for (const auto& [slot, text] : statements) {
    auto prepared = sql::prepare(db, text, true);
    if (!prepared.is_ok()) return prepared.status();
    *slot = std::move(prepared).value();
  }
  return applier;
}

Result<StoredAnswer> RecordApplier::apply(const WebhookRecord& record) {
  if (record.dedupe_key.empty()) return Status::invalid_input("the record has no dedupe key");
  Status status = insert_event(record);
  if (!status.is_ok()) return status;
  if (sqlite3_changes(db_) == 0) return redeliver(record);
  StoredAnswer stored;
  stored.seq = sqlite3_last_insert_rowid(db_);
  stored.http_status = record.answer_http_status;
  status = project(record, stored.seq);
  if (!status.is_ok()) return status;
  if (record.order && record.order->status == "completed" && record.order->total_minor) {
    auto skipped = skipped_mutation(*record.order);
    if (!skipped.is_ok()) return skipped.status();
    stored.skipped_mutation_total = *skipped;
  }
  return stored;
}

Result<std::optional<std::int64_t>> RecordApplier::skipped_mutation(const OrderUpdate& order) {
  sqlite3_stmt* s = last_mutation_.get();
  sql::ResetOnExit reset(s);
  const int bind_rc = sql::Binder(s).integer(1, order.order_id).result();
  if (bind_rc != SQLITE_OK) return status_from_sqlite(bind_rc, db_, "bind mutation lookup");
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>();
  if (rc != SQLITE_ROW) return status_from_sqlite(rc, db_, "look up the last mutation");
  if (sqlite3_column_type(s, 0) == SQLITE_NULL || sql::column_int(s, 1) != 0)
    return std::optional<std::int64_t>();
  const std::int64_t answered = sql::column_int(s, 0);
  if (answered == *order.total_minor) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(answered);
}

Status RecordApplier::run(sqlite3_stmt* statement, int bind_rc, const char* what) {
  if (bind_rc != SQLITE_OK) {
    sqlite3_reset(statement);
    return status_from_sqlite(bind_rc, db_, what);
  }
  return sql::run(statement, what);
}

Status RecordApplier::insert_event(const WebhookRecord& record) {
  sqlite3_stmt* s = insert_event_.get();
  const DedupeDigest digest = dedupe_digest(record.dedupe_key);
  if (!record.compressed) return Status::internal("a record reached the writer uncompressed");
  const CompressedPayload& payload = *record.compressed;
  const int bind_rc = sql::Binder(s)
                          .text(1, record.kind)
                          .text(2, record.path)
                          .integer(3, record.received_at_us)
                          .blob(4, payload.body)
                          .integer(5, dedupe_scope(record))
                          .text_or_null(6, record.session_id)
                          .optional_integer(7, record.order_id)
                          .text_or_null(8, record.status)
                          .text_or_null(9, zone_of(record))
                          .integer(10, record.answer_http_status)
                          .text(11, payload.answer ? std::string_view() : record.answer)
                          .blob(12, as_bytes(digest))
                          .optional_blob(13, payload.answer)
                          .result();
  return run(s, bind_rc, "store event");
}

Result<StoredAnswer> RecordApplier::redeliver(const WebhookRecord& record) {
  sqlite3_stmt* s = redeliver_.get();
  sql::ResetOnExit reset(s);
  const DedupeDigest digest = dedupe_digest(record.dedupe_key);
  const int bind_rc = sql::Binder(s)
                          .integer(1, dedupe_scope(record))
                          .integer(2, record.received_at_us)
                          .blob(3, as_bytes(digest))
                          .result();
  if (bind_rc != SQLITE_OK) return status_from_sqlite(bind_rc, db_, "bind redelivery");
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return Status::internal("redelivered event vanished: " + record.dedupe_key);
  if (rc != SQLITE_ROW) return status_from_sqlite(rc, db_, "count redelivery");
  StoredAnswer stored;
  stored.seq = sql::column_int(s, 0);
  stored.duplicate = true;
  stored.http_status = static_cast<int>(sql::column_int(s, 1));
  auto answer = answer_from_columns(s, 2, 3);
  if (!answer.is_ok()) return answer.status();
  stored.answer = std::move(answer).value();
  return stored;
}

Status RecordApplier::project(const WebhookRecord& record, std::int64_t seq) {
  Status status;
  if (record.order) status = upsert_order(record, *record.order, seq);
  if (status.is_ok() && !record.session_id.empty()) status = upsert_session(record, seq);
  if (status.is_ok() && record.zone) status = upsert_zone(record, *record.zone, seq);
  if (status.is_ok() && record.mutation) status = insert_mutation(record, *record.mutation, seq);
  return status;
}

Status RecordApplier::upsert_order(const WebhookRecord& record, const OrderUpdate& order,
                                   std::int64_t seq) {
  sqlite3_stmt* s = upsert_order_.get();
  const int bind_rc = sql::Binder(s)
                          .integer(1, order.order_id)
                          .text(2, order.external_ref)
                          .text_or_null(3, record.session_id)
                          .optional_integer(4, order.store_id)
                          .text(5, order.status)
                          .integer(6, order.status_rank)
                          .optional_integer(7, order.total_minor)
                          .optional_integer(8, order.tax_minor)
                          .optional_integer(9, order.subtotal_minor)
                          .text_or_null(10, order.payment_status)
                          .integer(11, record.received_at_us)
                          .integer(12, seq)
                          .result();
  Status status = run(s, bind_rc, "update order");
  if (!status.is_ok()) return status;
  const bool applied = sqlite3_changes(db_) > 0;
  return insert_revision(record, order, seq, applied);
}

Status RecordApplier::insert_revision(const WebhookRecord& record, const OrderUpdate& order,
                                      std::int64_t seq, bool applied) {
  sqlite3_stmt* s = insert_revision_.get();
  const int bind_rc = sql::Binder(s)
                          .integer(1, seq)
                          .integer(2, order.order_id)
                          .text(3, order.status)
                          .integer(4, order.status_rank)
                          .integer(5, record.received_at_us)
                          .optional_integer(6, order.total_minor)
                          .optional_integer(7, order.tax_minor)
                          .optional_integer(8, order.subtotal_minor)
                          .text_or_null(9, order.payment_status)
                          .integer(10, applied ? 1 : 0)
                          .result();
  return run(s, bind_rc, "store order revision");
}

Status RecordApplier::upsert_session(const WebhookRecord& record, std::int64_t seq) {
  sqlite3_stmt* s = upsert_session_.get();
  const int bind_rc = sql::Binder(s)
                          .text(1, record.session_id)
                          .integer(2, record.received_at_us)
                          .text_or_null(3, zone_of(record))
                          .optional_integer(4, record.order_id)
                          .integer(5, seq)
                          .result();
  return run(s, bind_rc, "update session");
}

Status RecordApplier::upsert_zone(const WebhookRecord& record, const ZoneUpdate& zone,
                                  std::int64_t seq) {
  sqlite3_stmt* s = upsert_zone_.get();
  const std::optional<std::int64_t> at = zone.time_of_origin_us;
  const int bind_rc = sql::Binder(s)
                          .text(1, zone_of(record))
                          .text(2, record.session_id)
                          .optional_integer(3, zone.entered ? at : std::nullopt)
                          .optional_integer(4, zone.entered ? std::nullopt : at)
                          .integer(5, zone.attention_needed ? 1 : 0)
                          .integer(6, seq)
                          .text(7, zone.shopper_id)
                          .result();
  return run(s, bind_rc, "update zone presence");
}

Status RecordApplier::insert_mutation(const WebhookRecord& record, const MutationInfo& mutation,
                                      std::int64_t seq) {
  sqlite3_stmt* s = insert_mutation_.get();
  const int bind_rc = sql::Binder(s)
                          .integer(1, seq)
                          .optional_integer(2, record.order_id)
                          .text_or_null(3, record.status)
                          .text_or_null(4, mutation.rules_version)
                          .integer(5, mutation.duration_us)
                          .integer(6, mutation.fell_back ? 1 : 0)
                          .text_or_null(7, mutation.failure)
                          .optional_integer(8, mutation.total_minor)
                          .optional_integer(9, mutation.tax_minor)
                          .result();
  return run(s, bind_rc, "store mutation");
}

}  // namespace lanecast::storage
