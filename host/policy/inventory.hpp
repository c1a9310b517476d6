// The inventory framework: heuristic size and spread shaping by normalised inventory rho = q / L
// (host/policy/README.md gives the formulas and their sources).
//   sizes   bid = s exp(-a max(0, rho)^b), ask = s exp(-a max(0, -rho)^b)
//   offsets bid = h (1 + g x + l x^2) - rebate, ask = h (1 - g x + l x^2) - rebate, floored,
//           h = s0 sqrt(sigma / sigma0), x = rho - rho*(f)
//   target  rho*(f) = -clamp(eta f, -cap, cap): longs pay when f > 0, so the target leans short
//   rebate  maker_rebate_bp * 1e-4 * ref_price (negative for a maker fee, which widens)
#pragma once

#include <utility>
#include <vector>

#include "policy/policy_surface.hpp"
#include "policy/quote_grid.hpp"

namespace hlmm::policy {

struct InventoryParams {
  InventoryGrid grid;
  double base_size = 1.0;       // coins at zero inventory
  double size_alpha = 2.0;      // a: size decay strength
  double size_beta = 2.0;       // b: size decay shape
  double half_spread = 1.0;     // s0, USD at sigma == sigma0
  double skew = 0.5;            // g: linear asymmetry
  double convexity = 0.0;       // l: quadratic widening at large |x|
  double sigma = 1.0;           // current volatility (any unit consistent with sigma0)
  double sigma0 = 1.0;          // volatility at which half_spread was set
  double funding_sensitivity = 0.0;  // eta, per (USD/coin/h): target shift per unit funding
  double target_cap = 0.5;      // |rho*| <= cap
  double maker_rebate_bp = 0.0;  // > 0 rebate received, < 0 fee paid
  double ref_price = 0.0;       // USD/coin, converts the rebate to USD
  double min_delta = 0.01;
  std::vector<double> f_nodes{0.0};  // uniform funding nodes, USD/coin/h
};

double funding_target(const InventoryParams& p, double f);                // rho*(f)
std::pair<double, double> inventory_sizes(const InventoryParams& p, double rho);  // (bid, ask) coins
std::pair<double, double> inventory_offsets(const InventoryParams& p, double rho, double f);

// The table carries one size per level, so the surface uses the smaller side: s exp(-a |rho|^b).
Result<PolicySurface> inventory_surface(const InventoryParams& p);

}  // namespace hlmm::policy
