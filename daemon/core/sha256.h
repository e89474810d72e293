// SHA-256 (FIPS 180-4), for content-addressed deduplication and rule-set versions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lanecast {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view data);
// The same digest without the CPU's SHA extensions, for tests that compare both paths.
Sha256Digest sha256_portable(std::string_view data);
// Whether sha256() uses the x86 SHA extensions on this CPU.
bool sha256_uses_cpu_extensions();

// Lowercase hex, 64 characters.
std::string sha256_hex(std::string_view data);

}  // namespace lanecast
