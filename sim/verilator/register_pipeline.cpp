#include "register_pipeline.hpp"

#include <cstring>
#include <string>

#include "register_map.hpp"

namespace hlmm::sim {

namespace {

void check_slot(std::uint8_t asset) {
  if (asset >= kMaxAssets) {
    throw engine::PipelineError("asset slot " + std::to_string(asset) + " is out of range (M = " +
                                std::to_string(kMaxAssets) + ")");
  }
}

}  // namespace

RegisterPipeline::RegisterPipeline() { pending_.reserve(1024); }

void RegisterPipeline::check_identity(std::string_view who) const {
  const std::string name(who);
  if (bus_read32(regmap::kId) != regmap::kIdValue) throw engine::PipelineError(name + ": RTL identity register mismatch");
  const std::uint32_t params = bus_read32(regmap::kParams);
  if ((params & 0xFFFF) != static_cast<std::uint32_t>(kBookLevels) || (params >> 16) != static_cast<std::uint32_t>(kMaxAssets)) {
    throw engine::PipelineError(name + ": RTL built with N=" + std::to_string(params & 0xFFFF) + ", M=" +
                                std::to_string(params >> 16) + " but the host with N=" + std::to_string(kBookLevels) +
                                ", M=" + std::to_string(kMaxAssets));
  }
}

void RegisterPipeline::write_image(std::uint32_t addr, const void* bytes, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  for (std::size_t off = 0; off + 4 <= size; off += 4) {
    std::uint32_t word = 0;
    std::memcpy(&word, p + off, 4);
    bus_write32(addr + static_cast<std::uint32_t>(off), word);
  }
}

std::uint64_t RegisterPipeline::read64(std::uint32_t addr) const {
  const std::uint64_t lo = bus_read32(addr);
  const std::uint64_t hi = bus_read32(addr + 4);
  return lo | (hi << 32);
}

void RegisterPipeline::configure(const GlobalConfig& global) {
  global_ = global;
  write_image(regmap::kGlobalConfig, &global_, sizeof(global_));
}

void RegisterPipeline::configure_asset(std::uint8_t asset, const AssetConfig& config) {
  check_slot(asset);
  engine::validate_asset_config(config);
  assets_[asset] = config;
  write_image(regmap::asset_base(asset) + regmap::kAssetConfig, &assets_[asset], sizeof(AssetConfig));
}

void RegisterPipeline::set_global_kill(bool on) {
  global_.kill = on ? 1 : 0;
  write_image(regmap::kGlobalConfig, &global_, 4);
}

void RegisterPipeline::set_asset_kill(std::uint8_t asset, bool on) {
  check_slot(asset);
  assets_[asset].kill = on ? 1 : 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(&assets_[asset]);
  write_image(regmap::asset_base(asset) + 4, bytes + 4, 4);
}

void RegisterPipeline::write_table_ctrl(std::uint8_t asset) {
  bus_write32(regmap::asset_base(asset) + regmap::kTableCtrl,
              static_cast<std::uint32_t>(active_[asset]) | (static_cast<std::uint32_t>(valid_[asset][0]) << 1) |
                  (static_cast<std::uint32_t>(valid_[asset][1]) << 2));
}

void RegisterPipeline::load_table(std::uint8_t asset, const PolicyTable& table) {
  check_slot(asset);
  // The same check as engine::validate_policy_table, called directly so this library needs only
  // the Pipeline interface's header, not hlmm_engine (which links these backends in).
  if (const char* defect = policy_table_defect(table)) throw engine::PipelineError(std::string("policy table: ") + defect);
  const std::uint8_t shadow = active_[asset] ^ 1;
  // The shadow bank is invalid while it is rewritten.
  valid_[asset][shadow] = 0;
  write_table_ctrl(asset);
  const std::uint32_t base = regmap::table_base(shadow, asset);
  const auto* bytes = reinterpret_cast<const unsigned char*>(&table);
  write_image(base, bytes, offsetof(PolicyTable, size_curve));
  // Only the cells and curve entries inside the table's geometry are ever read (the grid lookups
  // clamp to it), so only those are written.
  for (int q = 0; q < table.q_levels; ++q) {
    const std::size_t off = offsetof(PolicyTable, size_curve) + static_cast<std::size_t>(q) * sizeof(Size);
    write_image(base + static_cast<std::uint32_t>(off), bytes + off, sizeof(Size));
  }
  for (int t = 0; t < table.t_bins; ++t) {
    for (int q = 0; q < table.q_levels; ++q) {
      const std::size_t off = offsetof(PolicyTable, cells) +
                              ((static_cast<std::size_t>(t) * kMaxInventoryLevels + static_cast<std::size_t>(q)) * kMaxFundingBins) *
                                  sizeof(PolicyCell);
      write_image(base + static_cast<std::uint32_t>(off), bytes + off, table.f_bins * sizeof(PolicyCell));
    }
  }
  valid_[asset][shadow] = 1;
  write_table_ctrl(asset);
}

void RegisterPipeline::swap_table(std::uint8_t asset) {
  check_slot(asset);
  const std::uint8_t shadow = active_[asset] ^ 1;
  if (!valid_[asset][shadow]) throw engine::PipelineError("swap_table: the shadow bank holds no table");
  active_[asset] = shadow;
  write_table_ctrl(asset);
}

std::size_t RegisterPipeline::drain(std::vector<QuoteIntent>& out) {
  const std::size_t n = pending_.size();
  out.insert(out.end(), pending_.begin(), pending_.end());
  pending_.clear();
  return n;
}

PipelineCounters RegisterPipeline::counters() const {
  PipelineCounters c{};
  static_assert(sizeof(PipelineCounters) == 70 * 8);
  std::uint64_t words[70];
  for (std::uint32_t i = 0; i < 70; ++i) words[i] = read64(regmap::kCounters + i * 8);
  std::memcpy(&c, words, sizeof(c));
  return c;
}

BookStats RegisterPipeline::book_stats(std::uint8_t asset) const {
  check_slot(asset);
  const std::uint32_t status = bus_read32(regmap::asset_base(asset) + regmap::kAssetStatus);
  SideBook bids{};
  SideBook asks{};
  bids.count = static_cast<std::uint8_t>(status & 0xFF);
  asks.count = static_cast<std::uint8_t>((status >> 8) & 0xFF);
  const std::uint32_t base = regmap::book_base(asset);
  for (int i = 0; i < kBookLevels; ++i) {
    const auto off = static_cast<std::uint32_t>(i) * 8;
    if (i < bids.count) {
      bids.price[i] = static_cast<Price>(read64(base + regmap::kBidPrice + off));
      bids.size[i] = static_cast<Size>(read64(base + regmap::kBidSize + off));
    }
    if (i < asks.count) {
      asks.price[i] = static_cast<Price>(read64(base + regmap::kAskPrice + off));
      asks.size[i] = static_cast<Size>(read64(base + regmap::kAskSize + off));
    }
  }
  return hlmm::book_stats(bids, asks, assets_[asset].depth_band_bps);
}

Size RegisterPipeline::position(std::uint8_t asset) const {
  check_slot(asset);
  return static_cast<Size>(read64(regmap::asset_base(asset) + regmap::kPosition));
}

}  // namespace hlmm::sim
