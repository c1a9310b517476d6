#include "calibrate/fill_intensity.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace hlmm::calibrate {
namespace {

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

// Log-likelihood, gradient and Hessian in (u, k) with Lambda = exp(u - k delta).
struct Local {
  double ll = 0.0;
  double g[2] = {0.0, 0.0};
  double h[2][2] = {{0.0, 0.0}, {0.0, 0.0}};
};

Local evaluate(const std::vector<HitCount>& c, double dt, double u, double k) {
  Local out;
  for (const HitCount& o : c) {
    const double m = std::exp(u - k * o.delta) * dt;  // expected fills per window
    const double miss = o.windows - o.hits;
    // log P(hit) = log(1 - e^{-m}); expm1 keeps precision when m is small.
    const double p = -std::expm1(-m);
    out.ll += o.hits * std::log(p) - miss * m;
    // d ll / d m and d2 ll / d m2 (for the hit term: e^{-m}/p and -e^{-m}/p^2).
    const double q = std::exp(-m);
    const double d1 = o.hits * q / p - miss;
    const double d2 = -o.hits * q / (p * p);
    // m = exp(u - k delta): dm/du = m, dm/dk = -delta m.
    const double dm[2] = {m, -o.delta * m};
    const double d2m[2][2] = {{m, -o.delta * m}, {-o.delta * m, o.delta * o.delta * m}};
    for (int a = 0; a < 2; ++a) {
      out.g[a] += d1 * dm[a];
      for (int b = 0; b < 2; ++b) out.h[a][b] += d2 * dm[a] * dm[b] + d1 * d2m[a][b];
    }
  }
  return out;
}

}  // namespace

Fit<IntensityFit> fit_fill_intensity(const std::vector<HitCount>& counts, double dt) {
  if (!(dt > 0.0)) return FitError{"the window length dt must be positive"};
  // Start from a log-linear fit of the implied intensity -ln(1 - hits/windows)/dt on delta.
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, n = 0.0;
  std::size_t distinct = 0;
  double first_delta = 0.0;
  for (const HitCount& c : counts) {
    if (!(c.windows > 0.0) || c.hits < 0.0 || c.hits > c.windows || !std::isfinite(c.delta)) {
      return FitError{"each distance needs windows > 0 and 0 <= hits <= windows"};
    }
    if (distinct == 0 || c.delta != first_delta) ++distinct;
    if (distinct == 1) first_delta = c.delta;
    if (c.hits <= 0.0 || c.hits >= c.windows) continue;
    const double y = std::log(-std::log1p(-c.hits / c.windows) / dt);
    sx += c.delta;
    sy += y;
    sxx += c.delta * c.delta;
    sxy += c.delta * y;
    n += 1.0;
  }
  if (distinct < 2) return FitError{"need at least two distinct quote distances"};
  if (n < 2.0 || !(n * sxx - sx * sx > 0.0)) {
    return FitError{"need at least two distances with some but not all windows hit"};
  }
  double k = -(n * sxy - sx * sy) / (n * sxx - sx * sx);
  double u = (sy + k * sx) / n;
  // Damped Newton: the likelihood is concave near the optimum; halve the step until it improves.
  Local cur = evaluate(counts, dt, u, k);
  int it = 0;
  for (; it < 100; ++it) {
    const double det = cur.h[0][0] * cur.h[1][1] - cur.h[0][1] * cur.h[1][0];
    if (!(std::fabs(det) > 0.0)) break;
    const double du = -(cur.h[1][1] * cur.g[0] - cur.h[0][1] * cur.g[1]) / det;
    const double dk = -(-cur.h[1][0] * cur.g[0] + cur.h[0][0] * cur.g[1]) / det;
    double step = 1.0;
    Local next;
    for (int halving = 0; halving < 40; ++halving, step *= 0.5) {
      next = evaluate(counts, dt, u + step * du, k + step * dk);
      if (next.ll >= cur.ll) break;
    }
    u += step * du;
    k += step * dk;
    const bool done = std::fabs(step * du) < 1e-12 && std::fabs(step * dk) < 1e-12 * std::max(1.0, std::fabs(k));
    cur = next;
    if (done) break;
  }
  if (!std::isfinite(u) || !std::isfinite(k)) return FitError{"the intensity fit did not converge"};
  // The likelihood has a finite optimum for any hit pattern, so a converged fit is no sign of
  // the model holding: rates that do not fall with distance give k <= 0, which every consumer
  // (1/k spreads, the HJB's H(J) and its CFL bound) would turn into nonsense quotes.
  if (!(k > 0.0)) {
    return FitError{"the fitted decay k = " + number(k) +
                    " is not positive: fill rates do not fall with quote distance, so A exp(-k delta) does not fit"};
  }
  const double A = std::exp(u);
  if (!(A > 0.0) || !std::isfinite(A)) {
    return FitError{"the fitted intensity at zero distance A = exp(" + number(u) + ") = " + number(A) +
                    " is not a positive finite rate: extrapolated from these distances, Lambda(0) is out of range"};
  }
  return IntensityFit{A, k, cur.ll, it};
}

}  // namespace hlmm::calibrate
