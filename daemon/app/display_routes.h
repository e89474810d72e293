// The screens' routes: pages and their assets, lane snapshots and event streams, staff
// alerts and recent orders.
//
// Access: the customer display (page, lane snapshots and one-lane streams) is public: it
// shows no one's identity. Everything for staff (all-lane stream with alerts, alerts, orders)
// is loopback-or-staff-token.
// Thread: handlers run on the libmicrohttpd thread.
#pragma once

#include <string>

#include "daemon/app/lane_stream_snapshots.h"
#include "daemon/app/stream_registry.h"
#include "daemon/http/router.h"
#include "display/lane_hub.h"
#include "storage/reader.h"

namespace lanecast::app {

struct DisplayContext {
  display::LaneHub& hub;
  StreamRegistry& streams;
  LaneStreamSnapshots& snapshots;
  storage::Reader& reader;
  int decimals = 2;
  std::string page_config_json;  // GET /api/display/config
  std::string logo;              // the store's logo file, "" for the built-in one
  std::string logo_type;
};

void add_display_routes(http::Router& router, DisplayContext& context);

}  // namespace lanecast::app
