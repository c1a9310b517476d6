// Closed-form policies (AS, GLFT, inventory framework) and their agreement where theory says so.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "policy/closed_forms.hpp"
#include "policy/glft.hpp"
#include "policy/inventory.hpp"
#include "policy/pure_as.hpp"

namespace hlmm::policy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEthK = 0.5971592658795428;

// shared/hjb-math.md §13 section 9: ETH pure_as at q in {-2, 0, 2} (4 decimals printed).
TEST(PureAs, PaperBaselineMatchesTheReference) {
  PureAsParams p;
  p.grid = {1.0, 10.0};
  p.k = kEthK;
  auto s = pure_as_surface(p);
  ASSERT_TRUE(s.ok()) << s.error().message;
  const PolicySurface& t = s.value();
  EXPECT_EQ(t.q_levels(), 21);
  EXPECT_NEAR(t.bid_at(0, 8, 0), 1.6698, 5e-5);   // q = -2
  EXPECT_NEAR(t.ask_at(0, 8, 0), 1.6826, 5e-5);
  EXPECT_NEAR(t.bid_at(0, 10, 0), 1.6762, 5e-5);  // q = 0
  EXPECT_NEAR(t.ask_at(0, 10, 0), 1.6762, 5e-5);
  EXPECT_NEAR(t.bid_at(0, 12, 0), 1.6826, 5e-5);  // q = 2
  EXPECT_NEAR(t.ask_at(0, 12, 0), 1.6698, 5e-5);
  EXPECT_EQ(t.bid_at(0, 20, 0), kInf);
  EXPECT_EQ(t.ask_at(0, 0, 0), kInf);
  EXPECT_TRUE(encode_policy_table(t).ok());
}

TEST(PureAs, UnitJumpQuirkOnlyMattersForFractionalLots) {
  PureAsParams p;
  p.grid = {0.05, 0.5};
  p.k = 0.044786618414423704;
  p.alpha = 5.0;
  p.phi = 0.5;
  const PolicySurface paper = pure_as_surface(p).value();
  p.paper_unit_jumps = false;
  const PolicySurface lot = pure_as_surface(p).value();
  // c = alpha + phi tau = 8; q = 0: paper bid 1/k + 8, per-lot bid 1/k + 8 * 0.05.
  EXPECT_NEAR(paper.bid_at(0, 10, 0) - lot.bid_at(0, 10, 0), 8.0 * 0.95, 1e-9);
  p.grid = {1.0, 10.0};
  p.paper_unit_jumps = true;
  const PolicySurface a = pure_as_surface(p).value();
  p.paper_unit_jumps = false;
  const PolicySurface b = pure_as_surface(p).value();
  EXPECT_EQ(a.bid, b.bid);
}

TEST(PureAs, FiniteHorizonSkewShrinksTowardsTheEnd) {
  PureAsParams p;
  p.grid = {1.0, 5.0};
  p.k = 2.0;
  p.t_bins = 3;
  const PolicySurface s = pure_as_surface(p).value();
  EXPECT_NEAR(s.t_bin_seconds, 7200.0, 1e-9);
  const auto skew = [&](int tb) { return s.bid_at(tb, 8, 0) - s.ask_at(tb, 8, 0); };  // q = 3
  EXPECT_GT(skew(0), skew(1));
  EXPECT_GT(skew(1), skew(2));
  EXPECT_NEAR(skew(2), 4.0 * 3 * (0.001 + 0.0001 * 2.0) * 2.0 / 2.0, 1e-12);  // 2c(2q)/2 with tau = 2 h
}

// [AS08] example printed by the reference: gamma 0.1, sigma 0.5, k 2, T-t 1, q 2.
TEST(PureAs, CaraFormula) {
  const Quote q = as_cara(2.0, 1.0, 0.1, 0.5, 2.0);
  EXPECT_NEAR(q.first, 0.5504, 5e-5);
  EXPECT_NEAR(q.second, 0.4504, 5e-5);
  EXPECT_NEAR(q.first + q.second, 1.0008, 5e-5);
}

// §6.3: the paper's linear rule is AS's gamma -> 0 limit with c = gamma sigma^2 tau / 2; the gap is
// (1/gamma) ln(1 + gamma/k) - 1/k = -gamma/(2 k^2) + O(gamma^2).
TEST(PureAs, LinearRuleIsTheSmallGammaLimitOfCara) {
  const double k = 2.0, sigma = 0.5, tau = 1.0;
  for (double gamma : {1e-2, 1e-3, 1e-4}) {
    const double phi = 0.5 * gamma * sigma * sigma;
    for (double q : {-3.0, 0.0, 2.0}) {
      const Quote as = as_cara(q, tau, gamma, sigma, k);
      const Quote lin = paper_pure_as(q, tau, 0.0, phi, k, 0.0);
      const double lead = gamma / (2 * k * k);
      EXPECT_NEAR(lin.first - as.first, lead, lead * 0.02) << gamma;
      EXPECT_NEAR(lin.second - as.second, lead, lead * 0.02) << gamma;
    }
  }
}

// §6.5: GLFT at gamma = 1e-3 is within 1.3e-4 of its gamma -> 0 limit [reference].
TEST(Glft, CaraTendsToTheRiskNeutralLimit) {
  const double A = 20.0, k = 2.0, phi = 0.01;
  const Quote lim = glft_risk_neutral(1, A, k, phi);
  double prev = kInf;
  for (double gamma : {1.0, 0.1, 0.01, 0.001}) {
    const Quote g = glft_cara(1, gamma, std::sqrt(2 * phi / gamma), A, k);
    const double d = std::max(std::fabs(g.first - lim.first), std::fabs(g.second - lim.second));
    EXPECT_LT(d, prev);
    prev = d;
  }
  EXPECT_LT(prev, 1e-3);
  EXPECT_NEAR(prev, 1.3e-4, 0.1e-4);
}

// Without price risk GLFT and AS quote the same symmetric (1/gamma) ln(1 + gamma/k) at every q.
TEST(Glft, AgreesWithAsWithoutPriceRisk) {
  for (double q : {-4.0, 0.0, 3.0}) {
    const Quote g = glft_cara(q, 0.3, 0.0, 50.0, 1.5);
    const Quote a = as_cara(q, 2.0, 0.3, 0.0, 1.5);
    EXPECT_NEAR(g.first, a.first, 1e-15);
    EXPECT_NEAR(g.second, a.second, 1e-15);
  }
}

// Lot invariance of the GLFT formulas: in lots k' = k/D, phi' = phi D^2, sigma' = sigma D (price of
// a lot), q' = q/D, and gamma unchanged (utility is over cash); then delta = delta'/D.
TEST(Glft, LotInvariance) {
  const double D = 0.05, A = 87.3, k = 0.0448, phi = 0.0001, gamma = 0.002, sigma = 300.0;
  for (double q : {-0.5, -0.1, 0.0, 0.25}) {
    const Quote phys = glft_risk_neutral(q, A, k, phi, D);
    const Quote lots = glft_risk_neutral(q / D, A, k / D, phi * D * D, 1.0);
    EXPECT_NEAR(phys.first, lots.first / D, 1e-9);
    EXPECT_NEAR(phys.second, lots.second / D, 1e-9);
    const Quote cp = glft_cara(q, gamma, sigma, A, k, D);
    const Quote cl = glft_cara(q / D, gamma, sigma * D, A, k / D, 1.0);
    EXPECT_NEAR(cp.first, cl.first / D, 1e-9);
    EXPECT_NEAR(cp.second, cl.second / D, 1e-9);
  }
}

TEST(Glft, SurfaceHasBoundsAndSkew) {
  GlftParams p;
  p.grid = {1.0, 10.0};
  p.A = 94.29;
  p.k = kEthK;
  p.phi = 0.0001;
  p.min_delta = 0.01;
  const PolicySurface s = glft_surface(p).value();
  EXPECT_EQ(s.bid_at(0, 20, 0), kInf);
  EXPECT_EQ(s.ask_at(0, 0, 0), kInf);
  for (int i = 1; i < 20; ++i) {
    EXPECT_GT(s.bid_at(0, i, 0), s.bid_at(0, i - 1, 0));
    EXPECT_LT(s.ask_at(0, i + 1, 0), s.ask_at(0, i, 0));
  }
  EXPECT_NEAR(s.bid_at(0, 10, 0), s.ask_at(0, 10, 0), 1e-12);
  EXPECT_TRUE(encode_policy_table(s).ok());
  p.grid = {1.0, 40.0};  // 81 levels: more than the table holds
  EXPECT_EQ(glft_surface(p).error().code, PolicyErrorCode::kTooManyLevels);
}

InventoryParams inventory_params() {
  InventoryParams p;
  p.grid = {1.0, 10.0};
  p.half_spread = 1.5;
  p.skew = 0.4;
  p.convexity = 0.1;  // 2 l |x| <= g for |x| <= 1.5: offsets stay monotone in q
  p.funding_sensitivity = 5.0;
  p.target_cap = 0.5;
  p.f_nodes = uniform_nodes(-0.2, 0.05, 9);
  return p;
}

TEST(Inventory, FundingTargetLeansAgainstThePayingSide) {
  const InventoryParams p = inventory_params();
  EXPECT_LT(funding_target(p, 0.05), 0.0);  // longs pay: hold less
  EXPECT_GT(funding_target(p, -0.05), 0.0);
  EXPECT_EQ(funding_target(p, 10.0), -0.5);  // capped
  const auto [b, a] = inventory_offsets(p, 0.0, 0.05);
  EXPECT_GT(b, a) << "flat book with positive funding should lean short: bid wider";
  const auto [b0, a0] = inventory_offsets(p, 0.0, 0.0);
  EXPECT_DOUBLE_EQ(b0, a0);
}

TEST(Inventory, SpreadShapeSizeCurveAndScaling) {
  InventoryParams p = inventory_params();
  const PolicySurface s = inventory_surface(p).value();
  for (int j = 0; j < s.f_bins(); ++j) {
    for (int i = 1; i < 20; ++i) EXPECT_GE(s.bid_at(0, i, j), s.bid_at(0, i - 1, j));
    for (int i = 1; i < 20; ++i) EXPECT_LE(s.ask_at(0, i + 1, j), s.ask_at(0, i, j));
    EXPECT_EQ(s.bid_at(0, 20, j), kInf);
    EXPECT_EQ(s.ask_at(0, 0, j), kInf);
  }
  // rho = 0.5, f = 0: x = 0.5 -> bid 1.5 (1 + 0.2 + 0.025), ask 1.5 (1 - 0.2 + 0.025).
  EXPECT_NEAR(s.bid_at(0, 15, 4), 1.8375, 1e-12);
  EXPECT_NEAR(s.ask_at(0, 15, 4), 1.2375, 1e-12);
  const auto [sb, sa] = inventory_sizes(p, 0.5);
  EXPECT_NEAR(sb, std::exp(-2.0 * 0.25), 1e-15);  // the risk-increasing side shrinks
  EXPECT_EQ(sa, 1.0);
  EXPECT_NEAR(s.size[15], sb, 1e-15);
  EXPECT_EQ(s.size[10], 1.0);
  p.sigma = 4.0;  // sqrt(4) doubles the spread
  EXPECT_NEAR(inventory_offsets(p, 0.5, 0.0).first, 2.0 * 1.8375, 1e-12);
  p.sigma = 1.0;
  p.maker_rebate_bp = 1.0;
  p.ref_price = 3000.0;  // 1 bp of 3000 USD = 0.3 USD tighter
  EXPECT_NEAR(inventory_offsets(p, 0.5, 0.0).first, 1.8375 - 0.3, 1e-12);
  p.maker_rebate_bp = -1.5;  // a fee widens
  EXPECT_NEAR(inventory_offsets(p, 0.5, 0.0).second, 1.2375 + 0.45, 1e-12);
  EXPECT_TRUE(encode_policy_table(s).ok());
}

TEST(Inventory, RefusesBadParameters) {
  InventoryParams p = inventory_params();
  p.sigma0 = 0.0;
  EXPECT_EQ(inventory_surface(p).error().code, PolicyErrorCode::kInvalidParameter);
  p = inventory_params();
  p.grid.limit = 10.5;
  EXPECT_EQ(inventory_surface(p).error().code, PolicyErrorCode::kInvalidParameter);
}

}  // namespace
}  // namespace hlmm::policy

namespace hlmm::policy {
namespace {

// shared/hjb-math.md §13 section 9: the paper's LQ funding core at f = theta + 2 sd, ETH.
TEST(LqFunding, MatchesTheReference) {
  const double th = 1.4271686739769607e-05 * 3000.0;
  const double kappa = 0.12465693644346972;
  const double sd = 1.1125286895537884e-05 * 3000.0 / std::sqrt(2.0 * kappa);
  const double expect[3][2] = {{2.4915, 0.8609}, {2.4979, 0.8545}, {2.5043, 0.8481}};
  for (int n = 0; n < 3; ++n) {
    const double q = -2.0 + 2.0 * n;
    const Quote lq = lq_funding(q, th + 2 * sd, 6.0, 0.001, 0.0001, kappa, th, kEthK, 0.01);
    EXPECT_NEAR(lq.first, expect[n][0], 5e-5) << q;
    EXPECT_NEAR(lq.second, expect[n][1], 5e-5) << q;
  }
  // kappa = 0: F = f tau (funding frozen at its current value).
  const Quote frozen = lq_funding(0.0, 0.1, 6.0, 0.0, 0.0, 0.0, 0.05, 2.0, 0.0);
  EXPECT_NEAR(frozen.first, 0.5 + 0.6, 1e-12);
  EXPECT_NEAR(frozen.second, 0.0, 1e-12);  // 0.5 - 0.6 floored at 0
}

TEST(MatrixExponential, KnownClosedForms) {
  const std::vector<double> nilpotent = matrix_exponential({0.0, 1.0, 0.0, 0.0}, 2);
  EXPECT_NEAR(nilpotent[0], 1.0, 1e-15);
  EXPECT_NEAR(nilpotent[1], 1.0, 1e-15);
  EXPECT_NEAR(nilpotent[2], 0.0, 1e-15);
  EXPECT_NEAR(nilpotent[3], 1.0, 1e-15);
  const double t = 7.3;  // large enough to need scaling and squaring
  const std::vector<double> rot = matrix_exponential({0.0, -t, t, 0.0}, 2);
  EXPECT_NEAR(rot[0], std::cos(t), 1e-12);
  EXPECT_NEAR(rot[1], -std::sin(t), 1e-12);
  EXPECT_NEAR(rot[2], std::sin(t), 1e-12);
  const std::vector<double> diag = matrix_exponential({-3.0, 0.0, 0.0, 2.5}, 2);
  EXPECT_NEAR(diag[0] / std::exp(-3.0), 1.0, 1e-13);
  EXPECT_NEAR(diag[3] / std::exp(2.5), 1.0, 1e-13);
}

}  // namespace
}  // namespace hlmm::policy
