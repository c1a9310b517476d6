// Counts heap allocations for "this path does not allocate" tests. Linking hlmm_alloc_counter
// replaces the global operator new/delete (every form) of the whole executable, so give such a
// test its own executable.
#pragma once

namespace hlmm::test {

// Allocations through operator new (any form) since the process started.
long allocations();

}  // namespace hlmm::test
