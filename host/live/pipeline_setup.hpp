// How the market maker configures a pipeline for the coins it quotes: global limits, per-asset
// registers from the venue's meta and the preset, and each asset's policy table solved from its
// preset. One place, so the live trader and the turnaround benchmark run the same configuration.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/pipeline.hpp"
#include "hlmm/policy_table.hpp"
#include "hyperliquid/asset_directory.hpp"
#include "strategies/funding_target.hpp"

namespace hlmm::live {

struct PipelineSetup {
  std::vector<std::string> coins;   // venue names; the preset is the lowercase name
  std::string policy = "hjb_fd";
  std::uint64_t stale_book_ms = 5'000;
  std::uint64_t table_t0_ns = 0;    // wall-clock start of the tables' time bin 0
  // [strategy] funding lean of the `inventory` policy's target; none keeps the preset's. The HJB
  // policies lean through their solver, so setting it with another policy is refused.
  std::optional<strategies::FundingTargetConfig> funding_target{};
};

// A table as it was loaded into the pipeline, for views of the policy (the dashboard's surface).
struct LoadedTable {
  std::string coin;
  std::string policy;
  Size position_limit = 0;
  PolicyTable table;
};

// Throws engine::PipelineError with the reason (no preset, solver or table refusal, unknown coin,
// a funding target that is invalid or given for a policy other than `inventory`).
// Returns the tables it loaded, one per coin.
std::vector<LoadedTable> configure_pipeline(engine::Pipeline& pipeline, const hl::AssetDirectory& directory, const PipelineSetup& setup);

}  // namespace hlmm::live
