#include "storage/schema.h"

namespace lanecast::storage {
namespace {

// Version 1.
// events is the journal: every accepted webhook, raw body included, in arrival order. All
// other tables are projections that could be rebuilt from it; they hold no customer personal
// data (no names, no customer ids, no payment instruments), only what the lanes and the order
// view need. seq uses AUTOINCREMENT so a sequence number handed out as a replay cursor never
// names a different event, even if old events are pruned one day.
// Money columns are integer minor units. Times are microseconds since the Unix epoch.
constexpr const char kSchemaV1[] = R"sql(
CREATE TABLE events (
  seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
  kind                TEXT    NOT NULL CHECK (kind <> ''),
  path                TEXT    NOT NULL,
  received_at_us      INTEGER NOT NULL,
  body                BLOB    NOT NULL,
  dedupe_key          TEXT    NOT NULL UNIQUE CHECK (dedupe_key <> ''),
  session_id          TEXT,
  order_id            INTEGER,
  status              TEXT,
  zone_id             TEXT,
  answer_http_status  INTEGER NOT NULL CHECK (answer_http_status BETWEEN 100 AND 599),
  answer              TEXT    NOT NULL,
  redeliveries        INTEGER NOT NULL DEFAULT 0 CHECK (redeliveries >= 0),
  last_redelivery_us  INTEGER
) STRICT;
CREATE INDEX events_by_order ON events (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX events_by_session ON events (session_id) WHERE session_id IS NOT NULL;

-- Latest state of each order. Precedence by rank: draft 0 < completed 1 < reviewed 2.
CREATE TABLE orders (
  order_id        INTEGER PRIMARY KEY,
  external_ref    TEXT    NOT NULL,
  session_id      TEXT,
  store_id        INTEGER,
  status          TEXT    NOT NULL,
  status_rank     INTEGER NOT NULL CHECK (status_rank BETWEEN 0 AND 2),
  total_minor     INTEGER,
  tax_minor       INTEGER,
  subtotal_minor  INTEGER,
  payment_status  TEXT,
  first_seen_us   INTEGER NOT NULL,
  updated_at_us   INTEGER NOT NULL,
  last_seq        INTEGER NOT NULL REFERENCES events (seq)
) STRICT;

-- Every checkout event of an order, applied to the latest state or not (a late draft).
CREATE TABLE order_revisions (
  seq             INTEGER PRIMARY KEY REFERENCES events (seq),
  order_id        INTEGER NOT NULL REFERENCES orders (order_id),
  status          TEXT    NOT NULL,
  status_rank     INTEGER NOT NULL CHECK (status_rank BETWEEN 0 AND 2),
  received_at_us  INTEGER NOT NULL,
  total_minor     INTEGER,
  tax_minor       INTEGER,
  subtotal_minor  INTEGER,
  payment_status  TEXT,
  applied         INTEGER NOT NULL CHECK (applied IN (0, 1))
) STRICT;
CREATE INDEX order_revisions_by_order ON order_revisions (order_id);

-- One shopping trip: session.sessionId ties its webhooks together.
CREATE TABLE sessions (
  session_id     TEXT    NOT NULL PRIMARY KEY,
  first_seen_us  INTEGER NOT NULL,
  last_seen_us   INTEGER NOT NULL,
  last_zone_id   TEXT,
  last_order_id  INTEGER,
  last_seq       INTEGER NOT NULL REFERENCES events (seq)
) STRICT, WITHOUT ROWID;

-- Who is in which checkout zone. Times are AiFi's timeOfOrigin, so entered/left webhooks
-- that arrive out of order still give the right answer: inside while the latest entry is
-- newer than the latest exit.
CREATE TABLE zone_presence (
  zone_id           TEXT    NOT NULL,
  session_id        TEXT    NOT NULL,
  entered_at_us     INTEGER,
  left_at_us        INTEGER,
  inside            INTEGER NOT NULL GENERATED ALWAYS AS (
                      entered_at_us IS NOT NULL
                      AND (left_at_us IS NULL OR entered_at_us > left_at_us)) VIRTUAL,
  attention_needed  INTEGER NOT NULL CHECK (attention_needed IN (0, 1)),
  last_seq          INTEGER NOT NULL REFERENCES events (seq),
  PRIMARY KEY (zone_id, session_id)
) STRICT, WITHOUT ROWID;

-- What the cart mutator answered for each request (the request and answer are in events).
CREATE TABLE mutations (
  seq            INTEGER PRIMARY KEY REFERENCES events (seq),
  order_id       INTEGER,
  status         TEXT,
  rules_version  TEXT,
  duration_us    INTEGER NOT NULL CHECK (duration_us >= 0),
  fell_back      INTEGER NOT NULL CHECK (fell_back IN (0, 1)),
  failure        TEXT,
  total_minor    INTEGER,
  tax_minor      INTEGER
) STRICT;
)sql";

// A checkout is compared with the last cart-mutator answer for its order (to notice AiFi
// skipping the mutation): that lookup needs mutations by order.
constexpr const char kSchemaV2[] = R"sql(
CREATE INDEX mutations_by_order ON mutations (order_id, seq);
)sql";

// Every member of a shopping group sends its own zone webhooks: presence is kept per member
// (shopper_id, '' for payloads that name only the session), so one member leaving does not
// take the others out of the zone, and each member's entry and exit still resolve by
// timeOfOrigin. SQLite cannot change a primary key in place: the table is rebuilt.
constexpr const char kSchemaV3[] = R"sql(
CREATE TABLE zone_presence_by_shopper (
  zone_id           TEXT    NOT NULL,
  session_id        TEXT    NOT NULL,
  shopper_id        TEXT    NOT NULL DEFAULT '',
  entered_at_us     INTEGER,
  left_at_us        INTEGER,
  inside            INTEGER NOT NULL GENERATED ALWAYS AS (
                      entered_at_us IS NOT NULL
                      AND (left_at_us IS NULL OR entered_at_us > left_at_us)) VIRTUAL,
  attention_needed  INTEGER NOT NULL CHECK (attention_needed IN (0, 1)),
  last_seq          INTEGER NOT NULL REFERENCES events (seq),
  PRIMARY KEY (zone_id, session_id, shopper_id)
) STRICT, WITHOUT ROWID;
INSERT INTO zone_presence_by_shopper (zone_id, session_id, entered_at_us, left_at_us,
                                      attention_needed, last_seq)
  SELECT zone_id, session_id, entered_at_us, left_at_us, attention_needed, last_seq
  FROM zone_presence;
DROP TABLE zone_presence;
ALTER TABLE zone_presence_by_shopper RENAME TO zone_presence;
)sql";

// The journal is the outbox of the MQTT forwarder. forward_cursor holds at most one row: every
// event up to acked_seq is acknowledged by the broker (or dead-lettered, or named by a gap),
// and retention keeps every event above it while the row exists. The row exists only while
// forwarding is configured, so a store without a broker never holds events back.
// forward_dead_letters: events the broker refused (a PUBACK reason code >= 0x80), with why;
// they no longer block the cursor. forward_gaps: ranges of sequence numbers found missing
// from the journal above the cursor, each forwarded as a gap message of its own.
constexpr const char kSchemaV4[] = R"sql(
CREATE TABLE forward_cursor (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  acked_seq      INTEGER NOT NULL CHECK (acked_seq >= 0),
  updated_at_us  INTEGER NOT NULL
) STRICT;
CREATE TABLE forward_dead_letters (
  seq            INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL,
  topic          TEXT    NOT NULL,
  reason_code    INTEGER NOT NULL,
  reason         TEXT    NOT NULL,
  rejected_at_us INTEGER NOT NULL
) STRICT;
CREATE TABLE forward_gaps (
  first_seq      INTEGER PRIMARY KEY,
  last_seq       INTEGER NOT NULL CHECK (last_seq >= first_seq),
  noted_at_us    INTEGER NOT NULL
) STRICT;
)sql";

// The write path.
// - A redelivery is recognised by (dedupe_scope, dedupe_digest), see storage/dedupe_key.h,
//   instead of a UNIQUE index over the key text: about a third of the entry size, and new
//   orders land at the index's right edge. SQLite cannot drop a UNIQUE column in place: the
//   journal is rebuilt (foreign keys are off during migrations, and checked afterwards), with
//   its AUTOINCREMENT high-water mark carried over so no sequence number is ever handed out
//   twice.
// No index is added for the newest-first lists: the orders list walks the newest order
// revisions back (storage/read_queries.cpp), and an index on an update time would cost every
// checkout one more page in the WAL (lanecastctl's sessions list sorts its table, for an
// operator's occasional look).
constexpr const char kSchemaV5[] = R"sql(
CREATE TABLE events_v5 (
  seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
  kind                TEXT    NOT NULL CHECK (kind <> ''),
  path                TEXT    NOT NULL,
  received_at_us      INTEGER NOT NULL,
  body                BLOB    NOT NULL,
  dedupe_scope        INTEGER NOT NULL,
  dedupe_digest       BLOB    NOT NULL CHECK (length(dedupe_digest) = 16),
  session_id          TEXT,
  order_id            INTEGER,
  status              TEXT,
  zone_id             TEXT,
  answer_http_status  INTEGER NOT NULL CHECK (answer_http_status BETWEEN 100 AND 599),
  answer              TEXT    NOT NULL,
  redeliveries        INTEGER NOT NULL DEFAULT 0 CHECK (redeliveries >= 0),
  last_redelivery_us  INTEGER
) STRICT;
INSERT INTO events_v5 (seq, kind, path, received_at_us, body, dedupe_scope, dedupe_digest,
                       session_id, order_id, status, zone_id, answer_http_status, answer,
                       redeliveries, last_redelivery_us)
  SELECT seq, kind, path, received_at_us, body,
         CASE WHEN kind IN ('checkout', 'cart_mutator') AND order_id IS NOT NULL
              THEN order_id ELSE 0 END,
         lanecast_dedupe_digest(dedupe_key),
         session_id, order_id, status, zone_id, answer_http_status, answer,
         redeliveries, last_redelivery_us
  FROM events ORDER BY seq;
DELETE FROM sqlite_sequence WHERE name = 'events_v5';
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'events_v5', seq FROM sqlite_sequence WHERE name = 'events';
DROP TABLE events;
ALTER TABLE events_v5 RENAME TO events;
CREATE UNIQUE INDEX events_by_dedupe ON events (dedupe_scope, dedupe_digest);
CREATE INDEX events_by_order ON events (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX events_by_session ON events (session_id) WHERE session_id IS NOT NULL;
)sql";

// Two indexes every checkout paid a WAL page for (about 2.7 each per commit of eight
// checkouts) without need: an event carries an order id only for checkouts and cart-mutator
// requests, and for those dedupe_scope is that order id, so events_by_dedupe already finds an
// order's events (and through them its revisions, which share their seq); the mutator
// answers have mutations_by_order. The reads say `dedupe_scope = ?1 AND order_id = ?1`.
constexpr const char kSchemaV6[] = R"sql(
DROP INDEX events_by_order;
DROP INDEX order_revisions_by_order;
)sql";

// Bodies and answers compressed (storage/compression.h): compressed = 1 says that body is a zstd
// frame of the body as received; an answer of 512 bytes or more is a frame in compressed_answer
// (answer then ''), a shorter one stays text in answer (compressed_answer NULL). Rows stored
// before keep compressed = 0 and their text as it was: ADD COLUMN rewrites no row, so an
// upgrade takes no longer on a full database than on an empty one.
constexpr const char kSchemaV7[] = R"sql(
ALTER TABLE events ADD COLUMN compressed INTEGER NOT NULL DEFAULT 0
  CHECK (compressed IN (0, 1));
ALTER TABLE events ADD COLUMN compressed_answer BLOB;
)sql";

constexpr Migration kMigrations[] = {
    {1, "journal of webhooks with order, session, zone and mutation projections", kSchemaV1},
    {2, "cart-mutator answers by order", kSchemaV2},
    {3, "zone presence per shopper of a group", kSchemaV3},
    {4, "forwarding cursor, dead letters and gaps of the MQTT forwarder", kSchemaV4},
    {5, "compact dedupe keys", kSchemaV5},
    {6, "an order's events found through the dedupe index", kSchemaV6},
    {7, "bodies and answers compressed", kSchemaV7},
};

}  // namespace

std::span<const Migration> schema_migrations() { return kMigrations; }

}  // namespace lanecast::storage
