#include "calibrate/fill_intensity.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "simulate.hpp"

namespace hlmm::calibrate {
namespace {

// Simulated minute windows at the paper's bp grid converted to USD for ETH (A = 94.29/h,
// k = 0.597/USD): P(hit) = 1 - exp(-A e^{-k delta} / 60).
std::vector<HitCount> simulate_hits(double A, double k, double dt, int windows, std::uint64_t seed) {
  testing::Gaussian g(seed);
  std::vector<HitCount> out;
  for (double delta : {0.0, 0.43, 0.86, 2.16, 4.32, 8.64}) {
    const double p = -std::expm1(-A * std::exp(-k * delta) * dt);
    HitCount c{delta, 0.0, static_cast<double>(windows)};
    for (int w = 0; w < windows; ++w) c.hits += g.uniform() < p ? 1.0 : 0.0;
    out.push_back(c);
  }
  return out;
}

TEST(FillIntensity, RecoversAAndKWithin15Percent) {
  const double A = 94.2862697978559, k = 0.5971592658795428, dt = 1.0 / 60.0;
  for (std::uint64_t seed : {1u, 2u}) {
    auto f = fit_fill_intensity(simulate_hits(A, k, dt, 5000, seed), dt);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_NEAR(f.value().A, A, 0.15 * A) << seed;
    EXPECT_NEAR(f.value().k, k, 0.15 * k) << seed;
  }
}

TEST(FillIntensity, ExactCountsGiveTheExactParameters) {
  // Expected hit counts (non-integer) make the MLE exactly the generating parameters.
  const double A = 40.0, k = 2.5, dt = 0.1;
  std::vector<HitCount> c;
  for (double d : {0.0, 0.2, 0.5, 1.0, 1.5}) c.push_back({d, 1000.0 * -std::expm1(-A * std::exp(-k * d) * dt), 1000.0});
  auto f = fit_fill_intensity(c, dt);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_NEAR(f.value().A, A, 1e-6 * A);
  EXPECT_NEAR(f.value().k, k, 1e-6 * k);
}

TEST(FillIntensity, RefusesUninformativeData) {
  EXPECT_FALSE(fit_fill_intensity({{1.0, 5, 10}}, 1.0).ok());                    // one distance
  EXPECT_FALSE(fit_fill_intensity({{0.0, 10, 10}, {1.0, 0, 10}}, 1.0).ok());     // all or nothing
  EXPECT_FALSE(fit_fill_intensity({{0.0, 11, 10}, {1.0, 2, 10}}, 1.0).ok());     // hits > windows
  EXPECT_FALSE(fit_fill_intensity({{0.0, 5, 10}, {1.0, 2, 10}}, 0.0).ok());      // dt
}

TEST(FillIntensity, RefusesRatesThatDoNotFallWithDistance) {
  // Hit rates rising with distance: the likelihood still has an optimum, at k < 0.
  auto f = fit_fill_intensity({{0.0, 100, 1000}, {1.0, 200, 1000}, {2.0, 400, 1000}}, 1.0);
  ASSERT_FALSE(f.ok()) << "accepted A = " << f.value().A << ", k = " << f.value().k;
  EXPECT_NE(f.error().message.find("k = -0.79"), std::string::npos) << f.error().message;
  // Equal rates at every distance: no decay at all.
  EXPECT_FALSE(fit_fill_intensity({{0.0, 300, 1000}, {1.0, 300, 1000}, {2.0, 300, 1000}}, 1.0).ok());
}

TEST(FillIntensity, RefusesAnInterceptThatOverflows) {
  // A steep decay seen only far from zero puts A = Lambda(0) beyond the double range.
  std::vector<HitCount> c;
  for (double d : {1100.0, 1101.0, 1102.0}) {
    c.push_back({d, 1000.0 * -std::expm1(-std::exp(-0.7 * (d - 1100.0))), 1000.0});
  }
  auto f = fit_fill_intensity(c, 1.0);
  ASSERT_FALSE(f.ok()) << "accepted A = " << f.value().A << ", k = " << f.value().k;
  EXPECT_NE(f.error().message.find("A = exp("), std::string::npos) << f.error().message;
}

}  // namespace
}  // namespace hlmm::calibrate
