#include "policy/closed_forms.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace hlmm::policy {
namespace {

std::vector<double> matmul(const std::vector<double>& a, const std::vector<double>& b, int n) {
  std::vector<double> c(static_cast<std::size_t>(n * n), 0.0);
  for (int i = 0; i < n; ++i) {
    for (int l = 0; l < n; ++l) {
      const double x = a[static_cast<std::size_t>(i * n + l)];
      if (x == 0.0) continue;
      for (int j = 0; j < n; ++j) c[static_cast<std::size_t>(i * n + j)] += x * b[static_cast<std::size_t>(l * n + j)];
    }
  }
  return c;
}

}  // namespace

std::vector<double> matrix_exponential(const std::vector<double>& m, int n) {
  double norm = 0.0;  // infinity norm decides how many halvings bring M under 1/2
  for (int i = 0; i < n; ++i) {
    double row = 0.0;
    for (int j = 0; j < n; ++j) row += std::fabs(m[static_cast<std::size_t>(i * n + j)]);
    norm = std::max(norm, row);
  }
  const int s = norm > 0.5 ? static_cast<int>(std::ceil(std::log2(norm / 0.5))) : 0;
  const double scale = std::ldexp(1.0, -s);
  std::vector<double> ms(m);
  for (double& x : ms) x *= scale;
  std::vector<double> result(static_cast<std::size_t>(n * n), 0.0);
  for (int i = 0; i < n; ++i) result[static_cast<std::size_t>(i * n + i)] = 1.0;
  std::vector<double> term = result;
  for (int order = 1; order <= 20; ++order) {
    term = matmul(term, ms, n);
    for (double& x : term) x /= order;
    for (std::size_t i = 0; i < result.size(); ++i) result[i] += term[i];
  }
  for (int i = 0; i < s; ++i) result = matmul(result, result, n);
  return result;
}

std::vector<Quote> cjp_exact_quotes(const std::vector<double>& qs, double A, double k, double alpha, double phi,
                                    double f, double tau, int pieces) {
  const int n = static_cast<int>(qs.size());
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> m(static_cast<std::size_t>(n * n), 0.0);
  const double step = tau / pieces;
  for (int i = 0; i < n; ++i) {
    const double q = qs[static_cast<std::size_t>(i)];
    m[static_cast<std::size_t>(i * n + i)] = -k * (phi * q * q + f * q) * step;
    if (i > 0) m[static_cast<std::size_t>(i * n + i - 1)] = A / std::numbers::e * step;
    if (i + 1 < n) m[static_cast<std::size_t>(i * n + i + 1)] = A / std::numbers::e * step;
  }
  const std::vector<double> ex = matrix_exponential(m, n);
  std::vector<double> omega(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) omega[static_cast<std::size_t>(i)] = std::exp(-k * alpha * qs[static_cast<std::size_t>(i)] * qs[static_cast<std::size_t>(i)]);
  for (int piece = 0; piece < pieces; ++piece) {
    std::vector<double> next(static_cast<std::size_t>(n), 0.0);
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) next[static_cast<std::size_t>(i)] += ex[static_cast<std::size_t>(i * n + j)] * omega[static_cast<std::size_t>(j)];
    }
    const double top = *std::max_element(next.begin(), next.end());
    for (double& w : next) w /= top;
    omega = std::move(next);
  }
  std::vector<Quote> out(static_cast<std::size_t>(n), Quote{inf, inf});
  for (int i = 0; i < n; ++i) {
    const auto u = static_cast<std::size_t>(i);
    if (i + 1 < n) out[u].first = 1.0 / k - std::log(omega[u + 1] / omega[u]) / k;
    if (i > 0) out[u].second = 1.0 / k - std::log(omega[u - 1] / omega[u]) / k;
  }
  return out;
}

Quote glft_risk_neutral(double q, double A, double k, double phi, double lot) {
  const double w = std::sqrt(phi * std::numbers::e / (A * k * lot));
  return {1.0 / k + (2.0 * q + lot) / 2.0 * w, 1.0 / k - (2.0 * q - lot) / 2.0 * w};
}

Quote glft_cara(double q, double gamma, double sigma, double A, double k, double lot) {
  const double g = gamma * lot;
  const double base = std::log1p(g / k) / g;
  const double w = std::sqrt(sigma * sigma * gamma / (2.0 * A * k * lot) * std::pow(1.0 + g / k, 1.0 + k / g));
  return {base + (2.0 * q + lot) / 2.0 * w, base - (2.0 * q - lot) / 2.0 * w};
}

Quote as_cara(double q, double tau, double gamma, double sigma, double k) {
  const double skew = q * gamma * sigma * sigma * tau;
  const double half = 0.5 * (gamma * sigma * sigma * tau + 2.0 / gamma * std::log1p(gamma / k));
  return {half + skew, half - skew};
}

Quote paper_pure_as(double q, double tau, double alpha, double phi, double k, double floor, double jump) {
  const double c = alpha + phi * tau;
  return {std::max(floor, 1.0 / k + c * (2.0 * q + jump)), std::max(floor, 1.0 / k + c * (jump - 2.0 * q))};
}

Quote lq_funding(double q, double f, double tau, double alpha, double phi, double kappa, double theta, double k,
                 double floor, double jump) {
  const double c = alpha + phi * tau;
  const double decay = kappa > 0.0 ? -std::expm1(-kappa * tau) / kappa : tau;
  const double F = theta * tau + (f - theta) * decay;
  return {std::max(floor, 1.0 / k + c * (2.0 * q + jump) + F), std::max(floor, 1.0 / k + c * (jump - 2.0 * q) - F)};
}

}  // namespace hlmm::policy
