// How a redelivery is recognised on disk: the record's dedupe key (records.h) is stored as a
// 16-byte digest under a scope, and the UNIQUE index over (scope, digest) decides new versus
// redelivery.
//
// Why not the key text itself: the text (about 90 bytes, most of it a SHA-256 in hex) made
// the largest index of the database, and a wider index entry means more pages dirtied and
// written to the WAL per record. 16 bytes of SHA-256 keep a collision out of reach (2^-64 even
// after 2^32 events in one scope); the scope puts the digests of one order next to each other
// and, since order ids grow, new orders at the right edge of the index, where a batch of new
// records shares its pages instead of touching one fresh page each.
//
// The scope is a function of the key's own inputs, so identical keys always get the same
// scope: the order id for checkouts and cart-mutator requests (it is part of the hashed body),
// 0 for every other kind.
//
// Thread: pure functions; any thread.
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "daemon/core/status.h"
#include "storage/records.h"

namespace lanecast::storage {

using DedupeDigest = std::array<std::uint8_t, 16>;

DedupeDigest dedupe_digest(std::string_view dedupe_key);

std::int64_t dedupe_scope(const WebhookRecord& record);

// Makes lanecast_dedupe_digest(key TEXT) -> BLOB available in SQL on `db`, for the migration
// that converts stored key texts (schema v5). Registered on every read-write connection.
Status register_dedupe_functions(sqlite3* db);

}  // namespace lanecast::storage
