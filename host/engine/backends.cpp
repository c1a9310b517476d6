#include "engine/backends.hpp"

namespace hlmm::engine {

std::vector<BackendInfo> compiled_backends() {
  // Each backend adds itself here when it lands (sw, verilator, systemc, xrt).
  return {};
}

}  // namespace hlmm::engine
