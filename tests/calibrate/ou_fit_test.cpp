#include "calibrate/ou_fit.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "simulate.hpp"

namespace hlmm::calibrate {
namespace {

using testing::simulate_ou;

// ETH's hourly funding OU (shared hjb-math.md §9.1): half-life 5.56 h.
constexpr double kKappa = 0.12465693644346972;
constexpr double kTheta = 1.4271686739769607e-05;
constexpr double kSigma = 1.1125286895537884e-05;

TEST(OuFit, RecoversHalfLifeFromTenThousandHourlySamples) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto x = simulate_ou(10'000, 1.0, kKappa, kTheta, kSigma, seed);
    auto f = fit_ou(x, 1.0);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_NEAR(f.value().half_life, std::log(2.0) / kKappa, 0.10 * std::log(2.0) / kKappa) << seed;
    EXPECT_NEAR(f.value().sigma, kSigma, 0.05 * kSigma) << seed;
    EXPECT_NEAR(f.value().theta, kTheta, 3.0 * kSigma / std::sqrt(2 * kKappa) / std::sqrt(10'000.0 * kKappa)) << seed;
    // Gaussian innovations: no skew, no excess kurtosis, JB below the chi^2(2) 99.9% point.
    EXPECT_LT(std::fabs(f.value().residual_skewness), 0.1);
    EXPECT_LT(std::fabs(f.value().residual_excess_kurtosis), 0.2);
    EXPECT_LT(f.value().jarque_bera, 13.8);
  }
}

TEST(OuFit, JumpsShowUpAsExcessKurtosis) {
  const auto x = simulate_ou(10'000, 1.0, kKappa, kTheta, kSigma, 7, 0.02, 0.0, 5 * kSigma);
  auto f = fit_ou(x, 1.0);
  ASSERT_TRUE(f.ok());
  EXPECT_GT(f.value().residual_excess_kurtosis, 3.0);
  EXPECT_GT(f.value().jarque_bera, 1000.0);
}

TEST(OuFit, RefusesDataWithoutMeanReversion) {
  std::vector<double> walk{0.0};
  testing::Gaussian g(3);
  for (int i = 0; i < 200; ++i) walk.push_back(walk.back() + 1.0 + 0.01 * g.normal());  // trending
  EXPECT_FALSE(fit_ou(walk, 1.0).ok());
  EXPECT_FALSE(fit_ou(std::vector<double>(50, 1.0), 1.0).ok());
  EXPECT_FALSE(fit_ou({1.0, 2.0, 3.0}, 1.0).ok());
  EXPECT_FALSE(fit_ou(simulate_ou(100, 1.0, 0.5, 0.0, 1.0, 1), 0.0).ok());
}

// The paper's OU+jump approximation; a long sample so the rare component is identifiable.
TEST(OuJumpFit, RecoversJumpLawAndDiffusion) {
  const double p = 0.02, mean = 6.0 * kSigma, sd = 3.0 * kSigma;
  const auto x = simulate_ou(100'000, 1.0, kKappa, kTheta, kSigma, 11, p, mean, sd);
  auto f = fit_ou_jump(x, 1.0);
  ASSERT_TRUE(f.ok()) << f.error().message;
  const OuJumpFit& j = f.value();
  EXPECT_NEAR(j.jump_probability, p, 0.15 * p);
  EXPECT_NEAR(j.jump_mean, mean, 0.15 * mean);
  EXPECT_NEAR(j.jump_sd, sd, 0.15 * sd);
  EXPECT_NEAR(j.kappa, kKappa, 0.10 * kKappa);
  EXPECT_NEAR(j.sigma, kSigma, 0.05 * kSigma);
  // The jump model explains the data better than the Gaussian OU.
  EXPECT_GT(j.log_likelihood, fit_ou(x, 1.0).value().log_likelihood + 100.0);
}

}  // namespace
}  // namespace hlmm::calibrate
