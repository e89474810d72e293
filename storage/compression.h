// The journal keeps every webhook's body, and every answer of 512 bytes or more, as a zstd
// frame (libzstd, level 1).
//
// Why: what a commit writes is what a commit costs. A 50-line cart-mutator request (19 KB) and
// its answer (26 KB, mostly the request echoed back) took eleven 4 KiB pages of WAL each, and
// were copied once more into the database by the checkpoint; compressed they take about one
// (a tenth of the bytes). A 3 KB checkout compresses to about 1 KB, four to a page instead of
// one. The file on disk shrinks by as much, so a store keeps the same 90 days in a third of the
// space. Level 1 compresses at several hundred MB/s on this hardware: tens of microseconds for
// a cart, on the thread that submits the record, not on the writer thread.
//
// events.compressed = 1 marks a row whose body is stored this way (storage/schema.cpp v7); its
// answer is then in compressed_answer, or, when that is NULL, in answer as text (a short one,
// see below). Rows stored before stay as they were. A frame records its size and a checksum of
// its content; decompression refuses frames without a size, claiming more than kMaxPlainBytes,
// or failing the checksum. Every function here may be called from any thread (each thread keeps
// its own zstd contexts).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/core/status.h"
#include "storage/records.h"

namespace lanecast::storage {

// Bodies are limited to http.max_body_bytes (at most 256 MiB); an answer adds lines to its
// request. A frame claiming more than twice that is not one lanecastd wrote.
inline constexpr std::size_t kMaxPlainBytes = std::size_t{512} << 20;

// A zstd frame of `plain`. The empty string stays empty (a body dropped by retention).
std::string compress(std::string_view plain);

// An answer shorter than this is kept as its text: a frame costs about 6 us however short its
// content, and a checkout's 90-byte answer does not get shorter.
inline constexpr std::size_t kShortestCompressedAnswer = 512;

// What the journal keeps of a webhook's body and answer: the body always as a frame, the answer
// as a frame from kShortestCompressedAnswer bytes on.
CompressedPayload compress_payload(std::string_view body, std::string_view answer);

// The bytes a frame from compress() holds; the empty string stays empty.
Result<std::string> decompress(std::string_view frame);

}  // namespace lanecast::storage
