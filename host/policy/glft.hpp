// Gueant-Lehalle-Fernandez-Tapia asymptotic quotes (shared hjb-math.md §6.5) as a PolicySurface,
// on a bounded inventory grid: the side that would breach the limit is disabled. gamma > 0 uses
// the CARA formula; gamma == 0 its risk-neutral limit with running penalty phi = gamma sigma^2/2.
#pragma once

#include "policy/policy_surface.hpp"
#include "policy/quote_grid.hpp"

namespace hlmm::policy {

struct GlftParams {
  InventoryGrid grid;
  double A = 1.0;       // 1/h
  double k = 1.0;       // 1/USD
  double gamma = 0.0;   // 1/USD; 0 selects the risk-neutral limit
  double sigma = 0.0;   // USD/sqrt(h), used when gamma > 0
  double phi = 0.0;     // USD/(coin^2 h), used when gamma == 0
  double min_delta = 0.0;
  double size_coins = -1.0;
};

Result<PolicySurface> glft_surface(const GlftParams& p);

}  // namespace hlmm::policy
