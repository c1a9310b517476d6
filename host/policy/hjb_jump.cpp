#include "policy/hjb_jump.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

namespace hlmm::policy {
namespace {

// Standard normal CDF through erfc, which keeps relative accuracy in the far tails.
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

}  // namespace

std::vector<double> jump_transition_weights(const std::vector<double>& f, double df, const FundingJumps& jumps) {
  const std::size_t n = f.size();
  std::vector<double> w(n * n, 0.0);
  if (n < 2 || jumps.lambda == 0.0) return w;
  const double inf = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t m = 0; m < n; ++m) {
      if (m == j) continue;  // a jump that stays in its own cell changes nothing
      const double lo = m == 0 ? -inf : f[m] - 0.5 * df;
      const double hi = m + 1 == n ? inf : f[m] + 0.5 * df;
      double mass = 0.0;
      if (jumps.sd > 0.0) {
        const double zl = (lo - f[j] - jumps.mean) / jumps.sd;
        const double zh = (hi - f[j] - jumps.mean) / jumps.sd;
        mass = std::max(0.0, normal_cdf(zh) - normal_cdf(zl));
      } else {
        const double target = f[j] + jumps.mean;
        mass = (target >= lo && target < hi) ? 1.0 : 0.0;
      }
      w[j * n + m] = jumps.lambda * mass;
    }
  }
  return w;
}

Result<HjbSolution> solve_hjb_jump(const HjbParams& p, const FundingJumps& jumps, const HjbSolveOptions& options) {
  if (!std::isfinite(jumps.lambda) || jumps.lambda < 0.0 || !std::isfinite(jumps.mean) || !std::isfinite(jumps.sd) ||
      jumps.sd < 0.0) {
    return make_error(PolicyErrorCode::kInvalidParameter,
                      fmt::format("jump intensity {} and sd {} must be finite and >= 0", jumps.lambda, jumps.sd));
  }
  // The grid is rebuilt here exactly as the scheme builds it, so the weights match its nodes.
  std::vector<double> f{p.f_min};
  double df = 0.0;
  if (p.n_f >= 3 && p.f_max > p.f_min) {
    df = (p.f_max - p.f_min) / (p.n_f - 1);
    f = uniform_nodes(p.f_min, df, p.n_f);
  }
  const std::vector<double> w = jump_transition_weights(f, df, jumps);
  return detail::solve_hjb_scheme(p, &w, jumps.lambda, options);
}

}  // namespace hlmm::policy
