// The journal keeps every webhook's body and answer as zstd frames (libzstd, level 1).
//
// Why: what a commit writes is what a commit costs. A 50-line cart-mutator request (19 KB) and
// its answer (26 KB, mostly the request echoed back) took eleven 4 KiB pages of WAL each, and
// were copied once more into the database by the checkpoint; compressed they take about one
// (a tenth of the bytes). A 3 KB checkout compresses to about 1 KB, four to a page instead of
// one. The file on disk shrinks by as much, so a store keeps the same 90 days in a third of the
// space. Level 1 compresses at several hundred MB/s on this hardware: tens of microseconds for
// a cart, on the thread that submits the record, not on the writer thread.
//
// events.compressed = 1 marks a row stored this way (storage/schema.cpp v7); rows stored before
// stay as they were. A frame records its size and a checksum of its content; decompression
// refuses frames without a size, claiming more than kMaxPlainBytes, or failing the checksum.
// Both functions may be called from any thread (each thread keeps its own zstd context).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::storage {

// Bodies are limited to http.max_body_bytes (at most 256 MiB); an answer adds lines to its
// request. A frame claiming more than twice that is not one lanecastd wrote.
inline constexpr std::size_t kMaxPlainBytes = std::size_t{512} << 20;

// A zstd frame of `plain`. The empty string stays empty (a body dropped by retention).
std::string compress(std::string_view plain);

// The bytes a frame from compress() holds; the empty string stays empty.
Result<std::string> decompress(std::string_view frame);

}  // namespace lanecast::storage
