// Funding-aware target inventory for the market maker: the inventory framework's target
// rho*(f) = -clamp(eta f, -cap, cap) (host/policy/inventory.hpp) set from the [strategy] section
// of the configuration. When funding is positive longs pay, so the target leans short and the
// quotes shift down (bid wider, ask tighter); negative funding leans long.
//
// The configuration speaks in funding *rate* (bp per hour), the same for every coin; the table's
// funding axis is *cash* funding f = S_ref x rate (USD/coin/h) at the preset's reference price, so
// eta is converted per coin here.
#pragma once

#include <optional>
#include <string>

#include "policy/named_policies.hpp"
#include "policy/presets.hpp"

namespace hlmm::strategies {

struct FundingTargetConfig {
  // Target lean, as a fraction of the position limit, per 1 bp/h of funding rate: with 0.5 the
  // target is -0.5 L at +1 bp/h (capped). 0 quotes symmetrically whatever the funding.
  double sensitivity_per_bp_h = 0.0;
  double target_cap = 0.5;  // |rho*| <= cap, in [0, 1]
};

// Empty when the configuration is usable; otherwise names the field and what it must be.
std::optional<std::string> funding_target_error(const FundingTargetConfig& config);

// rho* for an hourly funding rate (fraction per hour, positive: longs pay).
double target_inventory_fraction(const FundingTargetConfig& config, double funding_rate_per_h);

// The inventory policy's eta (per USD/coin/h of cash funding) and cap for a preset:
// eta = sensitivity / (1e-4 x S_ref), so eta x S_ref x rate = sensitivity x rate in bp/h.
// Throws std::invalid_argument when funding_target_error() is not empty or S_ref <= 0.
policy::InventoryOverrides inventory_overrides(const FundingTargetConfig& config, const policy::AssetPreset& preset);

}  // namespace hlmm::strategies
