// Stored records as JSON for --json output and exports: integers exact (written as JSON
// integers, never through a double), money as the store's decimal string beside its integer
// minor units, times as UTC ISO-8601. Events keep the field names of GET /api/events.
//
// Thread: any; every function returns a new tree the caller owns.
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <optional>
#include <string>

#include "daemon/core/json.h"
#include "storage/records.h"

namespace lanecast::ctl {

void add_integer(cJSON* object, const char* name, std::int64_t value);
void add_optional_integer(cJSON* object, const char* name, const std::optional<std::int64_t>& value);
// "name": "12.49" and "nameMinor": 1249; both null when absent.
void add_money(cJSON* object, const char* name, const std::optional<std::int64_t>& minor, int decimals);
void add_time(cJSON* object, const char* name, std::int64_t unix_micros);  // null for 0

JsonPtr event_json(const storage::StoredEvent& event);
JsonPtr order_json(const storage::OrderSummary& summary, int decimals);
JsonPtr session_json(const storage::SessionSummary& session);

// Pretty text with a final newline, for people reading --json output.
std::string pretty_json(const cJSON* json);
// A stored JSON body indented for reading, every token kept byte for byte (numbers are not
// re-printed, so 1.10 stays 1.10); the text itself when it is not JSON.
std::string pretty_body(const std::string& body);

}  // namespace lanecast::ctl
