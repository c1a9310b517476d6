#include "strategies/funding_target.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace hlmm::strategies {
namespace {

constexpr double kBasisPoint = 1e-4;

}  // namespace

std::optional<std::string> funding_target_error(const FundingTargetConfig& c) {
  // A negative sensitivity would lean long while longs pay: the opposite of the point.
  if (!std::isfinite(c.sensitivity_per_bp_h) || c.sensitivity_per_bp_h < 0) {
    return fmt::format("funding_sensitivity_per_bp_h must be finite and >= 0 (got {})", c.sensitivity_per_bp_h);
  }
  if (!std::isfinite(c.target_cap) || c.target_cap < 0 || c.target_cap > 1) {
    return fmt::format("target_cap must be in [0, 1], a fraction of the position limit (got {})", c.target_cap);
  }
  return std::nullopt;
}

double target_inventory_fraction(const FundingTargetConfig& c, double funding_rate_per_h) {
  return -std::clamp(c.sensitivity_per_bp_h * funding_rate_per_h / kBasisPoint, -c.target_cap, c.target_cap);
}

policy::InventoryOverrides inventory_overrides(const FundingTargetConfig& c, const policy::AssetPreset& preset) {
  if (auto bad = funding_target_error(c)) throw std::invalid_argument("[strategy] " + *bad);
  if (!std::isfinite(preset.ref_price) || !(preset.ref_price > 0)) {
    throw std::invalid_argument(fmt::format("preset {}: reference price must be > 0 (got {})", preset.name, preset.ref_price));
  }
  return policy::InventoryOverrides{c.sensitivity_per_bp_h / (kBasisPoint * preset.ref_price), c.target_cap};
}

}  // namespace hlmm::strategies
