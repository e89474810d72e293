// Forced into daemon/core only in LANECAST_FUZZ builds with clang < 15, which rejects
// __builtin_cpu_supports("sha"): the CPU's SHA extensions are then reported absent and
// SHA-256 runs its portable code.
#pragma once
#define __builtin_cpu_supports(feature) 0
