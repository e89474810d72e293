// SHA-256 (FIPS 180-4), for content-addressed deduplication, rule-set versions and comparing
// bearer tokens in constant time. Computed by Nettle, which picks the CPU's SHA extensions
// itself where they exist.
//
// Thread: pure functions with no shared state; any thread may call them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lanecast {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);

// Lowercase hex, 64 characters.
std::string sha256_hex(std::string_view data);

}  // namespace lanecast
