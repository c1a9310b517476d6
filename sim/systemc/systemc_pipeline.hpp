// The `systemc` backend: the Pipeline interface over the SystemC card model (card_model.hpp), as
// a driver of the real card would run it. Configuration and tables are posted register writes
// through the card's AXI4-Lite register file (RegisterPipeline over sim/verilator/register_map.hpp,
// the one register map); records go through the host->card DMA queue and intents come back
// through the card->host one, so every figure is in the host's simulated time, PCIe round trip
// included.
#pragma once

#include <memory>
#include <string_view>

#include "card_model.hpp"
#include "register_pipeline.hpp"

namespace hlmm::sim {

class SystemcPipeline final : public RegisterPipeline {
 public:
  explicit SystemcPipeline(const card::CardOptions& options = {});
  ~SystemcPipeline() override;

  std::string_view backend() const override { return "systemc"; }
  void push(std::span<const MarketEvent> events) override;

  card::CardModel& card() { return *card_; }

 private:
  void bus_write32(std::uint32_t addr, std::uint32_t data) override { card_->mmio_write32(addr, data); }
  std::uint32_t bus_read32(std::uint32_t addr) const override { return card_->mmio_read32(addr); }

  std::unique_ptr<card::CardModel> card_;  // reads advance simulated time, hence mutable through const
};

}  // namespace hlmm::sim
