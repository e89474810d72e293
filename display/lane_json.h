// JSON renderings of lanes, carts and alerts, as the customer and staff pages read them.
//
// Money appears twice, as exact integer minor units and as the store's decimal text:
//   "total_minor": 1099, "total": "10.99"
// Integers (minor units, ids, sequence numbers, microsecond times) are written as exact
// integer text, never through a double. Times are microseconds since the Unix epoch ("_us").
// Shapes:
//   lane:  {"zone","seq","phase","phase_since_us","updated_at_us","shoppers","attention",
//           "order_id" (number|null), "payment" ("paid"|"processing"|"unpaid"|null),
//           "cart" (cart|null)}
//   cart:  {"item_count","omitted_lines",
//           "lines":[{"name","quantity","kind","unit_price_minor","unit_price",
//           "line_total_minor","line_total"}], "taxes":[{"title","rate","amount_minor",
//           "amount"}], "total_minor","total","tax_minor","tax","subtotal_minor","subtotal"}
//   alert: {"id","seq","kind","zone" (string|null),"order_id" (number|null),"text",
//           "raised_at_us","acknowledged","acknowledged_at_us" (number|null)}
//
// A cart shows at most kMaxLinesShown lines, its last ones; "omitted_lines" counts those
// before them that are left out. However large a cart, a lane's JSON stays small enough to
// reach every screen (a stream cuts off a client that falls 1 MiB behind).
//
// Thread: pure functions; callable from any thread. Each returns nullptr only when cJSON runs
// out of memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/core/json.h"
#include "daemon/core/money.h"
#include "display/cart_view.h"
#include "display/lane_view.h"

namespace lanecast::display {

inline constexpr std::size_t kMaxLinesShown = 100;

// Adds `name` as an exact integer. `name` is not copied: a string literal (or any text that
// outlives the object).
void add_json_integer(cJSON* object, const char* name, std::int64_t value);
// Adds "<name>_minor" (integer) and "<name>" (decimal text with `decimals` places).
void add_json_money(cJSON* object, const char* name, MinorUnits amount, int decimals);

JsonPtr cart_to_json(const CartView& cart, int decimals);
JsonPtr lane_to_json(const LaneView& lane, int decimals);
JsonPtr alert_to_json(const Alert& alert);

// One server-sent event as the pages read it: "id: <id>\nevent: <type>\ndata: <json>\n\n"
// (json must be one line, as json_print writes it). The hub frames each change once, here,
// so that every stream sends the same bytes without formatting them again.
std::string sse_event(std::uint64_t id, std::string_view type, std::string_view json);
// Where `json` starts in sse_event(id, type, json).
std::size_t sse_data_offset(std::uint64_t id, std::string_view type);

}  // namespace lanecast::display
