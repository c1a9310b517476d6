#include "policy/hjb_fd.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include <fmt/format.h>

#include "policy/hjb_kernel.hpp"

namespace hlmm::policy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Result<std::vector<double>> make_q_grid(const HjbParams& p) {
  if (!(p.q_step > 0.0) || !std::isfinite(p.q_step)) {
    return make_error(PolicyErrorCode::kInvalidParameter, "q_step (the lot) must be positive and finite");
  }
  const double span = (p.q_max - p.q_min) / p.q_step;
  const long n = std::lround(span);
  if (!std::isfinite(span) || n < 1 ||
      std::fabs(p.q_min + static_cast<double>(n) * p.q_step - p.q_max) > 1e-9 * std::max(1.0, std::fabs(p.q_max))) {
    return make_error(PolicyErrorCode::kInvalidParameter,
                      fmt::format("q_max - q_min = {} must be a positive multiple of q_step = {}", p.q_max - p.q_min,
                                  p.q_step));
  }
  return uniform_nodes(p.q_min, p.q_step, static_cast<int>(n) + 1);
}

struct FGrid {
  std::vector<double> nodes;
  double df = 0.0;
};

Result<FGrid> make_f_grid(const HjbParams& p) {
  if (!std::isfinite(p.f_min) || !std::isfinite(p.f_max)) {
    return make_error(PolicyErrorCode::kInvalidParameter, "funding domain bounds must be finite");
  }
  if (p.n_f == 1) return FGrid{{p.f_min}, 0.0};
  if (p.n_f < 3 || !(p.f_max > p.f_min)) {
    return make_error(PolicyErrorCode::kInvalidParameter,
                      fmt::format("need n_f == 1 (funding collapsed) or n_f >= 3 with f_max > f_min (n_f = {})", p.n_f));
  }
  const double df = (p.f_max - p.f_min) / (p.n_f - 1);
  return FGrid{uniform_nodes(p.f_min, df, p.n_f), df};
}

Result<FGrid> checked_grids(const HjbParams& p, std::vector<double>& q) {
  const auto finite = [](double x) { return std::isfinite(x); };
  if (!finite(p.horizon_hours) || !(p.horizon_hours > 0.0)) {
    return make_error(PolicyErrorCode::kInvalidParameter, "horizon_hours must be positive and finite");
  }
  if (p.n_t < 2) return make_error(PolicyErrorCode::kInvalidParameter, "n_t must be >= 2");
  if (!finite(p.k) || !(p.k > 0.0)) return make_error(PolicyErrorCode::kInvalidParameter, "k must be positive");
  if (!finite(p.A) || p.A < 0.0) return make_error(PolicyErrorCode::kInvalidParameter, "A must be >= 0");
  if (!finite(p.min_delta) || p.min_delta < 0.0) {
    return make_error(PolicyErrorCode::kInvalidParameter,
                      "min_delta must be >= 0: without a floor the fill rate, hence the CFL bound, is unbounded");
  }
  if (!finite(p.sigma_f) || p.sigma_f < 0.0 || !finite(p.kappa) || p.kappa < 0.0 || !finite(p.theta_bar)) {
    return make_error(PolicyErrorCode::kInvalidParameter, "need sigma_f >= 0, kappa >= 0, finite theta_bar");
  }
  if (!finite(p.alpha) || p.alpha < 0.0 || !finite(p.phi) || p.phi < 0.0) {
    return make_error(PolicyErrorCode::kInvalidParameter, "penalties alpha and phi must be >= 0");
  }
  auto qg = make_q_grid(p);
  if (!qg) return qg.error();
  q = std::move(qg.value());
  return make_f_grid(p);
}

double max_rate(const HjbParams& p, const FGrid& g, double extra_rate) {
  std::vector<double> up, down;
  ou_birth_death_rates(p, g.nodes, g.df, up, down);
  double m = 0.0;
  for (std::size_t j = 0; j < up.size(); ++j) m = std::max(m, up[j] + down[j]);
  return m + 2.0 * p.A * std::exp(-p.k * p.min_delta) + extra_rate;
}

}  // namespace

void ou_birth_death_rates(const HjbParams& p, const std::vector<double>& f, double df, std::vector<double>& up,
                          std::vector<double>& down) {
  const std::size_t n = f.size();
  up.assign(n, 0.0);
  down.assign(n, 0.0);
  if (n < 2) return;
  const double diff = 0.5 * p.sigma_f * p.sigma_f / (df * df);
  for (std::size_t j = 0; j < n; ++j) {
    const double mu = p.kappa * (p.theta_bar - f[j]);
    up[j] = diff + std::max(mu, 0.0) / df;
    down[j] = diff + std::max(-mu, 0.0) / df;
  }
  down[0] = 0.0;  // reflecting: no transition off the truncated grid
  up[n - 1] = 0.0;
}

double cfl_max_dt(const HjbParams& p, double extra_rate) {
  auto g = make_f_grid(p);
  if (!g) return 0.0;
  const double r = max_rate(p, g.value(), extra_rate);
  return r <= 0.0 ? kInf : 1.0 / r;
}

int min_n_t(const HjbParams& p, double extra_rate) {
  const double dt_max = cfl_max_dt(p, extra_rate);
  if (std::isinf(dt_max)) return 2;
  // An invalid grid gives dt_max = 0, so T / dt_max is infinite (or NaN with a bad horizon);
  // converting that, or anything beyond int, to int is undefined behaviour. 0 is no valid n_t,
  // and the solver reports the grid's actual error when given it.
  const double steps = std::ceil(p.horizon_hours / dt_max);
  if (!(steps >= 1.0 && steps < static_cast<double>(std::numeric_limits<int>::max()))) return 0;
  return static_cast<int>(steps) + 1;
}

const std::vector<double>* HjbSolution::slice(int t_idx) const {
  for (const auto& [idx, data] : slices) {
    if (idx == t_idx) return &data;
  }
  return nullptr;
}

double HjbSolution::h_at(int t_idx, int i, double f_value) const {
  const std::vector<double>* kept = slice(t_idx);
  // A slice that was not kept yields NaN quotes, which encode_policy_table refuses.
  if (kept == nullptr) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<double>& s = *kept;
  const std::size_t nf = f.size();
  const double* r = s.data() + static_cast<std::size_t>(i) * nf;
  if (nf == 1) return r[0];
  const double x = (f_value - f[0]) / df;
  if (x <= 0.0) return r[0];
  if (x >= static_cast<double>(nf - 1)) return r[nf - 1];
  const auto j = static_cast<std::size_t>(x);
  const double w = x - static_cast<double>(j);
  return r[j] + w * (r[j + 1] - r[j]);
}

int HjbSolution::q_index(double q_value) const {
  const double qc = std::clamp(q_value, params.q_min, params.q_max);
  return static_cast<int>(std::lround((qc - params.q_min) / params.q_step));
}

std::pair<double, double> HjbSolution::deltas(double q_value, double f_value, int t_idx) const {
  const int i = q_index(q_value);
  const double h0 = h_at(t_idx, i, f_value);
  const double base = 1.0 / params.k;
  double bid = kInf;
  double ask = kInf;
  if (i + 1 < static_cast<int>(q.size())) {
    bid = std::max(params.min_delta, base - (h_at(t_idx, i + 1, f_value) - h0) / params.q_step);
  }
  if (i > 0) ask = std::max(params.min_delta, base - (h_at(t_idx, i - 1, f_value) - h0) / params.q_step);
  return {bid, ask};
}

namespace detail {

Result<HjbSolution> solve_hjb_scheme(const HjbParams& p, const std::vector<double>* jump_w, double jump_rate,
                                     const HjbSolveOptions& options) {
  HjbSolution sol;
  sol.params = p;
  auto fg = checked_grids(p, sol.q);
  if (!fg) return fg.error();
  sol.f = fg.value().nodes;
  sol.df = fg.value().df;
  const std::size_t nq = sol.q.size();
  const std::size_t nf = sol.f.size();
  if (jump_w != nullptr && jump_w->size() != nf * nf) {
    return make_error(PolicyErrorCode::kShapeMismatch, "jump weight matrix does not match the funding grid");
  }
  sol.dt = p.horizon_hours / (p.n_t - 1);
  sol.dt_max = cfl_max_dt(p, jump_rate);
  if (p.enforce_cfl && sol.dt > sol.dt_max * (1.0 + 1e-12)) {
    const int needed = min_n_t(p, jump_rate);
    return make_error(PolicyErrorCode::kCflViolation,
                      fmt::format("dt = {:.6g} h (n_t = {}) exceeds the largest stable step dt_max = {:.6g} h of the "
                                  "monotone explicit scheme; {}",
                                  sol.dt, p.n_t, sol.dt_max,
                                  needed > 0 ? fmt::format("use n_t >= {}", needed)
                                             : std::string("no n_t up to INT_MAX makes dt small enough")));
  }

  std::vector<double> up, down;
  ou_birth_death_rates(p, sol.f, sol.df, up, down);
  std::vector<double> source(nq * nf);
  for (std::size_t i = 0; i < nq; ++i) {
    for (std::size_t j = 0; j < nf; ++j) source[i * nf + j] = -sol.q[i] * sol.f[j] - p.phi * sol.q[i] * sol.q[i];
  }
  std::vector<double> jump_out;
  std::vector<double> jump_wt;
  if (jump_w != nullptr) {
    jump_out.assign(nf, 0.0);
    jump_wt.assign(nf * nf, 0.0);
    for (std::size_t j = 0; j < nf; ++j) {
      for (std::size_t m = 0; m < nf; ++m) {
        jump_out[j] += (*jump_w)[j * nf + m];
        jump_wt[m * nf + j] = (*jump_w)[j * nf + m];
      }
    }
  }
  // Every rate leaving a cell, jumps included: min_weight must see what the CFL bound guards.
  std::vector<double> out_rate(nf);
  for (std::size_t j = 0; j < nf; ++j) out_rate[j] = up[j] + down[j] + (jump_w != nullptr ? jump_out[j] : 0.0);

  detail::HjbKernel k;
  k.nq = static_cast<int>(nq);
  k.nf = static_cast<int>(nf);
  k.stride = nf + 2;
  k.dt = sol.dt;
  k.k_over_lot = p.k / p.q_step;
  k.floor_exponent = 1.0 - p.k * p.min_delta;
  k.h_scale = p.A * p.q_step / (std::numbers::e * p.k);
  k.lambda_scale = p.A / std::numbers::e;
  k.lambda_floor = p.A * std::exp(-p.k * p.min_delta);
  k.floor_cash = p.min_delta * p.q_step;
  k.up = up.data();
  k.down = down.data();
  k.out_rate = out_rate.data();
  k.source = source.data();
  k.jump_wt = jump_w != nullptr ? jump_wt.data() : nullptr;
  k.jump_out = jump_w != nullptr ? jump_out.data() : nullptr;

  // Two padded buffers; the ghost columns stay zero and only ever meet a zero rate.
  std::vector<double> a(nq * k.stride, 0.0);
  std::vector<double> b(nq * k.stride, 0.0);
  for (std::size_t i = 0; i < nq; ++i) {
    for (std::size_t j = 0; j < nf; ++j) {
      a[i * k.stride + 1 + j] = options.terminal ? options.terminal(sol.q[i], sol.f[j]) : -p.alpha * sol.q[i] * sol.q[i];
    }
  }
  std::vector<double> scratch(6 * nf, 0.0);
  detail::HjbScratch s;
  s.ask_in = scratch.data();
  s.ask_next = scratch.data() + nf;
  s.lam_in = scratch.data() + 2 * nf;
  s.lam_next = scratch.data() + 3 * nf;
  s.jump = scratch.data() + 4 * nf;
  s.max_rate = scratch.data() + 5 * nf;

  const auto wanted = [&](int n) {
    return n == 0 || std::find(options.keep.begin(), options.keep.end(), n) != options.keep.end();
  };
  const auto store = [&](int n, const std::vector<double>& h) {
    std::vector<double> compact(nq * nf);
    for (std::size_t i = 0; i < nq; ++i) {
      std::copy_n(h.begin() + static_cast<std::ptrdiff_t>(i * k.stride + 1), nf,
                  compact.begin() + static_cast<std::ptrdiff_t>(i * nf));
    }
    sol.slices.emplace_back(n, std::move(compact));
  };
  if (wanted(p.n_t - 1)) store(p.n_t - 1, a);
  std::vector<double>* next = &a;
  std::vector<double>* now = &b;
  for (int n = p.n_t - 2; n >= 0; --n) {
    detail::hjb_step(k, next->data(), now->data(), s);
    std::swap(next, now);
    if (wanted(n)) store(n, *next);
  }
  double worst = 0.0;
  for (std::size_t j = 0; j < nf; ++j) worst = std::max(worst, s.max_rate[j]);
  sol.min_weight = 1.0 - sol.dt * worst;
  sol.updates = static_cast<std::uint64_t>(p.n_t - 1) * nq * nf;
  return sol;
}

}  // namespace detail

Result<HjbSolution> solve_hjb_fd(const HjbParams& p, const HjbSolveOptions& options) {
  return detail::solve_hjb_scheme(p, nullptr, 0.0, options);
}

namespace {

std::pair<double, double> node_deltas(const HjbSolution& sol, int n, int i, int j) {
  const int nq = static_cast<int>(sol.q.size());
  const double h0 = sol.h(n, i, j);
  const double base = 1.0 / sol.params.k;
  double bid = kInf;
  double ask = kInf;
  if (i + 1 < nq) bid = std::max(sol.params.min_delta, base - (sol.h(n, i + 1, j) - h0) / sol.params.q_step);
  if (i > 0) ask = std::max(sol.params.min_delta, base - (sol.h(n, i - 1, j) - h0) / sol.params.q_step);
  return {bid, ask};
}

}  // namespace

std::vector<int> time_bin_indices(const HjbParams& p, int t_bins) {
  std::vector<int> idx;
  for (int b = 0; b < t_bins; ++b) {
    idx.push_back(static_cast<int>(std::lround(static_cast<double>(b) * (p.n_t - 1) / t_bins)));
  }
  return idx;
}

Result<PolicySurface> surface_from_hjb(const HjbSolution& sol, const SurfaceOptions& options) {
  if (options.t_bins < 1 || options.t_bins > kMaxTimeBins) {
    return make_error(PolicyErrorCode::kTooManyTimeBins,
                      fmt::format("{} time bins requested; 1..{} allowed", options.t_bins, kMaxTimeBins));
  }
  if (options.f_bins < 0 || options.f_bins == 2 || (options.f_bins > 0 && sol.f.size() == 1 && options.f_bins != 1)) {
    return make_error(PolicyErrorCode::kInvalidParameter,
                      fmt::format("f_bins = {}: use 0 (solver nodes), 1, or >= 3 on a funding grid", options.f_bins));
  }
  PolicySurface s;
  s.q_nodes = sol.q;
  const bool resample = options.f_bins > 0 && options.f_bins != static_cast<int>(sol.f.size());
  if (!resample) {
    s.f_nodes = sol.f;
  } else if (options.f_bins == 1) {
    s.f_nodes = {sol.params.theta_bar};
  } else {
    s.f_nodes = uniform_nodes(sol.f.front(), (sol.f.back() - sol.f.front()) / (options.f_bins - 1), options.f_bins);
  }
  s.t_bins = options.t_bins;
  s.t_bin_seconds = options.t_bins > 1 ? sol.params.horizon_hours * 3600.0 / options.t_bins : 0.0;
  s.resize_cells();
  const std::vector<int> idx = time_bin_indices(sol.params, options.t_bins);
  const int nq = s.q_levels();
  const int nf = s.f_bins();
  for (int tb = 0; tb < options.t_bins; ++tb) {
    const int n = idx[static_cast<std::size_t>(tb)];
    if (sol.slice(n) == nullptr) {
      return make_error(PolicyErrorCode::kInvalidParameter,
                        fmt::format("time slice {} was not kept; solve with keep = time_bin_indices(p, {})", n,
                                    options.t_bins));
    }
    for (int i = 0; i < nq; ++i) {
      for (int j = 0; j < nf; ++j) {
        // At the solver's own nodes read h directly, so no interpolation rounding enters.
        const auto [bid, ask] = resample ? sol.deltas(s.q_nodes[static_cast<std::size_t>(i)], s.f_nodes[static_cast<std::size_t>(j)], n)
                                         : node_deltas(sol, n, i, j);
        s.bid[s.index(tb, i, j)] = bid;
        s.ask[s.index(tb, i, j)] = ask;
      }
    }
  }
  const double size = options.size_coins < 0.0 ? sol.params.q_step : options.size_coins;
  for (int i = 0; i < nq; ++i) s.size[static_cast<std::size_t>(i)] = size;
  return s;
}

}  // namespace hlmm::policy
