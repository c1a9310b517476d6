#include "calibrate/ewma_vol.hpp"

#include <cmath>

namespace hlmm::calibrate {

EwmaVolatility EwmaVolatility::with_half_life(double samples) { return EwmaVolatility(std::pow(0.5, 1.0 / samples)); }

void EwmaVolatility::add_return(double r) {
  variance_ = count_ == 0 ? r * r : lambda_ * variance_ + (1.0 - lambda_) * r * r;
  ++count_;
}

void EwmaVolatility::add_prices(double previous, double current) { add_return(std::log(current / previous)); }

double EwmaVolatility::volatility() const { return std::sqrt(variance_); }

double EwmaVolatility::volatility_per(double samples_per_unit) const { return std::sqrt(variance_ * samples_per_unit); }

}  // namespace hlmm::calibrate
