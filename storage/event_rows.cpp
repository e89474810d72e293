#include "storage/event_rows.h"

#include "storage/compression.h"
#include "storage/sql.h"

namespace lanecast::storage {
namespace {

Status event_from_row(sqlite3_stmt* s, StoredEvent& event) {
  event.seq = sql::column_int(s, 0);
  event.kind = sql::column_text(s, 1);
  event.path = sql::column_text(s, 2);
  event.received_at_us = sql::column_int(s, 3);
  event.session_id = sql::column_text(s, 4);
  event.order_id = sql::column_optional_int(s, 5);
  event.status = sql::column_text(s, 6);
  event.zone_id = sql::column_text(s, 7);
  event.redeliveries = static_cast<int>(sql::column_int(s, 8));
  event.answer_http_status = static_cast<int>(sql::column_int(s, 10));
  if (sql::column_int(s, 12) == 0) {
    event.body = sql::column_text(s, 9);
  } else {
    auto body = decompress(sql::column_bytes(s, 9));
    if (!body.is_ok()) return body.status();
    event.body = std::move(body).value();
  }
  auto answer = answer_from_columns(s, 11, 13);
  if (!answer.is_ok()) return answer.status();
  event.answer = std::move(answer).value();
  return Status::ok();
}

}  // namespace

Result<std::string> answer_from_columns(sqlite3_stmt* row, int text_column, int frame_column) {
  if (sqlite3_column_type(row, frame_column) == SQLITE_NULL) {
    return sql::column_text(row, text_column);
  }
  return decompress(sql::column_bytes(row, frame_column));
}

Status read_events(sqlite3_stmt* statement, const char* what, std::vector<StoredEvent>& events) {
  return sql::each_row(statement, what, [&](sqlite3_stmt* row) {
    StoredEvent event;
    Status status = event_from_row(row, event);
    if (!status.is_ok()) {
      return Status::corrupt("event " + std::to_string(event.seq) + ": " + status.message());
    }
    events.push_back(std::move(event));
    return Status::ok();
  });
}

}  // namespace lanecast::storage
