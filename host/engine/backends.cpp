#include "engine/backends.hpp"

#include "engine/software_pipeline.hpp"

namespace hlmm::engine {

std::vector<BackendInfo> compiled_backends() {
  return {
      {"sw", "hls/ kernel compiled natively (golden model)", true, ""},
  };
}

std::unique_ptr<Pipeline> make_pipeline(std::string_view name) {
  if (name == "sw" || name == "auto") return std::make_unique<SoftwarePipeline>();
  if (name == "verilator" || name == "systemc" || name == "xrt") {
    throw PipelineError("backend '" + std::string(name) + "' is not compiled into this build; use --backend sw");
  }
  throw PipelineError("unknown backend '" + std::string(name) + "' (sw, verilator, systemc, xrt, auto)");
}

}  // namespace hlmm::engine
