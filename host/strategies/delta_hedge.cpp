#include "strategies/delta_hedge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "risk/value_at_risk.hpp"

namespace hlmm::strategies {

RollingReturns::RollingReturns(std::size_t series, std::size_t window)
    : n_(series), window_(window) {
  if (series == 0) throw std::invalid_argument("rolling returns: need at least one series");
  if (window < 2) throw std::invalid_argument(fmt::format("rolling returns: window must be >= 2 (got {})", window));
  ring_.assign(window_ * n_, 0.0);
  sum_.assign(n_, 0.0);
  cross_.assign(n_ * n_, 0.0);
  last_price_.assign(n_, 0.0);
  scratch_.assign(n_, 0.0);
}

void RollingReturns::push_prices(std::span<const double> prices) {
  if (prices.size() != n_) {
    throw std::invalid_argument(fmt::format("rolling returns: {} prices for {} series", prices.size(), n_));
  }
  for (double p : prices) {
    if (!std::isfinite(p) || p <= 0) throw std::invalid_argument(fmt::format("rolling returns: bad price {}", p));
  }
  if (have_prices_) {
    for (std::size_t i = 0; i < n_; ++i) scratch_[i] = prices[i] / last_price_[i] - 1.0;
    push_returns(scratch_);
  }
  std::copy(prices.begin(), prices.end(), last_price_.begin());
  have_prices_ = true;
}

void RollingReturns::push_returns(std::span<const double> returns) {
  if (returns.size() != n_) {
    throw std::invalid_argument(fmt::format("rolling returns: {} returns for {} series", returns.size(), n_));
  }
  for (double r : returns) {
    if (!std::isfinite(r)) throw std::invalid_argument("rolling returns: non-finite return");
  }
  double* slot = &ring_[next_ * n_];
  if (count_ == window_) {
    // The oldest vector sits in the slot about to be overwritten: take it out of the sums.
    for (std::size_t i = 0; i < n_; ++i) {
      sum_[i] -= slot[i];
      for (std::size_t j = 0; j < n_; ++j) cross_[i * n_ + j] -= slot[i] * slot[j];
    }
  }
  for (std::size_t i = 0; i < n_; ++i) slot[i] = returns[i];
  for (std::size_t i = 0; i < n_; ++i) {
    sum_[i] += slot[i];
    for (std::size_t j = 0; j < n_; ++j) cross_[i * n_ + j] += slot[i] * slot[j];
  }
  next_ = (next_ + 1) % window_;
  count_ = std::min(count_ + 1, window_);
  if (++since_rebuild_ >= window_) rebuild();
}

void RollingReturns::rebuild() {
  std::fill(sum_.begin(), sum_.end(), 0.0);
  std::fill(cross_.begin(), cross_.end(), 0.0);
  const std::size_t oldest = count_ < window_ ? 0 : next_;
  for (std::size_t k = 0; k < count_; ++k) {
    const double* v = &ring_[((oldest + k) % window_) * n_];
    for (std::size_t i = 0; i < n_; ++i) {
      sum_[i] += v[i];
      for (std::size_t j = 0; j < n_; ++j) cross_[i * n_ + j] += v[i] * v[j];
    }
  }
  since_rebuild_ = 0;
}

double RollingReturns::covariance(std::size_t i, std::size_t j) const {
  if (i >= n_ || j >= n_) throw std::invalid_argument(fmt::format("rolling returns: series {} or {} out of range", i, j));
  if (count_ < 2) return 0;
  const double n = static_cast<double>(count_);
  return (cross_[i * n_ + j] - sum_[i] * sum_[j] / n) / (n - 1);
}

double RollingReturns::beta(std::size_t y, std::size_t x) const {
  if (count_ < 2) throw SingularHedgeError("beta: fewer than two returns");
  const double var_x = variance(x);
  // Relative to the series' own scale: a constant series leaves only rounding in its variance.
  const double mean_square = cross_[x * n_ + x] / static_cast<double>(count_);
  if (!(var_x > 1e-12 * mean_square)) {
    throw SingularHedgeError(fmt::format("beta: series {} has no variance over the window", x));
  }
  return covariance(y, x) / var_x;
}

std::vector<double> solve_linear_system(std::vector<double> a, std::vector<double> b) {
  const std::size_t n = b.size();
  if (a.size() != n * n) {
    throw std::invalid_argument(fmt::format("linear system: {} matrix entries for {} unknowns", a.size(), n));
  }
  double largest = 0;
  for (double v : a) {
    if (!std::isfinite(v)) throw std::invalid_argument("linear system: non-finite matrix entry");
    largest = std::max(largest, std::abs(v));
  }
  const double tiny = largest * 1e-12;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col])) pivot = r;
    }
    if (!(std::abs(a[pivot * n + col]) > tiny)) {
      throw SingularHedgeError(fmt::format(
          "min-variance hedge: the hedge instruments' covariance is singular (column {} of {}: collinear or "
          "constant return series); drop a redundant instrument or lengthen the window",
          col, n));
    }
    if (pivot != col) {
      for (std::size_t c = 0; c < n; ++c) std::swap(a[col * n + c], a[pivot * n + c]);
      std::swap(b[col], b[pivot]);
    }
    for (std::size_t r = col + 1; r < n; ++r) {
      const double f = a[r * n + col] / a[col * n + col];
      if (f == 0) continue;
      for (std::size_t c = col; c < n; ++c) a[r * n + c] -= f * a[col * n + c];
      b[r] -= f * b[col];
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = n; i-- > 0;) {
    double s = b[i];
    for (std::size_t c = i + 1; c < n; ++c) s -= a[i * n + c] * x[c];
    x[i] = s / a[i * n + i];
  }
  return x;
}

std::vector<double> min_variance_hedge(std::span<const double> cov_hh, std::span<const double> cov_hp) {
  if (cov_hp.empty()) throw std::invalid_argument("min-variance hedge: no hedge instrument");
  std::vector<double> x = solve_linear_system({cov_hh.begin(), cov_hh.end()}, {cov_hp.begin(), cov_hp.end()});
  for (double& v : x) v = -v;
  return x;
}

std::vector<double> min_variance_hedge(const RollingReturns& r, std::size_t position,
                                       std::span<const std::size_t> hedges) {
  if (r.size() < 2) throw SingularHedgeError("min-variance hedge: fewer than two returns");
  const std::size_t m = hedges.size();
  std::vector<double> hh(m * m), hp(m);
  for (std::size_t i = 0; i < m; ++i) {
    if (hedges[i] == position) throw std::invalid_argument("min-variance hedge: the position cannot hedge itself");
    hp[i] = r.covariance(hedges[i], position);
    for (std::size_t j = 0; j < m; ++j) hh[i * m + j] = r.covariance(hedges[i], hedges[j]);
  }
  return min_variance_hedge(hh, hp);
}

double cross_hedge_ratio(double beta, double position_price, double hedge_price) {
  if (!std::isfinite(beta)) throw std::invalid_argument("cross hedge ratio: non-finite beta");
  if (!(position_price > 0) || !(hedge_price > 0) || !std::isfinite(position_price) || !std::isfinite(hedge_price)) {
    throw std::invalid_argument(fmt::format("cross hedge ratio: prices must be > 0 (got {}, {})", position_price, hedge_price));
  }
  return beta * position_price / hedge_price;
}

double position_var(double inventory, double mid, double sigma, double confidence, double horizon_samples) {
  if (!(confidence > 0.5 && confidence < 1)) {
    throw std::invalid_argument(fmt::format("position VaR: confidence must be in (0.5, 1) (got {})", confidence));
  }
  if (!(sigma >= 0) || !(horizon_samples >= 0) || !std::isfinite(inventory) || !std::isfinite(mid)) {
    throw std::invalid_argument("position VaR: sigma and horizon must be >= 0, inventory and mid finite");
  }
  return risk::normal_quantile(confidence) * std::abs(inventory * mid) * sigma * std::sqrt(horizon_samples);
}

void validate(const DeltaHedgeConfig& c) {
  auto bad = [](const char* what, double v) {
    throw std::invalid_argument(fmt::format("delta hedge: {} (got {})", what, v));
  };
  if (!(c.inventory_threshold >= 0) || !std::isfinite(c.inventory_threshold)) bad("inventory_threshold must be >= 0", c.inventory_threshold);
  if (!(c.var_limit_usd > 0) || !std::isfinite(c.var_limit_usd)) bad("var_limit_usd must be > 0", c.var_limit_usd);
  if (!(c.eta > 0 && c.eta <= 1)) bad("eta must be in (0, 1]", c.eta);
  if (!(c.lean_bps_per_coin >= 0) || !std::isfinite(c.lean_bps_per_coin)) bad("lean_bps_per_coin must be >= 0", c.lean_bps_per_coin);
  if (!(c.max_lean_bps >= 0) || !std::isfinite(c.max_lean_bps)) bad("max_lean_bps must be >= 0", c.max_lean_bps);
  if (!(c.min_progress >= 0 && c.min_progress <= 1)) bad("min_progress must be in [0, 1]", c.min_progress);
  if (!(c.hedge_ratio != 0) || !std::isfinite(c.hedge_ratio)) bad("hedge_ratio must be finite and non-zero", c.hedge_ratio);
  if (!(c.hedge_lot >= 0) || !std::isfinite(c.hedge_lot)) bad("hedge_lot must be >= 0", c.hedge_lot);
}

bool hedge_active(double inventory, double var_usd, const DeltaHedgeConfig& c) {
  return std::abs(inventory) > c.inventory_threshold && var_usd > c.var_limit_usd;
}

double hedge_size(double inventory, double var_usd, const DeltaHedgeConfig& c) {
  if (!hedge_active(inventory, var_usd, c)) return 0;
  return inventory * (1.0 - c.var_limit_usd / var_usd) * c.eta;
}

DeltaHedger::DeltaHedger(const DeltaHedgeConfig& config) : cfg_(config) { validate(cfg_); }

void DeltaHedger::start_lean(double inventory, double size, std::uint64_t now_ns) {
  leaning_ = true;
  lean_start_ns_ = now_ns;
  lean_start_abs_inventory_ = std::abs(inventory);
  lean_start_abs_size_ = std::abs(size);
}

HedgeDecision DeltaHedger::decide(double inventory, double var_usd, std::uint64_t now_ns) {
  HedgeDecision d;
  if (!std::isfinite(inventory) || !std::isfinite(var_usd)) {
    throw std::invalid_argument("delta hedge: inventory and VaR must be finite");
  }
  d.hedge_size = hedge_size(inventory, var_usd, cfg_);
  if (d.hedge_size == 0) {
    leaning_ = false;  // back within limits: the next excess starts a fresh lean
    return d;
  }
  if (!leaning_) {
    start_lean(inventory, d.hedge_size, now_ns);
  } else {
    const double came_down = lean_start_abs_inventory_ - std::abs(inventory);
    if (came_down >= cfg_.min_progress * lean_start_abs_size_) {
      // Leaning is working: measure the next stretch from here.
      start_lean(inventory, d.hedge_size, now_ns);
    } else if (now_ns >= lean_start_ns_ && now_ns - lean_start_ns_ >= cfg_.escalate_after_ns) {
      double qty = -d.hedge_size * cfg_.hedge_ratio;
      if (cfg_.hedge_lot > 0) qty = std::trunc(qty / cfg_.hedge_lot + (qty > 0 ? 1e-9 : -1e-9)) * cfg_.hedge_lot;
      if (qty != 0) {
        d.action = HedgeAction::kExternal;
        d.ioc_qty = qty;
        leaning_ = false;  // the IOC resets the episode; if still active next time, lean again first
        return d;
      }
      // Below one hedge lot: nothing to send, keep leaning.
    }
  }
  d.action = HedgeAction::kLean;
  const double bps = std::min(cfg_.max_lean_bps, cfg_.lean_bps_per_coin * std::abs(d.hedge_size));
  d.skew_bps = d.hedge_size > 0 ? -bps : bps;
  return d;
}

}  // namespace hlmm::strategies
