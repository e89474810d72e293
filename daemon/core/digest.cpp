#include "daemon/core/digest.h"

#include <nettle/sha2.h>

namespace lanecast {

Sha256Digest sha256(std::string_view data) {
  static_assert(SHA256_DIGEST_SIZE == std::tuple_size_v<Sha256Digest>);
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  Sha256Digest digest;
  sha256_digest(&context, digest.size(), digest.data());
  return digest;
}

std::string sha256_hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  const Sha256Digest digest = sha256(data);
  std::string out;
  out.reserve(2 * digest.size());
  for (std::uint8_t byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0f]);
  }
  return out;
}

}  // namespace lanecast
