// What goes on the wire to the broker: topics and CloudEvents 1.0 structured-mode JSON
// (docs/fleet.md describes the layout for consumers).
//
// Every event's message is built from what the journal holds, so a retry (after a reconnect
// or a restart) carries byte for byte the same message: same id, same sequence, same data.
//
// Thread: any; pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/forward_outbox.h"

namespace lanecast::forward {

struct MessageContext {
  std::string store_id;      // one topic level
  std::string topic_prefix;  // "lanecast", "retail/eu"
};

// "<topic_prefix>/<store id>/<kind>" ("lanecast/store-7/checkout"); gaps go to ".../gap".
std::string event_topic(const MessageContext& context, std::string_view kind);
// "<topic_prefix>/<store id>/status": retained, "online" or "offline".
std::string status_topic(const MessageContext& context);

// The CloudEvent of one journaled webhook:
//   specversion "1.0", id "<store id>-<seq>", source "urn:lanecast:store:<store id>",
//   type "lanecast.<kind>", time (when lanecast received it, RFC 3339 UTC),
//   datacontenttype "application/json", sequence <seq> (an integer, contiguous per store),
//   data { seq, kind, orderId, sessionId, status, zoneId, body: the AiFi body as received
//          (a JSON value), answer: { httpStatus, body: lanecast's answer (a JSON value) } }.
// Absent fields are null. The body and answer are copied in verbatim: the journal holds
// only bodies the strict webhook parser accepted and answers lanecast printed, both JSON; a
// body emptied by an older retention run, or text that is not a JSON object or array, is
// sent as a JSON string instead, so the envelope always parses.
std::string event_message(const MessageContext& context, const storage::StoredEvent& event);

// A gap: sequence numbers first..last are missing from the journal and will never be sent.
// id "<store id>-<last>", type "lanecast.gap", sequence <last>, data { firstSeq, lastSeq },
// time `time_us`: when the event after the gap was received, so a retry is the same message.
// A consumer that keeps a high-water mark moves it to `last` and knows what it lacks.
std::string gap_message(const MessageContext& context, const storage::Gap& gap,
                        std::int64_t time_us);

// The retained status: {"state":"online","acknowledgedSequence":N,"time":...} or, as the
// Last Will the broker publishes when the connection dies, {"state":"offline"}.
std::string online_message(std::int64_t acked_seq, std::int64_t now_us);
std::string offline_message();

}  // namespace lanecast::forward
