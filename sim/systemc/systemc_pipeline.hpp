// The `systemc` backend: the Pipeline interface over the SystemC card model (card_model.hpp), as
// a driver of the real card would run it. Configuration and tables are posted register writes
// through the card's AXI4-Lite register file (sim/verilator/register_map.hpp, the one register
// map); records go through the host->card DMA queue and intents come back through the card->host
// one, so every figure is in the host's simulated time, PCIe round trip included.
#pragma once

#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "card_model.hpp"
#include "engine/pipeline.hpp"

namespace hlmm::sim {

class SystemcPipeline final : public engine::Pipeline {
 public:
  explicit SystemcPipeline(const card::CardOptions& options = {});
  ~SystemcPipeline() override;

  std::string_view backend() const override { return "systemc"; }
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

  card::CardModel& card() { return *card_; }

 private:
  void write_image(std::uint32_t addr, const void* bytes, std::size_t size);
  std::uint64_t read64(std::uint32_t addr) const;
  void write_table_ctrl(std::uint8_t asset);

  std::unique_ptr<card::CardModel> card_;  // reads advance simulated time, hence mutable through const
  GlobalConfig global_{};
  std::array<AssetConfig, kMaxAssets> assets_{};
  std::array<std::uint8_t, kMaxAssets> active_{};
  std::array<std::array<std::uint8_t, 2>, kMaxAssets> valid_{};
  std::vector<QuoteIntent> pending_;
};

}  // namespace hlmm::sim
