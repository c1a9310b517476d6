// Value at risk and expected shortfall of a book of positions, parametric (normal, covariance of
// the assets' sampled returns) and historical (the book revalued on each past return vector).
// Losses are positive USD. Host slow path: doubles.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace hlmm::risk {

struct VarFigures {
  double parametric_var = 0;
  double parametric_es = 0;
  double historical_var = 0;
  double historical_es = 0;
  std::size_t samples = 0;  // return vectors the figures rest on
};

// Return history of N assets sampled at the same instants, a fixed ring of `window` vectors.
// The covariance is kept up to date on each push so a VaR check allocates nothing.
class ReturnHistory {
 public:
  ReturnHistory(std::size_t assets, std::size_t window);
  // One simple return per asset (same order as the positions later given).
  void push(std::span<const double> returns);
  std::size_t assets() const { return assets_; }
  std::size_t size() const { return count_; }
  double covariance(std::size_t i, std::size_t j) const;
  // Return of asset `i` in the k-th kept vector (0 = oldest).
  double at(std::size_t k, std::size_t i) const;

 private:
  void recompute();
  std::size_t assets_, window_;
  std::vector<double> ring_;  // window x assets
  std::size_t next_ = 0, count_ = 0;
  std::vector<double> cov_;   // assets x assets, sample covariance (ddof 1)
};

// z such that P(Z <= z) = p for the standard normal (Acklam's rational approximation, |err| < 1.2e-9).
double normal_quantile(double p);

// `exposure[i]` = position_i x mid_i (USD, signed). `horizon_samples` scales one-sample figures
// by its square root. `scratch` is reused storage for the historical tail (no allocation once sized).
VarFigures value_at_risk(const ReturnHistory& history, std::span<const double> exposure, double confidence,
                         double horizon_samples, std::vector<double>& scratch);

// Only the parametric VaR (the cap check): no allocation.
double parametric_var(const ReturnHistory& history, std::span<const double> exposure, double confidence,
                      double horizon_samples);

}  // namespace hlmm::risk
