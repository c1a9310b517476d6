#include <string>

#include "engine/pipeline.hpp"

namespace hlmm::engine {

void validate_policy_table(const PolicyTable& t) {
  if (const char* defect = policy_table_defect(t)) throw PipelineError(std::string("policy table: ") + defect);
}

void validate_asset_config(const AssetConfig& config) {
  if (config.market != MarketType::kPerp && config.market != MarketType::kSpot) {
    throw PipelineError("market type " + std::to_string(static_cast<int>(config.market)) + " is neither perp (0) nor spot (1)");
  }
  if (max_price_decimals(config.market, config.sz_decimals) < 0) {
    throw PipelineError("szDecimals " + std::to_string(config.sz_decimals) + " is too large for the market type");
  }
}

}  // namespace hlmm::engine
