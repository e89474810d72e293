// What the daemon asks storage to keep, and what storage hands back. Domain terms, no SQL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lanecast::storage {

// Order status precedence, as ranks: draft 0 < completed 1 < reviewed 2.
struct OrderUpdate {
  std::int64_t order_id = 0;
  std::string status;        // "draft", "completed", "reviewed"
  int status_rank = 0;
  std::string external_ref;  // stable local order reference given to AiFi ("LC-1234")
  std::optional<std::int64_t> total_minor;
  std::optional<std::int64_t> tax_minor;
  std::optional<std::int64_t> subtotal_minor;
  std::string payment_status;
  std::optional<std::int64_t> store_id;
};

struct ZoneUpdate {
  std::string zone_id;
  bool entered = true;
  bool attention_needed = false;
  std::int64_t time_of_origin_us = 0;
  std::string shopper_id;  // the group member; "" for a payload that names only the session
};

// A cart-mutator answer, kept with its request (the event's body).
struct MutationInfo {
  std::string rules_version;  // hash of the rule set that produced the answer; "" = none
  std::int64_t duration_us = 0;
  bool fell_back = false;     // the answer is the unmodified echo because something failed
  std::string failure;        // why, when fell_back
  std::optional<std::int64_t> total_minor;  // the answer's totals, to spot skipped mutations
  std::optional<std::int64_t> tax_minor;
};

// Body and answer of a record as the journal keeps them (storage/compression.h). Writer::submit
// makes them on the submitting thread, so the writer thread only copies bytes.
struct CompressedPayload {
  std::string body;                   // a zstd frame of the body
  std::optional<std::string> answer;  // a zstd frame of the answer; none: kept as its text
};

// One accepted webhook, as the daemon hands it to the writer.
struct WebhookRecord {
  std::string kind;             // "checkout", "cart_mutator", "zone_entered", "zone_left"
  std::string path;             // request path as received
  std::int64_t received_at_us = 0;
  std::string body;             // raw bytes exactly as received (Writer::submit releases it
                                // once compressed)
  // Identical key => a redelivery: stored once, answered with the stored answer.
  //   checkout:      "checkout|<orderId>|<status>|<sha256(body)>"
  //   cart mutator:  "cart_mutator|<sha256(body)>"
  //   zone:          "zone|<session>|<zone>|<entered|left>|<timeOfOrigin as sent>"
  //                  [+ "|shopper:<shopperId>"] [+ "|attention"] (webhooks::ZoneEvent)
  std::string dedupe_key;
  std::string session_id;       // "" when absent
  std::optional<std::int64_t> order_id;
  std::string status;           // order status for checkout/mutator, "" otherwise
  std::string zone_id;          // zone events only
  int answer_http_status = 200;
  std::string answer;           // the JSON answer to give if this record is new
  std::optional<OrderUpdate> order;      // checkout only
  std::optional<ZoneUpdate> zone;        // zone events only
  std::optional<MutationInfo> mutation;  // cart mutator only
  // Filled by Writer::submit, the only way a record reaches the writer.
  std::optional<CompressedPayload> compressed;
};

// The writer's verdict on one record, after the COMMIT that holds it.
struct StoredAnswer {
  std::int64_t seq = 0;        // the event's sequence number (the original's, for a duplicate)
  bool duplicate = false;      // an identical record was already stored
  int http_status = 200;
  std::string answer;          // the stored answer: for a duplicate, the original's answer
  // A new completed checkout whose total differs from the last priced (not fallen back)
  // cart-mutator answer for its order: AiFi went ahead without the mutation. That answer's
  // total; nullopt otherwise.
  std::optional<std::int64_t> skipped_mutation_total;
};

// A stored event, for GET /api/events and replay.
struct StoredEvent {
  std::int64_t seq = 0;
  std::string kind;
  std::string path;
  std::int64_t received_at_us = 0;
  std::string session_id;
  std::optional<std::int64_t> order_id;
  std::string status;
  std::string zone_id;
  int redeliveries = 0;        // how many identical copies arrived after the first
  std::string body;            // raw bytes as received
  int answer_http_status = 200;
  std::string answer;          // what lanecast answered
};

struct OrderRevision {
  std::int64_t seq = 0;
  std::string status;
  std::int64_t received_at_us = 0;
  std::optional<std::int64_t> total_minor;
  std::optional<std::int64_t> tax_minor;
  std::optional<std::int64_t> subtotal_minor;
  std::string payment_status;
  bool applied = false;        // false: a lower-precedence status that arrived late
};

struct OrderState {
  std::int64_t order_id = 0;
  std::string external_ref;
  std::string session_id;
  std::string status;
  std::optional<std::int64_t> total_minor;
  std::optional<std::int64_t> tax_minor;
  std::optional<std::int64_t> subtotal_minor;
  std::string payment_status;
  std::int64_t first_seen_us = 0;
  std::int64_t updated_at_us = 0;
  std::vector<OrderRevision> revisions;  // in arrival order
};

// A cart-mutator answer as stored for one order (the request and the answer text are the
// event with this seq), for the order views and lanecastctl.
struct OrderMutation {
  std::int64_t seq = 0;
  std::string status;          // the order status the request carried
  std::int64_t received_at_us = 0;
  std::string rules_version;   // "" = no rule set was loaded
  std::int64_t duration_us = 0;
  bool fell_back = false;      // the answer was the unmodified echo
  std::string failure;         // why, when fell_back
  std::optional<std::int64_t> total_minor;  // the answer's totals
  std::optional<std::int64_t> tax_minor;
};

// An order with everything known about how it came to be.
struct OrderSummary {
  OrderState order;                      // latest state and every revision, in arrival order
  std::vector<OrderMutation> mutations;  // every cart-mutator answer, in arrival order
};

// One shopping trip as the sessions table keeps it.
struct SessionSummary {
  std::string session_id;
  std::int64_t first_seen_us = 0;
  std::int64_t last_seen_us = 0;
  std::string last_zone_id;                  // "" when never seen in a checkout zone
  std::optional<std::int64_t> last_order_id;
  std::int64_t event_count = 0;              // stored events of the session (redeliveries not counted)
};

// The writer's progress, for health and watchdog.
struct WriterStats {
  std::uint64_t batches = 0;        // committed transactions
  std::uint64_t records = 0;        // records committed (new + duplicates)
  std::uint64_t failures = 0;       // batches that failed
  std::uint64_t heartbeats = 0;     // increments at least once a second while the thread runs
  std::uint64_t checkpoints = 0;    // WAL checkpoints that copied the whole WAL
  std::uint64_t checkpoints_by_writer = 0;  // of those, finished by the writer (sustained load)
  int wal_pages = 0;                // frames in the WAL after the last commit
  std::string last_error;           // "" after a successful batch
  std::size_t queue_depth = 0;
};

}  // namespace lanecast::storage
