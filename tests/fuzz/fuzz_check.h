// What a fuzz harness asserts: a failed check prints what and where, then aborts, so libFuzzer
// (or the replay driver) reports the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                      \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #condition, \
                   what);                                                                \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)
