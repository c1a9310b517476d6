// The software backend: hls/'s kernel compiled natively. The default on commodity hosts and the
// golden model the other backends are compared against.
#pragma once

#include <memory>

#include "engine/pipeline.hpp"

namespace hlmm::engine {

class SoftwarePipeline final : public Pipeline {
 public:
  SoftwarePipeline();
  ~SoftwarePipeline() override;

  std::string_view backend() const override { return "sw"; }
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

 private:
  struct Memory;  // registers, both table banks and kernel state: ~9 MB, kept off the stack
  std::unique_ptr<Memory> mem_;
  std::vector<QuoteIntent> pending_;
};

}  // namespace hlmm::engine
