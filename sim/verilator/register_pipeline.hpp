// The Pipeline interface as the card's driver implements it: every configuration call is a write
// of the C++ struct's byte image through the AXI4-Lite control port, and book_stats, position and
// counters read the RTL's state back through it (register_map.hpp, the one address map). The
// backends that put the RTL somewhere (Verilator cycle by cycle, the SystemC card behind PCIe)
// supply only the bus access and the record stream; an XRT driver for a real card would too.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/pipeline.hpp"

namespace hlmm::sim {

class RegisterPipeline : public engine::Pipeline {
 public:
  void configure(const GlobalConfig& global) override;
  void configure_asset(std::uint8_t asset, const AssetConfig& config) override;
  void set_global_kill(bool on) override;
  void set_asset_kill(std::uint8_t asset, bool on) override;
  void load_table(std::uint8_t asset, const PolicyTable& table) override;
  void swap_table(std::uint8_t asset) override;
  std::size_t drain(std::vector<QuoteIntent>& out) override;
  PipelineCounters counters() const override;
  BookStats book_stats(std::uint8_t asset) const override;
  Size position(std::uint8_t asset) const override;

 protected:
  RegisterPipeline();

  // Reads on the bus advance the model's time (a clocked handshake, or a PCIe round trip), so
  // they are not const in the model; the backends keep their model mutable for const readers.
  virtual void bus_write32(std::uint32_t addr, std::uint32_t data) = 0;
  virtual std::uint32_t bus_read32(std::uint32_t addr) const = 0;

  // The identity and parameter registers against this build's N and M; throws PipelineError
  // naming `who`. Called by the backend's constructor, once its bus works.
  void check_identity(std::string_view who) const;

  // Intents the backend's push() collected, handed out by drain().
  std::vector<QuoteIntent> pending_;

 private:
  void write_image(std::uint32_t addr, const void* bytes, std::size_t size);
  std::uint64_t read64(std::uint32_t addr) const;
  void write_table_ctrl(std::uint8_t asset);

  GlobalConfig global_{};
  std::array<AssetConfig, kMaxAssets> assets_{};
  std::array<std::uint8_t, kMaxAssets> active_{};
  std::array<std::array<std::uint8_t, 2>, kMaxAssets> valid_{};
};

}  // namespace hlmm::sim
