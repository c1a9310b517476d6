#include "calibrate/ewma_vol.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "simulate.hpp"

namespace hlmm::calibrate {
namespace {

TEST(EwmaVolatility, HalfLifeAndFirstSample) {
  EwmaVolatility v = EwmaVolatility::with_half_life(10.0);
  EXPECT_NEAR(std::pow(v.lambda(), 10.0), 0.5, 1e-12);
  v.add_return(0.02);
  EXPECT_DOUBLE_EQ(v.volatility(), 0.02);
  v.add_return(0.0);
  EXPECT_NEAR(v.variance(), v.lambda() * 0.0004, 1e-18);
}

TEST(EwmaVolatility, TracksAVolatilityRegimeChange) {
  testing::Gaussian g(5);
  EwmaVolatility v = EwmaVolatility::with_half_life(500.0);
  const double sigma = 0.65 / std::sqrt(365.0 * 24 * 60);  // ETH-like, per minute
  double price = 3000.0;
  for (int i = 0; i < 20'000; ++i) {
    const double next = price * std::exp(sigma * g.normal());
    v.add_prices(price, next);
    price = next;
  }
  EXPECT_NEAR(v.volatility_per(365.0 * 24 * 60), 0.65, 0.65 * 0.1);
  for (int i = 0; i < 5'000; ++i) v.add_return(2.0 * sigma * g.normal());  // ten half-lives later
  EXPECT_NEAR(v.volatility(), 2.0 * sigma, 2.0 * sigma * 0.1);
  EXPECT_EQ(v.count(), 25'000u);
}

}  // namespace
}  // namespace hlmm::calibrate
