// Whole events as queries return them: one column list and one row reader, shared by the
// read API (storage/read_queries.cpp) and the forwarder's outbox (storage/forward_outbox.cpp).
//
// Internal to storage/.
#pragma once

#include <sqlite3.h>

#include "storage/records.h"

namespace lanecast::storage {

// The columns event_from_row() reads, in its order. (A macro only so that the query below is
// one string literal, built by the compiler.)
#define LANECAST_EVENT_COLUMNS                                                                 \
  "seq, kind, path, received_at_us, session_id, order_id, status, zone_id, redeliveries, "   \
  "body, answer_http_status, answer"
inline constexpr char kEventColumns[] = LANECAST_EVENT_COLUMNS;

// Up to ?2 whole events after seq ?1, oldest first.
inline constexpr char kSelectEventsAfter[] =
    "SELECT " LANECAST_EVENT_COLUMNS " FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2";
#undef LANECAST_EVENT_COLUMNS

// The current row of a statement that selects kEventColumns.
StoredEvent event_from_row(sqlite3_stmt* row);

}  // namespace lanecast::storage
