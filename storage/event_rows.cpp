#include "storage/event_rows.h"

#include "storage/sql.h"

namespace lanecast::storage {

StoredEvent event_from_row(sqlite3_stmt* s) {
  StoredEvent event;
  event.seq = sql::column_int(s, 0);
  event.kind = sql::column_text(s, 1);
  event.path = sql::column_text(s, 2);
  event.received_at_us = sql::column_int(s, 3);
  event.session_id = sql::column_text(s, 4);
  event.order_id = sql::column_optional_int(s, 5);
  event.status = sql::column_text(s, 6);
  event.zone_id = sql::column_text(s, 7);
  event.redeliveries = static_cast<int>(sql::column_int(s, 8));
  event.body = sql::column_text(s, 9);
  event.answer_http_status = static_cast<int>(sql::column_int(s, 10));
  event.answer = sql::column_text(s, 11);
  return event;
}

}  // namespace lanecast::storage
