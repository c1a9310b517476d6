// Avellaneda-Stoikov policies (shared hjb-math.md §6.3-6.4) as a PolicySurface: the paper's
// linear-objective `pure_as` and the CARA formula of [AS08], rolling (fixed tau) or finite
// horizon (one tau per time bin). Funding does not enter: one funding bin.
#pragma once

#include "policy/policy_surface.hpp"
#include "policy/quote_grid.hpp"

namespace hlmm::policy {

struct PureAsParams {
  enum class Model { kPaperLinear, kCara };
  Model model = Model::kPaperLinear;
  InventoryGrid grid;
  double k = 1.0;            // 1/USD
  double alpha = 0.001;      // kPaperLinear: terminal penalty, USD/coin^2
  double phi = 0.0001;       // kPaperLinear: running penalty, USD/(coin^2 h)
  double gamma = 0.1;        // kCara: risk aversion, 1/USD
  double sigma = 1.0;        // kCara: mid volatility, USD/sqrt(h)
  double horizon_hours = 6.0;
  int t_bins = 1;            // 1: rolling, tau = horizon always (the paper); else tau = T - bin start
  double min_delta = 0.01;   // quote floor, USD
  bool paper_unit_jumps = true;  // kPaperLinear: the paper's one-coin value difference (§14.2)
  double size_coins = -1.0;  // < 0: one lot
};

Result<PolicySurface> pure_as_surface(const PureAsParams& p);

}  // namespace hlmm::policy
