// One entry point per policy name, for the `hlmm solve` command and the backtester: a preset's
// numbers in, a PolicySurface and solve statistics out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy_surface.hpp"
#include "policy/presets.hpp"

namespace hlmm::policy {

struct NamedSolve {
  PolicySurface surface;
  double solve_ms = 0.0;         // wall time of the solve itself
  std::uint64_t updates = 0;     // grid-point updates (HJB) or cells evaluated (closed forms)
  int grid_q = 0;
  int grid_f = 0;
  int grid_t = 0;                // time steps of the HJB scheme; 1 for closed forms
  double f_reference = 0.0;      // cash funding at the long-run mean, for plots
};

const std::vector<std::string>& policy_names();  // hjb_fd, hjb_jump, pure_as, glft, inventory

// Policies with the preset's parameters (hjb-math.md §9-11): hjb_fd and hjb_jump in cash mode on
// the 31-node funding grid with N_t = 2048 (rolling t = 0 slice); pure_as with the paper's base
// penalties and unit jumps; glft as the risk-neutral limit with the HJB's phi; the inventory
// framework with half-spread 1/k and its target leaning against funding.
Result<NamedSolve> solve_named_policy(std::string_view policy, const AssetPreset& preset);

// The `inventory` policy's funding target rho*(f) = -clamp(eta f, -cap, cap) set from outside
// (host/strategies/funding_target turns the [strategy] configuration into these); an unset field
// keeps the preset's value. Other policies take their lean from the funding model and ignore it.
struct InventoryOverrides {
  std::optional<double> funding_sensitivity;  // eta, per (USD/coin/h) of cash funding
  std::optional<double> target_cap;           // |rho*| <= cap
};
Result<NamedSolve> solve_named_policy(std::string_view policy, const AssetPreset& preset,
                                      const InventoryOverrides& overrides);

}  // namespace hlmm::policy
