// hjb_fd plus compound-Poisson jumps in the funding state (shared hjb-math.md §14.8): the nonlocal
// term lambda_J * integral [h(f + z) - h(f)] nu(dz), nu = N(mean, sd^2), becomes extra
// non-negative transitions on the f grid, so the scheme stays monotone; lambda_J joins the CFL rate.
#pragma once

#include <vector>

#include "policy/hjb_fd.hpp"

namespace hlmm::policy {

// Jump arrivals per hour and the normal jump-size law, all in cash units (USD/coin/h).
struct FundingJumps {
  double lambda = 0.0;
  double mean = 0.0;
  double sd = 0.0;
};

// Row-major [n_f x n_f]: w[j][m] = lambda * P(f_j + z lands in the cell of node m), cells being
// the half-way intervals between nodes with the edge cells extended to +-infinity (so jumps off
// the truncated grid stop at its edge, as funding outside the grid is clamped). Diagonal zero.
std::vector<double> jump_transition_weights(const std::vector<double>& f_nodes, double df, const FundingJumps& jumps);

// The jump variant; with lambda = 0 it performs exactly the arithmetic of solve_hjb_fd.
Result<HjbSolution> solve_hjb_jump(const HjbParams& p, const FundingJumps& jumps, const HjbSolveOptions& options = {});

}  // namespace hlmm::policy
