#include "policy/hjb_jump.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "hjb_test_support.hpp"

namespace hlmm::policy {
namespace {

using testing::small_funding_grid;

TEST(HjbJump, ZeroIntensityReproducesHjbFdBitForBit) {
  const HjbParams p = small_funding_grid();
  HjbSolveOptions o;
  o.keep = {p.n_t / 2, p.n_t - 1};
  auto fd = solve_hjb_fd(p, o);
  auto jump = solve_hjb_jump(p, FundingJumps{0.0, 0.05, 0.1}, o);
  ASSERT_TRUE(fd.ok());
  ASSERT_TRUE(jump.ok());
  ASSERT_EQ(fd.value().slices.size(), jump.value().slices.size());
  for (std::size_t s = 0; s < fd.value().slices.size(); ++s) {
    const auto& a = fd.value().slices[s].second;
    const auto& b = jump.value().slices[s].second;
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0) << "slice " << fd.value().slices[s].first;
  }
  EXPECT_EQ(fd.value().min_weight, jump.value().min_weight);
  EXPECT_EQ(fd.value().dt_max, jump.value().dt_max);
}

TEST(HjbJump, WeightsAreNonNegativeAndConserveMass) {
  const std::vector<double> f = uniform_nodes(-0.2, 0.05, 11);
  const FundingJumps j{0.7, 0.03, 0.08};
  const std::vector<double> w = jump_transition_weights(f, 0.05, j);
  for (std::size_t a = 0; a < f.size(); ++a) {
    double row = 0.0;
    for (std::size_t b = 0; b < f.size(); ++b) {
      EXPECT_GE(w[a * f.size() + b], 0.0);
      row += w[a * f.size() + b];
    }
    EXPECT_EQ(w[a * f.size() + a], 0.0);
    // Off-diagonal mass plus the mass staying in its own cell is the whole jump intensity.
    const double stay = 0.5 * std::erfc(-((0.025 - j.mean) / j.sd) / std::sqrt(2.0)) -
                        0.5 * std::erfc(-((-0.025 - j.mean) / j.sd) / std::sqrt(2.0));
    if (a > 0 && a + 1 < f.size()) {
      EXPECT_NEAR(row + j.lambda * stay, j.lambda, 1e-12) << a;
    }
    EXPECT_LE(row, j.lambda + 1e-12);
  }
  // Degenerate jump size: all mass to the node nearest f + mean.
  const std::vector<double> d = jump_transition_weights(f, 0.05, FundingJumps{2.0, 0.1, 0.0});
  EXPECT_EQ(d[0 * 11 + 2], 2.0);
  EXPECT_EQ(d[9 * 11 + 10], 2.0);  // clamped at the top edge
}

TEST(HjbJump, IntensityJoinsTheCflBound) {
  HjbParams p = small_funding_grid();
  const double lambda = 40.0;
  EXPECT_NEAR(1.0 / cfl_max_dt(p, lambda), 1.0 / cfl_max_dt(p) + lambda, 1e-9);
  p.n_t = min_n_t(p);  // stable without jumps, not with them
  ASSERT_LT(p.n_t, min_n_t(p, lambda));
  auto r = solve_hjb_jump(p, FundingJumps{lambda, 0.0, 0.05});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, PolicyErrorCode::kCflViolation);
  EXPECT_NE(r.error().message.find("use n_t >= " + std::to_string(min_n_t(p, lambda))), std::string::npos);
  p.n_t = min_n_t(p, lambda);
  auto ok = solve_hjb_jump(p, FundingJumps{lambda, 0.0, 0.05});
  ASSERT_TRUE(ok.ok());
  EXPECT_GE(ok.value().min_weight, 0.0);
}

// The diagonal weight is 1 - dt (u + d + Lambda_a + Lambda_b + the jump outflow); the CFL bound keeps
// it >= 0 only because lambda_J joins the rate, so with the check off a step that is stable
// without jumps but not with them must report a negative weight.
TEST(HjbJump, MinWeightCountsTheJumpOutflow) {
  HjbParams p = small_funding_grid();
  const double df = (p.f_max - p.f_min) / (p.n_f - 1);
  // sd = df: about 62% of an interior node's jumps leave its cell. lambda = 100 makes that outflow
  // alone exceed 1/dt at the jump-free bound, so the weight is negative whatever the fill rates.
  const FundingJumps jumps{100.0, 0.0, df};
  const std::vector<double> w = jump_transition_weights(uniform_nodes(p.f_min, df, p.n_f), df, jumps);
  const std::size_t n = static_cast<std::size_t>(p.n_f);
  double max_out = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    double out = 0.0;
    for (std::size_t m = 0; m < n; ++m) out += w[j * n + m];
    max_out = std::max(max_out, out);
  }
  p.n_t = min_n_t(p);
  ASSERT_LT(p.n_t, min_n_t(p, jumps.lambda));
  const double dt = p.horizon_hours / (p.n_t - 1);
  ASSERT_GT(dt * max_out, 1.0);
  p.enforce_cfl = false;
  auto unchecked = solve_hjb_jump(p, jumps);
  ASSERT_TRUE(unchecked.ok()) << unchecked.error().message;
  EXPECT_LT(unchecked.value().min_weight, 0.0);
  EXPECT_LE(unchecked.value().min_weight, 1.0 - dt * max_out);

  p.enforce_cfl = true;
  p.n_t = min_n_t(p, jumps.lambda);
  auto checked = solve_hjb_jump(p, jumps);
  ASSERT_TRUE(checked.ok()) << checked.error().message;
  EXPECT_GE(checked.value().min_weight, 0.0);
  EXPECT_LE(checked.value().min_weight, 1.0 - checked.value().dt * max_out);
}

TEST(HjbJump, UpwardJumpsMakeLongInventoryCostlier) {
  HjbParams p = small_funding_grid();
  const FundingJumps up{1.0, 0.08, 0.03};
  const FundingJumps down{1.0, -0.08, 0.03};
  p.n_t = min_n_t(p, up.lambda);
  const HjbSolution none = solve_hjb_fd(p).value();
  const HjbSolution hu = solve_hjb_jump(p, up).value();
  const HjbSolution hd = solve_hjb_jump(p, down).value();
  for (std::size_t j = 2; j + 2 < none.f.size(); ++j) {
    const double f = none.f[j];
    const auto tilt = [&](const HjbSolution& s) { return s.deltas(0, f).first - s.deltas(0, f).second; };
    EXPECT_GT(tilt(hu), tilt(none)) << "f = " << f;
    EXPECT_LT(tilt(hd), tilt(none)) << "f = " << f;
  }
}

TEST(HjbJump, ComparisonPrincipleHoldsWithJumps) {
  HjbParams p = small_funding_grid();
  const FundingJumps jumps{3.0, 0.02, 0.1};
  p.n_t = min_n_t(p, jumps.lambda) + 3;
  const HjbSolution base = solve_hjb_jump(p, jumps).value();
  HjbSolveOptions bump;
  bump.terminal = [](double q, double f) { return -0.05 * q * q + (f < 0.0 ? 0.2 : 0.0); };
  const HjbSolution raised = solve_hjb_jump(p, jumps, bump).value();
  for (std::size_t c = 0; c < base.slice(0)->size(); ++c) {
    const double d = (*raised.slice(0))[c] - (*base.slice(0))[c];
    EXPECT_GE(d, -1e-12);
    EXPECT_LE(d, 0.2 + 1e-12);
  }
}

TEST(HjbJump, RefusesNegativeIntensity) {
  auto r = solve_hjb_jump(small_funding_grid(), FundingJumps{-1.0, 0.0, 0.1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, PolicyErrorCode::kInvalidParameter);
}

}  // namespace
}  // namespace hlmm::policy
