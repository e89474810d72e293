// The read API for pages and tools: GET /api/orders/{orderId}, GET /api/events.
// Served to loopback clients without a token, to anyone else with a staff token.
//
// Thread: handlers run on the libmicrohttpd thread and post the query to the storage
// reader thread, which answers.
#pragma once

#include "daemon/http/router.h"
#include "storage/reader.h"

namespace lanecast::app {

struct ReadContext {
  storage::Reader& reader;
  int decimals = 2;
};

void add_read_routes(http::Router& router, ReadContext& context);

}  // namespace lanecast::app
