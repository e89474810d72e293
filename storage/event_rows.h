// Whole events as queries return them: one column list and one row reader, shared by the
// read API (storage/read_queries.cpp) and the forwarder's outbox (storage/forward_outbox.cpp).
//
// Internal to storage/.
#pragma once

#include <sqlite3.h>

#include <vector>

#include "daemon/core/status.h"
#include "storage/records.h"

namespace lanecast::storage {

// The columns read_events() reads, in its order. (A macro only so that the query below is
// one string literal, built by the compiler.)
#define LANECAST_EVENT_COLUMNS                                                                 \
  "seq, kind, path, received_at_us, session_id, order_id, status, zone_id, redeliveries, "   \
  "body, answer_http_status, answer, compressed, compressed_answer"
inline constexpr char kEventColumns[] = LANECAST_EVENT_COLUMNS;

// Up to ?2 whole events after seq ?1, oldest first.
inline constexpr char kSelectEventsAfter[] =
    "SELECT " LANECAST_EVENT_COLUMNS " FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2";
#undef LANECAST_EVENT_COLUMNS

// A stored answer from its two columns of the current row: the zstd frame in `frame_column`,
// or, when that is NULL (a short answer, or a row from before schema 7), the text in
// `text_column` (storage/compression.h).
Result<std::string> answer_from_columns(sqlite3_stmt* row, int text_column, int frame_column);

// Steps `statement` (which selects kEventColumns) to its end, appending each row to `events`
// with its body and answer decompressed, and resets it. `what` names the read in errors.
Status read_events(sqlite3_stmt* statement, const char* what, std::vector<StoredEvent>& events);

}  // namespace lanecast::storage
