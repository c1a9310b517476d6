// The `verilator` backend: the Pipeline interface over the Verilated RTL (rtl/), driven cycle by
// cycle through RtlHarness. Configuration goes through the AXI4-Lite control port exactly as the
// card's driver would write it (RegisterPipeline, register_map.hpp); book_stats and position read
// the RTL's state back through the same port.
#pragma once

#include <memory>
#include <string_view>

#include "register_pipeline.hpp"
#include "rtl_harness.hpp"

namespace hlmm::sim {

class VerilatedPipeline final : public RegisterPipeline {
 public:
  explicit VerilatedPipeline(const HarnessOptions& options = {});
  ~VerilatedPipeline() override;

  std::string_view backend() const override { return "verilator"; }
  void push(std::span<const MarketEvent> events) override;

  RtlHarness& harness() { return *harness_; }

 private:
  void bus_write32(std::uint32_t addr, std::uint32_t data) override { harness_->write32(addr, data); }
  std::uint32_t bus_read32(std::uint32_t addr) const override { return harness_->read32(addr); }

  std::unique_ptr<RtlHarness> harness_;  // reads clock the model, hence mutable through const
};

}  // namespace hlmm::sim
