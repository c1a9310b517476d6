#include "calibrate/ou_fit.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hlmm::calibrate {
namespace {

struct Line {
  double a = 0.0;  // intercept
  double b = 0.0;  // slope
};

// Weighted least squares of y on x; unit weights give ordinary least squares.
bool weighted_line(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>* w, Line& out) {
  double sw = 0.0, sx = 0.0, sy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double wi = w ? (*w)[i] : 1.0;
    sw += wi;
    sx += wi * x[i];
    sy += wi * y[i];
  }
  const double mx = sx / sw, my = sy / sw;
  double sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double wi = w ? (*w)[i] : 1.0;
    sxx += wi * (x[i] - mx) * (x[i] - mx);
    sxy += wi * (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0.0)) return false;
  out.b = sxy / sxx;
  out.a = my - out.b * mx;
  return true;
}

double normal_pdf(double x, double mean, double var) {
  return std::exp(-0.5 * (x - mean) * (x - mean) / var) / std::sqrt(2.0 * std::numbers::pi * var);
}

// (kappa, theta, sigma) from the AR(1) line and the innovation variance.
bool ou_from_ar1(const Line& l, double innovation_var, double dt, double& kappa, double& theta, double& sigma) {
  if (!(l.b > 0.0 && l.b < 1.0)) return false;
  kappa = -std::log(l.b) / dt;
  theta = l.a / (1.0 - l.b);
  sigma = std::sqrt(innovation_var * 2.0 * kappa / (1.0 - l.b * l.b));
  return true;
}

}  // namespace

Fit<OuFit> fit_ou(const std::vector<double>& x, double dt) {
  if (!(dt > 0.0)) return FitError{"the sampling interval dt must be positive"};
  if (x.size() < 10) return FitError{"an OU fit needs at least 10 samples"};
  for (double v : x) {
    if (!std::isfinite(v)) return FitError{"samples must be finite"};
  }
  const std::vector<double> prev(x.begin(), x.end() - 1);
  const std::vector<double> next(x.begin() + 1, x.end());
  Line l;
  if (!weighted_line(prev, next, nullptr, l)) return FitError{"the series is constant"};
  const std::size_t n = next.size();
  std::vector<double> e(n);
  double ss = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = next[i] - l.a - l.b * prev[i];
    ss += e[i] * e[i];
  }
  const double var = ss / static_cast<double>(n);  // the MLE, not the unbiased estimate
  OuFit f;
  if (!ou_from_ar1(l, var, dt, f.kappa, f.theta, f.sigma)) {
    return FitError{"no mean reversion in the data (AR(1) slope outside (0, 1))"};
  }
  f.half_life = std::numbers::ln2 / f.kappa;
  double m3 = 0.0, m4 = 0.0;
  for (double v : e) {
    m3 += v * v * v;
    m4 += v * v * v * v;
  }
  m3 /= static_cast<double>(n);
  m4 /= static_cast<double>(n);
  f.residual_skewness = m3 / std::pow(var, 1.5);
  f.residual_excess_kurtosis = m4 / (var * var) - 3.0;
  f.jarque_bera = static_cast<double>(n) / 6.0 *
                  (f.residual_skewness * f.residual_skewness + 0.25 * f.residual_excess_kurtosis * f.residual_excess_kurtosis);
  f.log_likelihood = -0.5 * static_cast<double>(n) * (std::log(2.0 * std::numbers::pi * var) + 1.0);
  f.samples = x.size();
  return f;
}

Fit<OuJumpFit> fit_ou_jump(const std::vector<double>& x, double dt, int max_iterations) {
  auto start = fit_ou(x, dt);
  if (!start) return start.error();
  const std::vector<double> prev(x.begin(), x.end() - 1);
  const std::vector<double> next(x.begin() + 1, x.end());
  const std::size_t n = next.size();
  // Start: the Gaussian fit's line; a rare, wide jump component.
  Line l;
  weighted_line(prev, next, nullptr, l);
  double var0 = 0.0;
  for (std::size_t i = 0; i < n; ++i) var0 += std::pow(next[i] - l.a - l.b * prev[i], 2);
  var0 /= static_cast<double>(n);
  double p = 0.05, mu = 0.0, var1 = 10.0 * var0;
  var0 *= 0.5;
  std::vector<double> r(n), w(n), target(n);
  double ll = -INFINITY;
  int it = 0;
  for (; it < max_iterations; ++it) {
    double new_ll = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double e = next[i] - l.a - l.b * prev[i];
      const double g0 = (1.0 - p) * normal_pdf(e, 0.0, var0);
      const double g1 = p * normal_pdf(e, mu, var1);
      const double tot = g0 + g1;
      r[i] = tot > 0.0 ? g1 / tot : 0.0;
      new_ll += std::log(std::max(tot, 1e-300));
    }
    // Each step's squared error is weighted by the precision of the component it belongs to.
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = (1.0 - r[i]) / var0 + r[i] / var1;
      target[i] = next[i] - r[i] * mu / (var1 * w[i]);
    }
    if (!weighted_line(prev, target, &w, l)) return FitError{"degenerate data in the jump fit"};
    double sr = 0.0, se1 = 0.0, s00 = 0.0, s11 = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double e = next[i] - l.a - l.b * prev[i];
      sr += r[i];
      se1 += r[i] * e;
    }
    p = std::clamp(sr / static_cast<double>(n), 1e-6, 0.5);
    mu = sr > 0.0 ? se1 / sr : 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double e = next[i] - l.a - l.b * prev[i];
      s00 += (1.0 - r[i]) * e * e;
      s11 += r[i] * (e - mu) * (e - mu);
    }
    var0 = std::max(s00 / std::max(static_cast<double>(n) - sr, 1.0), 1e-300);
    // The jump component's variance is the diffusion's plus the jump's; it cannot be smaller.
    var1 = std::max(sr > 0.0 ? s11 / sr : var0, var0 * (1.0 + 1e-9));
    if (std::fabs(new_ll - ll) < 1e-10 * std::fabs(new_ll)) {
      ll = new_ll;
      break;
    }
    ll = new_ll;
  }
  OuJumpFit f;
  if (!ou_from_ar1(l, var0, dt, f.kappa, f.theta, f.sigma)) {
    return FitError{"no mean reversion in the data (AR(1) slope outside (0, 1))"};
  }
  f.jump_probability = p;
  f.jump_mean = mu;
  f.jump_sd = std::sqrt(std::max(0.0, var1 - var0));
  f.log_likelihood = ll;
  f.iterations = it;
  return f;
}

}  // namespace hlmm::calibrate
