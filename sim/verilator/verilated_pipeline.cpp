#include "verilated_pipeline.hpp"

namespace hlmm::sim {

VerilatedPipeline::VerilatedPipeline(const HarnessOptions& options) : harness_(std::make_unique<RtlHarness>(options)) {
  check_identity("verilator");
}

VerilatedPipeline::~VerilatedPipeline() = default;

void VerilatedPipeline::push(std::span<const MarketEvent> events) { harness_->run(events, pending_); }

}  // namespace hlmm::sim
