#include "risk/value_at_risk.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hlmm::risk {

ReturnHistory::ReturnHistory(std::size_t assets, std::size_t window)
    : assets_(assets), window_(std::max<std::size_t>(window, 2)), ring_(window_ * assets, 0.0), cov_(assets * assets, 0.0) {}

void ReturnHistory::push(std::span<const double> returns) {
  for (std::size_t i = 0; i < assets_; ++i) ring_[next_ * assets_ + i] = i < returns.size() ? returns[i] : 0.0;
  next_ = (next_ + 1) % window_;
  count_ = std::min(count_ + 1, window_);
  recompute();
}

double ReturnHistory::at(std::size_t k, std::size_t i) const {
  const std::size_t oldest = count_ < window_ ? 0 : next_;
  return ring_[((oldest + k) % window_) * assets_ + i];
}

void ReturnHistory::recompute() {
  // O(window x assets^2) per sample (one per second, a handful of assets): cheap, and the check
  // path then only reads the matrix.
  std::fill(cov_.begin(), cov_.end(), 0.0);
  if (count_ < 2) return;
  for (std::size_t i = 0; i < assets_; ++i) {
    for (std::size_t j = i; j < assets_; ++j) {
      double mi = 0, mj = 0;
      for (std::size_t k = 0; k < count_; ++k) {
        mi += at(k, i);
        mj += at(k, j);
      }
      mi /= static_cast<double>(count_);
      mj /= static_cast<double>(count_);
      double s = 0;
      for (std::size_t k = 0; k < count_; ++k) s += (at(k, i) - mi) * (at(k, j) - mj);
      cov_[i * assets_ + j] = cov_[j * assets_ + i] = s / static_cast<double>(count_ - 1);
    }
  }
}

double ReturnHistory::covariance(std::size_t i, std::size_t j) const { return cov_[i * assets_ + j]; }

double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double lo = 0.02425, hi = 1 - lo;
  if (p <= 0) return -INFINITY;
  if (p >= 1) return INFINITY;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > hi) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

namespace {

double book_sigma(const ReturnHistory& h, std::span<const double> w) {
  double v = 0;
  for (std::size_t i = 0; i < h.assets() && i < w.size(); ++i) {
    for (std::size_t j = 0; j < h.assets() && j < w.size(); ++j) v += w[i] * w[j] * h.covariance(i, j);
  }
  return std::sqrt(std::max(v, 0.0));
}

}  // namespace

double parametric_var(const ReturnHistory& h, std::span<const double> exposure, double confidence, double horizon) {
  if (h.size() < 2) return 0;
  return normal_quantile(confidence) * book_sigma(h, exposure) * std::sqrt(horizon);
}

VarFigures value_at_risk(const ReturnHistory& h, std::span<const double> exposure, double confidence, double horizon,
                         std::vector<double>& scratch) {
  VarFigures f;
  f.samples = h.size();
  if (h.size() < 2) return f;
  const double scale = std::sqrt(horizon);
  const double z = normal_quantile(confidence);
  const double sigma = book_sigma(h, exposure);
  f.parametric_var = z * sigma * scale;
  // ES of a normal loss: sigma * phi(z) / (1 - c).
  const double phi = std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
  f.parametric_es = sigma * phi / (1 - confidence) * scale;
  // Historical: the book's P&L on each kept return vector, losses sorted descending.
  scratch.resize(h.size());
  for (std::size_t k = 0; k < h.size(); ++k) {
    double pnl = 0;
    for (std::size_t i = 0; i < h.assets() && i < exposure.size(); ++i) pnl += exposure[i] * h.at(k, i);
    scratch[k] = -pnl;
  }
  std::sort(scratch.begin(), scratch.end(), std::greater<>());
  // The tail holds the worst ceil((1 - c) n) outcomes (at least one); VaR is the smallest of them.
  const auto tail = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil((1 - confidence) * static_cast<double>(h.size()) - 1e-9)));
  double sum = 0;
  for (std::size_t k = 0; k < tail; ++k) sum += scratch[k];
  f.historical_var = std::max(0.0, scratch[tail - 1]) * scale;
  f.historical_es = std::max(0.0, sum / static_cast<double>(tail)) * scale;
  return f;
}

}  // namespace hlmm::risk
