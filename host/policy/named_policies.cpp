#include "policy/named_policies.hpp"

#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "policy/glft.hpp"
#include "policy/hjb_jump.hpp"
#include "policy/inventory.hpp"
#include "policy/pure_as.hpp"

namespace hlmm::policy {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

Result<NamedSolve> from_hjb(Result<HjbSolution> sol, double ms, const HjbParams& p) {
  if (!sol) return sol.error();
  auto surface = surface_from_hjb(sol.value());
  if (!surface) return surface.error();
  NamedSolve out;
  out.surface = std::move(surface.value());
  out.solve_ms = ms;
  out.updates = sol.value().updates;
  out.grid_q = static_cast<int>(sol.value().q.size());
  out.grid_f = static_cast<int>(sol.value().f.size());
  out.grid_t = p.n_t;
  out.f_reference = p.theta_bar;
  return out;
}

NamedSolve from_surface(PolicySurface s, double ms, double f_ref) {
  NamedSolve out;
  out.grid_q = s.q_levels();
  out.grid_f = s.f_bins();
  out.grid_t = 1;
  out.updates = static_cast<std::uint64_t>(s.bid.size());
  out.surface = std::move(s);
  out.solve_ms = ms;
  out.f_reference = f_ref;
  return out;
}

}  // namespace

const std::vector<std::string>& policy_names() {
  static const std::vector<std::string> names{"hjb_fd", "hjb_jump", "pure_as", "glft", "inventory"};
  return names;
}

Result<NamedSolve> solve_named_policy(std::string_view policy, const AssetPreset& a) {
  return solve_named_policy(policy, a, InventoryOverrides{});
}

Result<NamedSolve> solve_named_policy(std::string_view policy, const AssetPreset& a, const InventoryOverrides& overrides) {
  const auto t0 = Clock::now();
  if (policy == "hjb_fd") {
    const HjbParams p = hjb_params_for(a);
    auto sol = solve_hjb_fd(p);
    return from_hjb(std::move(sol), ms_since(t0), p);
  }
  if (policy == "hjb_jump") {
    const HjbParams p = hjb_jump_params_for(a);
    auto sol = solve_hjb_jump(p, jumps_for(a));
    return from_hjb(std::move(sol), ms_since(t0), p);
  }
  if (policy == "pure_as") {
    PureAsParams p;
    p.grid = {a.lot, a.limit};
    p.k = a.k;
    p.alpha = a.as_alpha;
    p.phi = a.as_phi;
    p.horizon_hours = a.horizon_hours;
    p.min_delta = a.tick;
    auto s = pure_as_surface(p);
    if (!s) return s.error();
    return from_surface(std::move(s.value()), ms_since(t0), 0.0);
  }
  if (policy == "glft") {
    GlftParams p;
    p.grid = {a.lot, a.limit};
    p.A = a.A;
    p.k = a.k;
    p.phi = a.phi;
    p.min_delta = a.tick;
    auto s = glft_surface(p);
    if (!s) return s.error();
    return from_surface(std::move(s.value()), ms_since(t0), 0.0);
  }
  if (policy == "inventory") {
    const HjbParams grid = hjb_params_for(a);  // same funding nodes as the HJB table
    InventoryParams p;
    p.grid = {a.lot, a.limit};
    p.base_size = a.lot;
    p.half_spread = 1.0 / a.k;
    p.skew = 0.5;
    p.convexity = 0.1;
    const double sd = a.sigma * a.ref_price / std::sqrt(2.0 * a.kappa);
    p.funding_sensitivity = 0.5 / (4.0 * sd);  // the full 0.5 lean at four stationary sd
    p.target_cap = 0.5;
    if (overrides.funding_sensitivity) p.funding_sensitivity = *overrides.funding_sensitivity;
    if (overrides.target_cap) p.target_cap = *overrides.target_cap;
    p.ref_price = a.ref_price;
    p.min_delta = a.tick;
    p.f_nodes = uniform_nodes(grid.f_min, (grid.f_max - grid.f_min) / (grid.n_f - 1), grid.n_f);
    auto s = inventory_surface(p);
    if (!s) return s.error();
    return from_surface(std::move(s.value()), ms_since(t0), grid.theta_bar);
  }
  return make_error(PolicyErrorCode::kInvalidParameter,
                    fmt::format("unknown policy '{}'; choose hjb_fd, hjb_jump, pure_as, glft or inventory", policy));
}

}  // namespace hlmm::policy
