// Delta hedging: rolling statistics and beta on series built with a known relation, the
// minimum-variance hedge against the two-asset closed form, the activation rule on both sides of
// each threshold, the hedge size formula, and the lean -> IOC escalation timing.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "strategies/delta_hedge.hpp"

namespace hlmm::strategies {
namespace {

constexpr std::uint64_t kSec = 1'000'000'000ULL;

// A deterministic, non-periodic return sequence of minute-like size.
double rx(int t) { return 0.001 * std::sin(0.7 * t) + 0.0004 * std::cos(2.3 * t + 1.0); }
double rz(int t) { return 0.0008 * std::cos(1.3 * t) - 0.0003 * std::sin(0.37 * t); }

TEST(RollingReturns, BetaOfAnExactLinearRelationFromPrices) {
  // Prices whose simple returns obey r_y = 2 r_x exactly: beta(y on x) = 2, beta(x on y) = 1/2.
  RollingReturns r(2, 40);
  double px = 3000, py = 100;
  r.push_prices(std::vector<double>{px, py});
  for (int t = 1; t <= 200; ++t) {
    px *= 1 + rx(t);
    py *= 1 + 2 * rx(t);
    r.push_prices(std::vector<double>{px, py});
  }
  EXPECT_EQ(r.size(), 40u);
  EXPECT_NEAR(r.beta(1, 0), 2.0, 1e-9);
  EXPECT_NEAR(r.beta(0, 1), 0.5, 1e-9);
  EXPECT_NEAR(r.covariance(1, 1), 4 * r.variance(0), 1e-9 * r.variance(1));
}

TEST(RollingReturns, RunningSumsMatchATwoPassCovarianceAfterManyRollovers) {
  std::mt19937_64 gen(7);
  std::normal_distribution<double> n(0.0, 1e-3);
  const std::size_t window = 37;
  RollingReturns r(3, window);
  std::vector<std::vector<double>> all;
  for (int t = 0; t < 5000; ++t) {
    // A non-zero mean so the mean correction matters.
    std::vector<double> v{n(gen) + 2e-4, n(gen) - 1e-4, 0.5 * n(gen)};
    v[2] += 0.3 * v[0];
    r.push_returns(v);
    all.push_back(v);
  }
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      double mi = 0, mj = 0;
      for (std::size_t k = all.size() - window; k < all.size(); ++k) {
        mi += all[k][i];
        mj += all[k][j];
      }
      mi /= window;
      mj /= window;
      double s = 0;
      for (std::size_t k = all.size() - window; k < all.size(); ++k) s += (all[k][i] - mi) * (all[k][j] - mj);
      EXPECT_NEAR(r.covariance(i, j), s / (window - 1), 1e-15) << i << "," << j;
    }
  }
}

TEST(RollingReturns, RefusesBadInputAndUndefinedBeta) {
  EXPECT_THROW(RollingReturns(0, 10), std::invalid_argument);
  EXPECT_THROW(RollingReturns(2, 1), std::invalid_argument);
  RollingReturns r(2, 10);
  EXPECT_THROW(r.push_prices(std::vector<double>{1.0}), std::invalid_argument);
  EXPECT_THROW(r.push_prices(std::vector<double>{1.0, -2.0}), std::invalid_argument);
  EXPECT_THROW(r.push_returns(std::vector<double>{NAN, 0.0}), std::invalid_argument);
  EXPECT_EQ(r.size(), 0u);
  EXPECT_THROW(r.beta(1, 0), SingularHedgeError);  // no data yet
  // A constant hedge series has no variance: beta is undefined, not infinite.
  for (int t = 0; t < 20; ++t) r.push_returns(std::vector<double>{0.001, rx(t)});
  EXPECT_THROW(r.beta(1, 0), SingularHedgeError);
  EXPECT_NO_THROW(r.beta(0, 1));
}

TEST(MinVarianceHedge, TwoAssetsMatchTheClosedForm) {
  // Sigma_hh = [[a, c], [c, b]], Sigma_hp = [u, v]:
  //   h1 = -(b u - c v) / (a b - c^2), h2 = -(a v - c u) / (a b - c^2).
  const double a = 4e-6, b = 9e-6, c = 3e-6, u = 5e-6, v = 2e-6;
  const double det = a * b - c * c;  // 36e-12 - 9e-12 = 27e-12
  const std::vector<double> hh{a, c, c, b}, hp{u, v};
  const auto h = min_variance_hedge(hh, hp);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_NEAR(h[0], -(b * u - c * v) / det, 1e-12);  // -(45 - 6) / 27 = -13/9
  EXPECT_NEAR(h[1], -(a * v - c * u) / det, 1e-12);  // -(8 - 15) / 27 = 7/27
  EXPECT_NEAR(h[0], -13.0 / 9.0, 1e-12);
  EXPECT_NEAR(h[1], 7.0 / 27.0, 1e-12);
}

TEST(MinVarianceHedge, RemovesAnExactlySpannedRiskAndIsAMinimum) {
  // Position returns p = 0.5 x1 - 1.5 x2 exactly: the hedge is (-0.5, +1.5) and leaves nothing.
  RollingReturns r(3, 100);
  for (int t = 0; t < 300; ++t) {
    const double x1 = rx(t), x2 = rz(t);
    r.push_returns(std::vector<double>{0.5 * x1 - 1.5 * x2, x1, x2});
  }
  const std::vector<std::size_t> hedges{1, 2};
  const auto h = min_variance_hedge(r, 0, hedges);
  EXPECT_NEAR(h[0], -0.5, 1e-9);
  EXPECT_NEAR(h[1], 1.5, 1e-9);
  // Hedged variance Var(p + h1 x1 + h2 x2) as a quadratic form; any nudge of h increases it.
  auto hedged_var = [&](double h1, double h2) {
    const double w[3] = {1, h1, h2};
    double s = 0;
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) s += w[i] * w[j] * r.covariance(i, j);
    return s;
  };
  EXPECT_LT(hedged_var(h[0], h[1]), 1e-12 * r.variance(0));
  for (double d : {-0.05, 0.05}) {
    EXPECT_GT(hedged_var(h[0] + d, h[1]), hedged_var(h[0], h[1]));
    EXPECT_GT(hedged_var(h[0], h[1] + d), hedged_var(h[0], h[1]));
  }
  // One instrument: the hedge is -beta.
  const std::vector<std::size_t> one{1};
  EXPECT_NEAR(min_variance_hedge(r, 0, one)[0], -r.beta(0, 1), 1e-12);
}

TEST(MinVarianceHedge, RefusesSingularCovarianceWithAClearError) {
  // Two copies of the same hedge series: Sigma_hh has rank one.
  RollingReturns r(3, 50);
  for (int t = 0; t < 60; ++t) r.push_returns(std::vector<double>{rx(t) + rz(t), rx(t), rx(t)});
  const std::vector<std::size_t> hedges{1, 2};
  try {
    min_variance_hedge(r, 0, hedges);
    FAIL() << "no throw on a singular covariance";
  } catch (const SingularHedgeError& e) {
    EXPECT_NE(std::string(e.what()).find("singular"), std::string::npos) << e.what();
  }
  EXPECT_THROW(min_variance_hedge(std::vector<double>{1, 2, 2, 4}, std::vector<double>{1, 1}), SingularHedgeError);
  EXPECT_THROW(min_variance_hedge(std::vector<double>{1, 0, 0}, std::vector<double>{1, 1}), std::invalid_argument);
  // Pivoting: a zero leading entry is not singular.
  const auto x = solve_linear_system({0, 1, 1, 0}, {3, 5});
  EXPECT_NEAR(x[0], 5, 1e-15);
  EXPECT_NEAR(x[1], 3, 1e-15);
}

TEST(DeltaHedge, PositionVarAndCrossRatioClosedForms) {
  // z_0.99 = 2.3263478740; 2 ETH x 3000 x 1 % x sqrt(4) = 120 -> 279.1617...
  EXPECT_NEAR(position_var(2, 3000, 0.01, 0.99, 4), 2.3263478740 * 120, 1e-5);
  EXPECT_NEAR(position_var(-2, 3000, 0.01, 0.99, 4), position_var(2, 3000, 0.01, 0.99, 4), 1e-12);
  // beta 0.8 on notionals, ETH 3000 hedged with BTC 60000: 0.8 x 3000 / 60000 = 0.04 BTC per ETH.
  EXPECT_NEAR(cross_hedge_ratio(0.8, 3000, 60000), 0.04, 1e-15);
  EXPECT_THROW(cross_hedge_ratio(0.8, 3000, 0), std::invalid_argument);
}

DeltaHedgeConfig base_config() {
  DeltaHedgeConfig c;
  c.inventory_threshold = 2.0;
  c.var_limit_usd = 300.0;
  c.eta = 1.0;
  c.lean_bps_per_coin = 1.0;
  c.max_lean_bps = 3.0;
  c.min_progress = 0.5;
  c.escalate_after_ns = 60 * kSec;
  return c;
}

TEST(DeltaHedge, ActivationNeedsBothThresholdsOnEitherSide) {
  const DeltaHedgeConfig c = base_config();
  EXPECT_FALSE(hedge_active(5.0, 300.0, c));   // VaR at its limit (strict)
  EXPECT_FALSE(hedge_active(5.0, 250.0, c));   // big but calm
  EXPECT_FALSE(hedge_active(2.0, 900.0, c));   // inventory at its threshold (strict)
  EXPECT_FALSE(hedge_active(-1.5, 900.0, c));  // small inventory, any VaR
  EXPECT_TRUE(hedge_active(2.01, 300.01, c));
  EXPECT_TRUE(hedge_active(-5.0, 400.0, c));
  DeltaHedger h(c);
  EXPECT_EQ(h.decide(5.0, 250.0, 0).action, HedgeAction::kNone);
  EXPECT_EQ(h.decide(1.0, 900.0, kSec).action, HedgeAction::kNone);
  EXPECT_EQ(h.decide(5.0, 400.0, 2 * kSec).action, HedgeAction::kLean);
}

TEST(DeltaHedge, HedgeSizeFormula) {
  DeltaHedgeConfig c = base_config();
  c.eta = 0.5;
  // 10 x (1 - 300/400) x 0.5 = 10 x 0.25 x 0.5 = 1.25
  EXPECT_NEAR(hedge_size(10, 400, c), 1.25, 1e-12);
  c.eta = 1.0;
  c.var_limit_usd = 400;
  // -8 x (1 - 400/500) = -1.6
  EXPECT_NEAR(hedge_size(-8, 500, c), -1.6, 1e-12);
  EXPECT_EQ(hedge_size(1, 500, c), 0.0);  // below the inventory threshold
  // With eta = 1 the hedge brings the (|I|-proportional) VaR exactly back to the limit.
  const double inv = 12, var = position_var(inv, 3000, 0.002, 0.99, 60);
  const double after = position_var(inv - hedge_size(inv, var, c), 3000, 0.002, 0.99, 60);
  EXPECT_NEAR(after, c.var_limit_usd, 1e-9);
}

TEST(DeltaHedge, LeansFirstThenEscalatesWhenLeaningIsTooSlow) {
  DeltaHedger h(base_config());
  // t = 0: I = 10, VaR 500 -> size 10 x (1 - 300/500) = 4, lean min(3, 1 x 4) = 3 bps down.
  HedgeDecision d = h.decide(10, 500, 0);
  EXPECT_EQ(d.action, HedgeAction::kLean);
  EXPECT_NEAR(d.hedge_size, 4.0, 1e-12);
  EXPECT_NEAR(d.skew_bps, -3.0, 1e-12);
  // Down by 1 (< 0.5 x 4 = 2) at 30 s and just before 60 s: keep leaning.
  EXPECT_EQ(h.decide(9, 450, 30 * kSec).action, HedgeAction::kLean);
  EXPECT_EQ(h.decide(9, 450, 60 * kSec - 1).action, HedgeAction::kLean);
  // 60 s without enough progress: IOC for the current size, 9 x (1 - 300/450) = 3, sold.
  d = h.decide(9, 450, 60 * kSec);
  EXPECT_EQ(d.action, HedgeAction::kExternal);
  EXPECT_NEAR(d.ioc_qty, -3.0, 1e-12);
  EXPECT_FALSE(h.leaning());
  // Still active afterwards: a new episode leans first again.
  EXPECT_EQ(h.decide(9, 450, 61 * kSec).action, HedgeAction::kLean);
}

TEST(DeltaHedge, ProgressRestartsTheClockAndAShortLeansUp) {
  DeltaHedger h(base_config());
  EXPECT_EQ(h.decide(-10, 500, 0).action, HedgeAction::kLean);  // size -4
  // Down to |I| = 7.5 at 30 s: 2.5 >= 2, leaning works, the clock restarts at 30 s.
  HedgeDecision d = h.decide(-7.5, 375, 30 * kSec);
  EXPECT_EQ(d.action, HedgeAction::kLean);
  EXPECT_GT(d.skew_bps, 0.0);  // a short leans the quotes up to buy back
  // 80 s is 50 s after the restart: still leaning; 90 s is 60 s after it: IOC (bought).
  EXPECT_EQ(h.decide(-7.4, 370, 80 * kSec).action, HedgeAction::kLean);
  d = h.decide(-7.4, 370, 90 * kSec);
  EXPECT_EQ(d.action, HedgeAction::kExternal);
  EXPECT_NEAR(d.ioc_qty, 7.4 * (1 - 300.0 / 370.0), 1e-12);
  // Back inside the limits: nothing, and the episode is over.
  EXPECT_EQ(h.decide(-3, 200, 91 * kSec).action, HedgeAction::kNone);
  EXPECT_FALSE(h.leaning());
}

TEST(DeltaHedge, CrossInstrumentRatioAndLotRounding) {
  DeltaHedgeConfig c = base_config();
  c.hedge_ratio = 2.0;
  c.hedge_lot = 0.5;
  c.escalate_after_ns = 0;  // immediate escalation on the second look
  DeltaHedger h(c);
  EXPECT_EQ(h.decide(4, 500, 0).action, HedgeAction::kLean);  // size 1.6
  // -1.6 x 2 = -3.2 hedge coins, floored in size to the lot: -3.0.
  const HedgeDecision d = h.decide(4, 500, 1);
  EXPECT_EQ(d.action, HedgeAction::kExternal);
  EXPECT_NEAR(d.ioc_qty, -3.0, 1e-12);
  // Below one hedge lot there is nothing to send: keep leaning.
  c.hedge_lot = 10.0;
  DeltaHedger small(c);
  small.decide(4, 500, 0);
  EXPECT_EQ(small.decide(4, 500, 1).action, HedgeAction::kLean);
}

TEST(DeltaHedge, RefusesBadConfig) {
  DeltaHedgeConfig c = base_config();
  c.eta = 0;
  EXPECT_THROW(DeltaHedger{c}, std::invalid_argument);
  c = base_config();
  c.var_limit_usd = 0;
  EXPECT_THROW(DeltaHedger{c}, std::invalid_argument);
  c = base_config();
  c.hedge_ratio = 0;
  EXPECT_THROW(DeltaHedger{c}, std::invalid_argument);
  DeltaHedger h(base_config());
  EXPECT_THROW(h.decide(NAN, 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace hlmm::strategies
