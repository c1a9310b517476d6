#include "engine/software_pipeline.hpp"

#include <string>

namespace hlmm::engine {

struct SoftwarePipeline::Memory {
  ControlRegs regs{};
  PolicyBanks banks{};
  PipelineState state{};
};

namespace {

void check_slot(std::uint8_t asset) {
  if (asset >= kMaxAssets) {
    throw PipelineError("asset slot " + std::to_string(asset) + " is out of range (M = " +
                        std::to_string(kMaxAssets) + ")");
  }
}

}  // namespace

SoftwarePipeline::SoftwarePipeline() : mem_(std::make_unique<Memory>()) {
  reset_state(mem_->state);
  pending_.reserve(1024);
}

SoftwarePipeline::~SoftwarePipeline() = default;

void SoftwarePipeline::configure(const GlobalConfig& global) { mem_->regs.global = global; }

void SoftwarePipeline::configure_asset(std::uint8_t asset, const AssetConfig& config) {
  check_slot(asset);
  validate_asset_config(config);
  mem_->regs.asset[asset] = config;
}

void SoftwarePipeline::set_global_kill(bool on) { mem_->regs.global.kill = on ? 1 : 0; }

void SoftwarePipeline::set_asset_kill(std::uint8_t asset, bool on) {
  check_slot(asset);
  mem_->regs.asset[asset].kill = on ? 1 : 0;
}

void SoftwarePipeline::load_table(std::uint8_t asset, const PolicyTable& table) {
  check_slot(asset);
  validate_policy_table(table);
  const std::uint8_t shadow = mem_->banks.active[asset] ^ 1;
  mem_->banks.table[shadow][asset] = table;
  mem_->banks.valid[shadow][asset] = 1;
}

void SoftwarePipeline::swap_table(std::uint8_t asset) {
  check_slot(asset);
  const std::uint8_t shadow = mem_->banks.active[asset] ^ 1;
  if (!mem_->banks.valid[shadow][asset]) throw PipelineError("swap_table: the shadow bank holds no table");
  mem_->banks.active[asset] = shadow;
}

void SoftwarePipeline::push(std::span<const MarketEvent> events) {
  for (const MarketEvent& e : events) {
    const IntentBatch out = pipeline_step(mem_->state, mem_->regs, mem_->banks, e);
    for (int i = 0; i < out.count; ++i) pending_.push_back(out.item[i]);
  }
}

std::size_t SoftwarePipeline::drain(std::vector<QuoteIntent>& out) {
  const std::size_t n = pending_.size();
  out.insert(out.end(), pending_.begin(), pending_.end());
  pending_.clear();
  return n;
}

PipelineCounters SoftwarePipeline::counters() const { return mem_->state.counters; }

BookStats SoftwarePipeline::book_stats(std::uint8_t asset) const {
  check_slot(asset);
  const AssetState& a = mem_->state.asset[asset];
  return hlmm::book_stats(a.bids, a.asks, mem_->regs.asset[asset].depth_band_bps);
}

Size SoftwarePipeline::position(std::uint8_t asset) const {
  check_slot(asset);
  return mem_->state.asset[asset].position;
}

}  // namespace hlmm::engine
