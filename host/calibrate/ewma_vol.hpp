// Exponentially weighted volatility of log returns: v_t = lambda v_{t-1} + (1 - lambda) r_t^2.
// The pipeline scales quotes by a volatility multiplier; this is the host's estimate behind it.
#pragma once

#include <cstddef>

namespace hlmm::calibrate {

class EwmaVolatility {
 public:
  // lambda in (0, 1); half-life of the weights in samples = ln(0.5) / ln(lambda).
  explicit EwmaVolatility(double lambda) : lambda_(lambda) {}
  static EwmaVolatility with_half_life(double samples);

  // Adds one return; the first return seeds the variance.
  void add_return(double r);
  // Adds the log return between two prices (both > 0).
  void add_prices(double previous, double current);

  double variance() const { return variance_; }  // per sample interval
  double volatility() const;                     // per sqrt(sample interval)
  // Scaled to another horizon: sqrt(variance * samples_per_unit), e.g. 60 * 24 * 365 for minutes -> year.
  double volatility_per(double samples_per_unit) const;
  std::size_t count() const { return count_; }
  double lambda() const { return lambda_; }

 private:
  double lambda_;
  double variance_ = 0.0;
  std::size_t count_ = 0;
};

}  // namespace hlmm::calibrate
