#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "policy/closed_forms.hpp"
#include "policy/glft.hpp"
#include "policy/inventory.hpp"
#include "policy/pure_as.hpp"

namespace hlmm::policy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

PolicyError invalid(std::string message) { return make_error(PolicyErrorCode::kInvalidParameter, std::move(message)); }

// Allocates a surface on the inventory grid with the given funding nodes and time bins.
Result<PolicySurface> empty_surface(const InventoryGrid& grid, std::vector<double> f_nodes, int t_bins,
                                    double t_bin_seconds) {
  auto q = inventory_nodes(grid);
  if (!q) return q.error();
  if (t_bins < 1 || t_bins > kMaxTimeBins) {
    return make_error(PolicyErrorCode::kTooManyTimeBins, fmt::format("{} time bins; 1..{} allowed", t_bins, kMaxTimeBins));
  }
  PolicySurface s;
  s.q_nodes = std::move(q.value());
  s.f_nodes = std::move(f_nodes);
  s.t_bins = t_bins;
  s.t_bin_seconds = t_bins > 1 ? t_bin_seconds : 0.0;
  s.resize_cells();
  return s;
}

}  // namespace

Result<std::vector<double>> inventory_nodes(const InventoryGrid& g) {
  if (!(g.lot > 0.0) || !std::isfinite(g.lot) || !(g.limit > 0.0) || !std::isfinite(g.limit)) {
    return invalid("lot and limit must be positive and finite");
  }
  const double lots = g.limit / g.lot;
  const long n = std::lround(lots);
  if (n < 1 || std::fabs(lots - static_cast<double>(n)) > 1e-9 * static_cast<double>(n)) {
    return invalid(fmt::format("limit {} is not a whole number of lots of {}", g.limit, g.lot));
  }
  if (2 * n + 1 > kMaxInventoryLevels) {
    return make_error(PolicyErrorCode::kTooManyLevels,
                      fmt::format("limit/lot gives {} levels; the table holds {}", 2 * n + 1, kMaxInventoryLevels));
  }
  return uniform_nodes(-static_cast<double>(n) * g.lot, g.lot, static_cast<int>(2 * n + 1));
}

Result<PolicySurface> pure_as_surface(const PureAsParams& p) {
  if (!(p.k > 0.0) || !(p.horizon_hours > 0.0) || p.min_delta < 0.0) return invalid("need k > 0, horizon > 0, floor >= 0");
  if (p.model == PureAsParams::Model::kCara && !(p.gamma > 0.0)) return invalid("the CARA model needs gamma > 0");
  if (p.model == PureAsParams::Model::kPaperLinear && (p.alpha < 0.0 || p.phi < 0.0)) return invalid("penalties must be >= 0");
  auto s = empty_surface(p.grid, {0.0}, p.t_bins, p.horizon_hours * 3600.0 / p.t_bins);
  if (!s) return s;
  PolicySurface& out = s.value();
  const int nq = out.q_levels();
  for (int tb = 0; tb < p.t_bins; ++tb) {
    const double tau = p.horizon_hours * (1.0 - static_cast<double>(tb) / p.t_bins);
    for (int i = 0; i < nq; ++i) {
      const double q = out.q_nodes[static_cast<std::size_t>(i)];
      Quote quote;
      if (p.model == PureAsParams::Model::kPaperLinear) {
        quote = paper_pure_as(q, tau, p.alpha, p.phi, p.k, p.min_delta, p.paper_unit_jumps ? 1.0 : p.grid.lot);
      } else {
        quote = as_cara(q, tau, p.gamma, p.sigma, p.k);
        quote = {std::max(p.min_delta, quote.first), std::max(p.min_delta, quote.second)};
      }
      const std::size_t c = out.index(tb, i, 0);
      out.bid[c] = i + 1 < nq ? quote.first : kInf;
      out.ask[c] = i > 0 ? quote.second : kInf;
    }
  }
  std::fill(out.size.begin(), out.size.end(), p.size_coins < 0.0 ? p.grid.lot : p.size_coins);
  return s;
}

Result<PolicySurface> glft_surface(const GlftParams& p) {
  if (!(p.A > 0.0) || !(p.k > 0.0) || p.gamma < 0.0 || p.min_delta < 0.0) return invalid("need A > 0, k > 0, gamma >= 0, floor >= 0");
  if (p.gamma == 0.0 && !(p.phi >= 0.0)) return invalid("the risk-neutral limit needs phi >= 0");
  auto s = empty_surface(p.grid, {0.0}, 1, 0.0);
  if (!s) return s;
  PolicySurface& out = s.value();
  const int nq = out.q_levels();
  for (int i = 0; i < nq; ++i) {
    const double q = out.q_nodes[static_cast<std::size_t>(i)];
    const Quote quote = p.gamma > 0.0 ? glft_cara(q, p.gamma, p.sigma, p.A, p.k, p.grid.lot)
                                      : glft_risk_neutral(q, p.A, p.k, p.phi, p.grid.lot);
    const std::size_t c = out.index(0, i, 0);
    out.bid[c] = i + 1 < nq ? std::max(p.min_delta, quote.first) : kInf;
    out.ask[c] = i > 0 ? std::max(p.min_delta, quote.second) : kInf;
  }
  std::fill(out.size.begin(), out.size.end(), p.size_coins < 0.0 ? p.grid.lot : p.size_coins);
  return s;
}

double funding_target(const InventoryParams& p, double f) {
  return -std::clamp(p.funding_sensitivity * f, -p.target_cap, p.target_cap);
}

std::pair<double, double> inventory_sizes(const InventoryParams& p, double rho) {
  const auto shrink = [&](double x) { return p.base_size * std::exp(-p.size_alpha * std::pow(std::max(0.0, x), p.size_beta)); };
  return {shrink(rho), shrink(-rho)};
}

std::pair<double, double> inventory_offsets(const InventoryParams& p, double rho, double f) {
  const double h = p.half_spread * std::sqrt(p.sigma / p.sigma0);
  const double x = rho - funding_target(p, f);
  const double rebate = p.maker_rebate_bp * 1e-4 * p.ref_price;
  const double bid = h * (1.0 + p.skew * x + p.convexity * x * x) - rebate;
  const double ask = h * (1.0 - p.skew * x + p.convexity * x * x) - rebate;
  return {std::max(p.min_delta, bid), std::max(p.min_delta, ask)};
}

Result<PolicySurface> inventory_surface(const InventoryParams& p) {
  if (!(p.sigma0 > 0.0) || p.sigma < 0.0 || !(p.half_spread >= 0.0) || p.base_size < 0.0 || p.size_alpha < 0.0 ||
      !(p.size_beta > 0.0) || p.target_cap < 0.0 || p.min_delta < 0.0) {
    return invalid("need sigma0 > 0, sigma >= 0, half_spread >= 0, base_size >= 0, size_alpha >= 0, size_beta > 0, "
                   "target_cap >= 0, floor >= 0");
  }
  if (p.f_nodes.empty()) return invalid("the inventory framework needs at least one funding node");
  auto s = empty_surface(p.grid, p.f_nodes, 1, 0.0);
  if (!s) return s;
  PolicySurface& out = s.value();
  const int nq = out.q_levels();
  for (int i = 0; i < nq; ++i) {
    const double rho = out.q_nodes[static_cast<std::size_t>(i)] / p.grid.limit;
    for (int j = 0; j < out.f_bins(); ++j) {
      const auto [bid, ask] = inventory_offsets(p, rho, out.f_nodes[static_cast<std::size_t>(j)]);
      const std::size_t c = out.index(0, i, j);
      out.bid[c] = i + 1 < nq ? bid : kInf;
      out.ask[c] = i > 0 ? ask : kInf;
    }
    const auto [sb, sa] = inventory_sizes(p, rho);
    out.size[static_cast<std::size_t>(i)] = std::min(sb, sa);
  }
  return s;
}

}  // namespace hlmm::policy
