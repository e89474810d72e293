// Opening a server-sent event stream of lane changes for one client: the first event is a
// full snapshot, or, with a Last-Event-ID the hub still remembers, exactly the changes the
// client missed; then every change matching the filter, each once, in order. Which streams
// are admitted is the StreamRegistry's business (see its header).
//
// Thread: open_lane_stream() on the libmicrohttpd thread; the hub delivers changes on the
// thread that fed it (the storage writer's completions, the main loop).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "daemon/app/lane_stream_snapshots.h"
#include "daemon/app/stream_registry.h"
#include "daemon/http/reply.h"
#include "display/lane_hub.h"

namespace lanecast::app {

struct StreamRequest {
  display::ChangeFilter filter;  // zone "" with alerts: the staff stream
  std::optional<std::uint64_t> last_event_id;
  std::string client_address;
};

// Sends the stream (or a 503 too_many_streams, saying which limit, when the registry refuses
// it) through `reply`. The first snapshot comes from `snapshots`, shared with other streams.
void open_lane_stream(display::LaneHub& hub, StreamRegistry& streams,
                      LaneStreamSnapshots& snapshots, const StreamRequest& request,
                      const std::shared_ptr<http::Reply>& reply);

}  // namespace lanecast::app
