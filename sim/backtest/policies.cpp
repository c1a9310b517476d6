#include "backtest/policies.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "policy/closed_forms.hpp"
#include "policy/hjb_fd.hpp"
#include "policy/named_policies.hpp"
#include "policy/pure_as.hpp"
#include "policy/quote_grid.hpp"

namespace hlmm::backtest {
namespace {

using policy::make_error;
using policy::PolicyErrorCode;
using policy::PolicySurface;
using policy::Result;

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string upper(std::string_view s) {
  std::string u(s);
  for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

Result<PolicySurface> pure_as_with(const policy::AssetPreset& a, double lot, double limit, double alpha, double phi) {
  policy::PureAsParams p;
  p.grid = {lot, limit};
  p.k = a.k;
  p.alpha = alpha;
  p.phi = phi;
  p.horizon_hours = a.horizon_hours;
  p.min_delta = a.tick;
  p.paper_unit_jumps = true;  // the paper's quirk (hjb-math §14.2): the study's pure_as
  return policy::pure_as_surface(p);
}

Result<PolicySurface> hjb_surface(const policy::HjbParams& p) {
  auto sol = policy::solve_hjb_fd(p);
  if (!sol) return sol.error();
  return policy::surface_from_hjb(sol.value());
}

// The LQ funding core (hjb-math §6.2, cash mode, base penalties, unit jumps) with the overlay.
Result<PolicySurface> risk_calibrated_surface(const policy::AssetPreset& a) {
  auto nodes = policy::inventory_nodes({a.lot, a.limit});
  if (!nodes) return nodes.error();
  const policy::HjbParams grid = policy::hjb_params_for(a);
  PolicySurface s;
  s.q_nodes = nodes.value();
  s.f_nodes = policy::uniform_nodes(grid.f_min, (grid.f_max - grid.f_min) / (grid.n_f - 1), grid.n_f);
  s.resize_cells();
  const RiskOverlay o = risk_overlay_for(a.name);
  const int nq = s.q_levels();
  for (int i = 0; i < nq; ++i) {
    const double q = s.q_nodes[static_cast<std::size_t>(i)];
    for (int j = 0; j < s.f_bins(); ++j) {
      const double f = s.f_nodes[static_cast<std::size_t>(j)];
      const auto base = policy::lq_funding(q, f, a.horizon_hours, a.as_alpha, a.as_phi, grid.kappa, grid.theta_bar, a.k,
                                           a.tick, 1.0);
      const auto [b, ask] = apply_risk_overlay(base.first, base.second, q, a.limit, o);
      const std::size_t c = s.index(0, i, j);
      s.bid[c] = i + 1 < nq ? b : kInf;
      s.ask[c] = i > 0 ? ask : kInf;
    }
  }
  std::fill(s.size.begin(), s.size.end(), a.lot);
  return s;
}

double round_to_decimals(double x, int decimals) {
  const double p = std::pow(10.0, decimals);
  return std::round(x * p) / p;
}

}  // namespace

const std::vector<std::string>& backtest_policy_names() {
  static const std::vector<std::string> names{"pure_as",   "pure_as_scaled",       "hjb_fd",           "risk_calibrated",
                                              "inventory", "pure_as_risk_matched", "hjb_fd_no_funding"};
  return names;
}

const std::vector<std::string>& study_policy_names() {
  static const std::vector<std::string> names{"pure_as", "pure_as_scaled", "hjb_fd", "risk_calibrated"};
  return names;
}

bool is_backtest_policy(std::string_view name) {
  const auto& n = backtest_policy_names();
  return std::find(n.begin(), n.end(), name) != n.end();
}

RiskOverlay risk_overlay_for(std::string_view coin) {
  // hjb-math §11: ETH w = 1.5, zeta = 0.5; BTC and SOL w = 0.5, zeta = 0.25.
  if (upper(coin) == "ETH") return {0.5, 1.5, 0.5};
  return {0.5, 0.5, 0.25};
}

std::pair<double, double> apply_risk_overlay(double b, double a, double q, double limit, const RiskOverlay& o) {
  double m = 0.5 * (b + a);
  double z = 0.5 * (a - b);
  z = std::copysign(std::min(std::abs(z), o.skew_cap), z);
  const double p = std::min(std::max(std::abs(q) - o.soft_fraction * limit, 0.0) / ((1.0 - o.soft_fraction) * limit), 1.0);
  const double w = o.widening * p;
  if (q > 0) z -= w;
  if (q < 0) z += w;
  m += w;
  return {std::max(0.0, m - z), std::max(0.0, m + z)};
}

std::pair<double, double> risk_matched_penalties(std::string_view coin) {
  const std::string c = upper(coin);
  if (c == "ETH") return {0.012, 0.0016};
  if (c == "BTC") return {5.0, 0.5};
  return {5.0e-5, 5.0e-6};
}

Result<PolicySpec> build_policy(std::string_view name, const policy::AssetPreset& a, int sz_decimals, double scale) {
  PolicySpec spec;
  spec.name = std::string(name);
  spec.lot = a.lot;
  spec.limit = a.limit;
  Result<PolicySurface> surface = make_error(PolicyErrorCode::kInvalidParameter, "unset");
  if (name == "pure_as") {
    surface = pure_as_with(a, a.lot, a.limit, a.as_alpha, a.as_phi);
  } else if (name == "pure_as_scaled") {
    if (!(scale > 0.0) || !std::isfinite(scale)) {
      return make_error(PolicyErrorCode::kInvalidParameter, fmt::format("pure_as_scaled needs a scale > 0, got {}", scale));
    }
    const double lots = std::round(a.limit / a.lot);
    spec.lot = round_to_decimals(a.lot * scale, sz_decimals);
    if (!(spec.lot > 0.0)) {
      return make_error(PolicyErrorCode::kInvalidParameter,
                        fmt::format("scale {} makes the lot smaller than the coin's size step", scale));
    }
    spec.limit = spec.lot * lots;
    spec.scale = scale;
    surface = pure_as_with(a, spec.lot, spec.limit, a.as_alpha, a.as_phi);
  } else if (name == "hjb_fd") {
    surface = hjb_surface(policy::hjb_params_for(a));
  } else if (name == "hjb_fd_no_funding") {
    surface = hjb_surface(policy::hjb_params_for(a, 31, 0, false));
  } else if (name == "risk_calibrated") {
    surface = risk_calibrated_surface(a);
  } else if (name == "pure_as_risk_matched") {
    const auto [al, ph] = risk_matched_penalties(a.name);
    surface = pure_as_with(a, a.lot, a.limit, al, ph);
  } else if (name == "inventory") {
    auto solved = policy::solve_named_policy("inventory", a);
    if (!solved) return solved.error();
    surface = std::move(solved.value().surface);
  } else {
    return make_error(PolicyErrorCode::kInvalidParameter,
                      fmt::format("unknown backtest policy '{}'; choose from pure_as, pure_as_scaled, hjb_fd, "
                                  "risk_calibrated, inventory, pure_as_risk_matched, hjb_fd_no_funding",
                                  name));
  }
  if (!surface) return surface.error();
  auto table = policy::encode_policy_table(surface.value());
  if (!table) return table.error();
  spec.surface = std::move(surface.value());
  spec.table = table.value();
  return spec;
}

}  // namespace hlmm::backtest
