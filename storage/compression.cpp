#include "storage/compression.h"

#include <zstd.h>

#include <memory>
#include <new>

namespace lanecast::storage {
namespace {

constexpr int kLevel = 1;

struct CompressContextFree {
  void operator()(ZSTD_CCtx* context) const noexcept { ZSTD_freeCCtx(context); }
};
struct DecompressContextFree {
  void operator()(ZSTD_DCtx* context) const noexcept { ZSTD_freeDCtx(context); }
};

// Level 1, with a checksum of the content in every frame: SQLite checks no page's contents,
// so a damaged frame would otherwise decode to other bytes of the right length.
ZSTD_CCtx* new_compress_context() {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  if (context == nullptr) throw std::bad_alloc();
  if (ZSTD_isError(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, kLevel)) ||
      ZSTD_isError(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))) {
    ZSTD_freeCCtx(context);
    throw std::bad_alloc();
  }
  return context;
}

// One context per thread, kept: a fresh one costs more than compressing a checkout.
ZSTD_CCtx* compress_context() {
  thread_local std::unique_ptr<ZSTD_CCtx, CompressContextFree> context(new_compress_context());
  return context.get();
}

ZSTD_DCtx* decompress_context() {
  thread_local std::unique_ptr<ZSTD_DCtx, DecompressContextFree> context(ZSTD_createDCtx());
  if (!context) throw std::bad_alloc();
  return context.get();
}

}  // namespace

std::string compress(std::string_view plain) {
  if (plain.empty()) return {};
  std::string frame(ZSTD_compressBound(plain.size()), '\0');
  const std::size_t size =
      ZSTD_compress2(compress_context(), frame.data(), frame.size(), plain.data(), plain.size());
  // With a buffer of ZSTD_compressBound() bytes, only a failed allocation inside libzstd fails.
  if (ZSTD_isError(size)) throw std::bad_alloc();
  frame.resize(size);
  return frame;
}

CompressedPayload compress_payload(std::string_view body, std::string_view answer) {
  CompressedPayload payload;
  payload.body = compress(body);
  if (answer.size() >= kShortestCompressedAnswer) payload.answer = compress(answer);
  return payload;
}

Result<std::string> decompress(std::string_view frame) {
  if (frame.empty()) return std::string();
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::corrupt("a stored body or answer is not a zstd frame of known size");
  }
  if (size > kMaxPlainBytes) {
    return Status::corrupt("a stored body or answer claims " + std::to_string(size) + " bytes");
  }
  std::string plain(static_cast<std::size_t>(size), '\0');
  const std::size_t got = ZSTD_decompressDCtx(decompress_context(), plain.data(), plain.size(),
                                              frame.data(), frame.size());
  if (ZSTD_isError(got)) {
    return Status::corrupt(std::string("a stored body or answer does not decompress: ") +
                           ZSTD_getErrorName(got));
  }
  if (got != plain.size()) {
    return Status::corrupt("a stored body or answer is shorter than it says");
  }
  return plain;
}

}  // namespace lanecast::storage
