// The funding-aware reduced HJB h(t, q, f) of shared hjb-math.md §3-5, solved by the paper's
// monotone explicit scheme: upwind birth-death chain for the OU funding generator, the quoting
// Hamiltonian H(J) with the quote floor, hard inventory limits, terminal -alpha q^2 and running
// phi q^2. Units: hours, coins, USD; f is cash funding (mid x hourly rate), positive = longs pay.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "policy/policy_surface.hpp"
#include "policy/result.hpp"

namespace hlmm::policy {

struct HjbParams {
  double horizon_hours = 6.0;  // T
  double q_min = -10.0;        // hard inventory limits, coins
  double q_max = 10.0;
  double q_step = 1.0;         // lot, coins
  double f_min = 0.0;          // truncated funding domain, USD/coin/h
  double f_max = 0.0;
  int n_f = 1;                 // 1 = funding dimension collapsed (f = f_min); else >= 3
  int n_t = 2048;              // time nodes including both ends, dt = T / (n_t - 1)
  double kappa = 0.0;          // OU mean reversion, 1/h
  double theta_bar = 0.0;      // OU long-run mean, cash units
  double sigma_f = 0.0;        // OU diffusion, cash units / sqrt(h)
  double A = 0.0;              // fill intensity at zero offset, 1/h per side
  double k = 1.0;              // intensity decay, 1/USD
  double alpha = 0.0;          // terminal penalty, USD/coin^2
  double phi = 0.0;            // running penalty, USD/(coin^2 h)
  double min_delta = 0.0;      // quote floor, USD (bounds the fill rate, hence the CFL step)
  bool enforce_cfl = true;     // diagnostics only: false lets a non-monotone step run
};

struct HjbSolveOptions {
  std::vector<int> keep;  // time indices to store besides 0
  // Overrides h(T, q, f) = -alpha q^2 (comparison-principle tests).
  std::function<double(double q, double f)> terminal;
};

struct HjbSolution {
  HjbParams params;
  std::vector<double> q;  // inventory nodes
  std::vector<double> f;  // funding nodes
  double df = 0.0;
  double dt = 0.0;
  double dt_max = 0.0;     // CFL bound of this grid
  double min_weight = 1.0;  // smallest diagonal weight 1 - dt * (out rate) seen (>= 0: monotone)
  std::uint64_t updates = 0;  // grid-point updates performed
  std::vector<std::pair<int, std::vector<double>>> slices;  // time index -> h[i * n_f + j]

  const std::vector<double>* slice(int t_idx) const;  // null unless t_idx was kept
  // h at nodes; t_idx must be a kept slice (0 always is).
  double h(int t_idx, int i, int j) const {
    return (*slice(t_idx))[static_cast<std::size_t>(i) * f.size() + static_cast<std::size_t>(j)];
  }
  // h linear in f between nodes, clamped to the edge nodes outside the grid.
  double h_at(int t_idx, int i, double f_value) const;
  int q_index(double q_value) const;  // nearest node, clamped
  // (bid, ask) offsets in USD at (q, f) from a stored slice; +inf on a side at the hard limit.
  std::pair<double, double> deltas(double q_value, double f_value, int t_idx = 0) const;
};

// Upwind birth-death rates of the OU generator on the f grid (d_0 = u_{N-1} = 0).
void ou_birth_death_rates(const HjbParams& p, const std::vector<double>& f, double df, std::vector<double>& up,
                          std::vector<double>& down);

// Largest stable explicit step (hours) and the smallest n_t that respects it. extra_rate is the
// jump intensity (hjb_jump), added to the total outflow rate of a cell. On an invalid funding
// grid (e.g. kappa = 0 or theta = sigma = 0 in a preset's grid rule) cfl_max_dt is 0 and min_n_t
// is 0, as it is when the horizon is not positive or the count does not fit an int: no valid
// n_t, and solve_hjb_fd names the actual fault.
double cfl_max_dt(const HjbParams& p, double extra_rate = 0.0);
int min_n_t(const HjbParams& p, double extra_rate = 0.0);

Result<HjbSolution> solve_hjb_fd(const HjbParams& p, const HjbSolveOptions& options = {});

namespace detail {
// The scheme with an optional nonlocal term sum_m jump_w[j][m] (h_m - h_j) (zero diagonal) whose
// total intensity jump_rate joins the CFL bound; hjb_jump builds the weights.
Result<HjbSolution> solve_hjb_scheme(const HjbParams& p, const std::vector<double>* jump_w, double jump_rate,
                                     const HjbSolveOptions& options);
}  // namespace detail

struct SurfaceOptions {
  int t_bins = 1;             // 1: the t = 0 slice (the paper's rolling mode); else bins over [0, T)
  double size_coins = -1.0;   // quote size per level; < 0 means one lot
  // Funding bins of the table: 0 keeps the solver's nodes; otherwise quotes are taken at that many
  // uniform nodes over [f_min, f_max] from h interpolated in f, so a fine solve fits the table's
  // 32 bins.
  int f_bins = 0;
};

// The solve options that keep the slices surface_from_hjb needs for `t_bins`.
std::vector<int> time_bin_indices(const HjbParams& p, int t_bins);
// Quotes at the grid nodes of each bin's starting slice.
Result<PolicySurface> surface_from_hjb(const HjbSolution& solution, const SurfaceOptions& options = {});

}  // namespace hlmm::policy
