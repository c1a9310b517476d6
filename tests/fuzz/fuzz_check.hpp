// Shared by the fuzz entry points: a check that stops the process loudly (libFuzzer records the
// input as a crash; the replay driver's ctest fails), so broken invariants count as findings, not
// only memory errors.
#pragma once

#include <cstdio>
#include <cstdlib>

#define HLMM_FUZZ_CHECK(cond)                                                        \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)
