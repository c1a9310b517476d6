#include "engine/backends.hpp"

#include "engine/software_pipeline.hpp"
#ifdef HLMM_WITH_VERILATOR
#include "verilated_pipeline.hpp"
#endif
#ifdef HLMM_WITH_SYSTEMC
#include "systemc_pipeline.hpp"
#endif

namespace hlmm::engine {

std::vector<BackendInfo> compiled_backends() {
  return {
      {"sw", "hls/ kernel compiled natively (golden model)", true, ""},
#ifdef HLMM_WITH_VERILATOR
      {"verilator", "rtl/ simulated cycle-accurately (Verilator)", true, ""},
#endif
#ifdef HLMM_WITH_SYSTEMC
      {"systemc", "rtl/ inside a SystemC card model (PCIe DMA queues, 300 MHz clock)", true, ""},
#endif
  };
}

std::unique_ptr<Pipeline> make_pipeline(std::string_view name) {
  if (name == "sw" || name == "auto") return std::make_unique<SoftwarePipeline>();
#ifdef HLMM_WITH_VERILATOR
  if (name == "verilator") return std::make_unique<sim::VerilatedPipeline>();
#endif
#ifdef HLMM_WITH_SYSTEMC
  if (name == "systemc") return std::make_unique<sim::SystemcPipeline>();
#endif
  if (name == "verilator" || name == "systemc" || name == "xrt") {
    throw PipelineError("backend '" + std::string(name) + "' is not compiled into this build; use --backend sw");
  }
  throw PipelineError("unknown backend '" + std::string(name) + "' (sw, verilator, systemc, xrt, auto)");
}

}  // namespace hlmm::engine
