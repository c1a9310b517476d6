// The `verilator` backend: the Pipeline interface over the Verilated RTL (rtl/), driven cycle by
// cycle through RtlHarness. Configuration goes through the AXI4-Lite control port exactly as the
// card's driver would write it (register_map.hpp); book_stats and position read the RTL's state
// back through the same port.
#pragma once

#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/pipeline.hpp"
#include "rtl_harness.hpp"

namespace hlmm::sim {

class VerilatedPipeline final : public engine::Pipeline {
 public:
  explicit VerilatedPipeline(const HarnessOptions& options = {});
  ~VerilatedPipeline() override;

  std::string_view backend() const override { return "verilator"; }
  void configure(const GlobalConfig& global) override;
  void configure_asset(std::uint8_t asset, const AssetConfig& config) override;
  void set_global_kill(bool on) override;
  void set_asset_kill(std::uint8_t asset, bool on) override;
  void load_table(std::uint8_t asset, const PolicyTable& table) override;
  void swap_table(std::uint8_t asset) override;
  void push(std::span<const MarketEvent> events) override;
  std::size_t drain(std::vector<QuoteIntent>& out) override;
  PipelineCounters counters() const override;
  BookStats book_stats(std::uint8_t asset) const override;
  Size position(std::uint8_t asset) const override;

  RtlHarness& harness() { return *harness_; }

 private:
  void write_table_ctrl(std::uint8_t asset);

  std::unique_ptr<RtlHarness> harness_;  // reads clock the model, hence mutable through const
  GlobalConfig global_{};
  std::array<AssetConfig, kMaxAssets> assets_{};
  std::array<std::uint8_t, kMaxAssets> active_{};
  std::array<std::array<std::uint8_t, 2>, kMaxAssets> valid_{};
  std::vector<QuoteIntent> pending_;
};

}  // namespace hlmm::sim
