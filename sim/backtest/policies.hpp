// The backtest's policies, each as the policy table the pipeline evaluates live (and its surface,
// for the continuous diagnostic). One name per policy of the study (shared/hjb-math.md §7) and of
// its diagnostics (§10.3, §13); docs/backtest.md defines each.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hlmm/policy_table.hpp"
#include "policy/policy_surface.hpp"
#include "policy/presets.hpp"
#include "policy/result.hpp"

namespace hlmm::backtest {

struct PolicySpec {
  std::string name;
  policy::PolicySurface surface;
  PolicyTable table;
  double lot = 0.0;    // coins per fill
  double limit = 0.0;  // |q| <= limit, coins
  double scale = 1.0;  // pure_as_scaled: the lot and limit multiplier
};

// pure_as, pure_as_scaled, hjb_fd, risk_calibrated, inventory, pure_as_risk_matched,
// hjb_fd_no_funding: the default run order (pure_as first: every delta is taken against it).
const std::vector<std::string>& backtest_policy_names();
// The four policies of the study's table.
const std::vector<std::string>& study_policy_names();
bool is_backtest_policy(std::string_view name);

// The risk_calibrated overlay (hjb-math §7): widening w and skew cap zeta per asset, soft fraction 0.5.
struct RiskOverlay {
  double soft_fraction = 0.5;
  double widening = 0.5;
  double skew_cap = 0.25;
};
RiskOverlay risk_overlay_for(std::string_view coin);
// (bid, ask) after the overlay, from base offsets (b, a) at inventory q with limit L.
std::pair<double, double> apply_risk_overlay(double b, double a, double q, double limit, const RiskOverlay& o);

// AS penalties of the later revision's risk-matched baseline (hjb-math §7): (alpha, phi).
std::pair<double, double> risk_matched_penalties(std::string_view coin);

// Builds `name` for `preset`. `scale` is used by pure_as_scaled only: lot and limit x scale, the
// lot rounded to the coin's szDecimals (the limit stays the same number of lots).
policy::Result<PolicySpec> build_policy(std::string_view name, const policy::AssetPreset& preset, int sz_decimals,
                                        double scale = 1.0);

}  // namespace hlmm::backtest
