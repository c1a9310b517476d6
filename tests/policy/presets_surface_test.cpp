// From a preset's HJB solve to the fixed-point table the pipeline loads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "policy/hjb_fd.hpp"
#include "policy/hjb_jump.hpp"
#include "policy/presets.hpp"

namespace hlmm::policy {
namespace {

TEST(Presets, StudyGridsFromHjbMath) {
  for (const char* name : {"eth", "BTC", "Sol"}) {
    const auto a = find_preset(name);
    ASSERT_TRUE(a.has_value()) << name;
    const HjbParams p = hjb_params_for(*a);
    EXPECT_EQ(p.n_f, 31);
    EXPECT_EQ(p.n_t, 2048);  // the paper's N_t, above the CFL minimum for every asset
    EXPECT_GE(p.n_t, min_n_t(p));
    EXPECT_EQ(std::lround((p.q_max - p.q_min) / p.q_step) + 1, 21);
    EXPECT_LE(p.f_min, 0.0);
    EXPECT_GE(p.f_max, 0.0);
  }
  EXPECT_FALSE(find_preset("doge").has_value());
  const HjbParams btc = hjb_params_for(*find_preset("btc"));
  EXPECT_DOUBLE_EQ(btc.q_step, 0.05);
  EXPECT_NEAR(btc.theta_bar, 1.609414562564758e-05 * 90000.0, 1e-15);
}

// A degenerate funding fit (theta = sigma = 0, or kappa = 0) leaves no valid grid: the preset gets
// the default step count and the solver's grid error, not a step count from T / 0.
TEST(Presets, ADegenerateFundingFitGivesTheGridError) {
  AssetPreset flat = *find_preset("eth");
  flat.theta = 0.0;
  flat.sigma = 0.0;
  const HjbParams p = hjb_params_for(flat);
  EXPECT_EQ(min_n_t(p), 0);
  EXPECT_EQ(p.n_t, kDefaultTimeSteps);
  EXPECT_EQ(solve_hjb_fd(p).error().code, PolicyErrorCode::kInvalidParameter);

  AssetPreset no_reversion = *find_preset("sol");
  no_reversion.jump_kappa = 0.0;
  const HjbParams pj = hjb_jump_params_for(no_reversion);
  EXPECT_EQ(min_n_t(pj, jumps_for(no_reversion).lambda), 0);
  EXPECT_EQ(pj.n_t, kDefaultTimeSteps);
  auto r = solve_hjb_jump(pj, jumps_for(no_reversion));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("finite"), std::string::npos) << r.error().message;
}

// The edge cells take every jump that reaches them (extended to +-infinity): jumps from where
// funding lives must land on the grid, or the jump variant loses the tail it exists to model.
TEST(Presets, JumpGridHoldsTheJumpsFromTheBulk) {
  for (const char* name : {"eth", "btc", "sol"}) {
    SCOPED_TRACE(name);
    const AssetPreset a = *find_preset(name);
    const HjbParams p = hjb_jump_params_for(a);
    const FundingJumps j = jumps_for(a);
    const double df = (p.f_max - p.f_min) / (p.n_f - 1);
    const std::vector<double> f = uniform_nodes(p.f_min, df, p.n_f);
    const std::vector<double> w = jump_transition_weights(f, df, j);
    const std::size_t n = f.size();
    // The bulk: within 2 sd of the jump-inclusive stationary law, and the node nearest theta.
    const double sigma = a.jump_sigma * a.ref_price;
    const double sd = std::sqrt((sigma * sigma + j.lambda * (j.sd * j.sd + j.mean * j.mean)) / (2.0 * a.jump_kappa));
    int bulk = 0;
    for (std::size_t m = 1; m + 1 < n; ++m) {
      if (std::fabs(f[m] - p.theta_bar) > std::max(2.0 * sd, 0.5 * df)) continue;
      ++bulk;
      const double clamped = (w[m * n] + w[m * n + n - 1]) / j.lambda;
      EXPECT_LT(clamped, 0.03) << "f = " << f[m];
    }
    EXPECT_GE(bulk, 1);
    EXPECT_EQ(p.n_f, 31);  // the table's bins, unchanged
    EXPECT_EQ(p.n_t, kDefaultTimeSteps);
    auto sol = solve_hjb_jump(p, j);
    ASSERT_TRUE(sol.ok()) << sol.error().message;
    EXPECT_GE(sol.value().min_weight, 0.0);
    EXPECT_TRUE(encode_policy_table(surface_from_hjb(sol.value()).value()).ok());
  }
}

// The jump grid's cells are far coarser than SOL's diffusion (8.7 diffusion sd); quotes in the bulk
// must still match a grid that resolves it (301 nodes, 0.87 sd).
TEST(Presets, TheCoarseJumpGridMatchesAFineOneInTheBulk) {
  const AssetPreset a = *find_preset("sol");
  const FundingJumps j = jumps_for(a);
  const HjbParams coarse = hjb_jump_params_for(a);
  HjbParams fine = coarse;
  fine.n_f = 301;
  fine.n_t = std::max(coarse.n_t, min_n_t(fine, j.lambda));
  const HjbSolution c = solve_hjb_jump(coarse, j).value();
  const HjbSolution f = solve_hjb_jump(fine, j).value();
  const double sd = a.jump_sigma * a.ref_price / std::sqrt(2.0 * a.jump_kappa);
  for (const double x : {-2.0, 0.0, 2.0}) {
    for (const double q : {-125.0, 0.0, 125.0}) {
      const double fv = coarse.theta_bar + x * sd;
      EXPECT_NEAR(c.deltas(q, fv).first, f.deltas(q, fv).first, 1e-3 * f.deltas(q, fv).first) << x << " " << q;
      EXPECT_NEAR(c.deltas(q, fv).second, f.deltas(q, fv).second, 1e-3 * f.deltas(q, fv).second) << x << " " << q;
    }
  }
}

TEST(SurfaceFromHjb, RollingTableEncodesWithinOneUnit) {
  const HjbParams p = hjb_params_for(*find_preset("btc"));
  auto sol = solve_hjb_fd(p);
  ASSERT_TRUE(sol.ok());
  auto surface = surface_from_hjb(sol.value());
  ASSERT_TRUE(surface.ok()) << surface.error().message;
  const PolicySurface& s = surface.value();
  EXPECT_EQ(s.t_bins, 1);
  EXPECT_EQ(s.size[3], 0.05);
  auto table = encode_policy_table(s);
  ASSERT_TRUE(table.ok()) << table.error().message;
  const PolicyTable& t = table.value();
  // BTC offsets exceed 21.47 USD (INT32_MAX units), so a shift is needed: the smallest that fits.
  double largest = 0.0;
  for (double x : s.bid) largest = std::isinf(x) ? largest : std::max(largest, x);
  for (double x : s.ask) largest = std::isinf(x) ? largest : std::max(largest, x);
  int expected_shift = 0;
  while (std::round(largest * 1e8 / std::ldexp(1.0, expected_shift)) > 2147483647.0) ++expected_shift;
  EXPECT_GT(largest, 21.47483647);
  EXPECT_EQ(t.offset_shift, expected_shift);
  const double unit = std::ldexp(1e-8, t.offset_shift);
  for (int i = 0; i < s.q_levels(); ++i) {
    for (int j = 0; j < s.f_bins(); ++j) {
      const auto [b, a] = sol.value().deltas(s.q_nodes[static_cast<std::size_t>(i)], s.f_nodes[static_cast<std::size_t>(j)]);
      if (std::isinf(b)) {
        EXPECT_EQ(t.cells[0][i][j].bid_offset, kOffsetDisabled);
      } else {
        EXPECT_NEAR(decode_offset_usd(t, t.cells[0][i][j].bid_offset), b, unit);
      }
      if (std::isinf(a)) {
        EXPECT_EQ(t.cells[0][i][j].ask_offset, kOffsetDisabled);
      } else {
        EXPECT_NEAR(decode_offset_usd(t, t.cells[0][i][j].ask_offset), a, unit);
      }
    }
  }
}

TEST(SurfaceFromHjb, TimeBinsUnwindTowardsTheHorizon) {
  HjbParams p = hjb_params_for(*find_preset("eth"));
  p.horizon_hours = 1.0;
  p.n_t = min_n_t(p) + 1;
  HjbSolveOptions o;
  o.keep = time_bin_indices(p, 4);
  auto sol = solve_hjb_fd(p, o);
  ASSERT_TRUE(sol.ok());
  auto surface = surface_from_hjb(sol.value(), {.t_bins = 4, .size_coins = 0.5});
  ASSERT_TRUE(surface.ok()) << surface.error().message;
  const PolicySurface& s = surface.value();
  EXPECT_NEAR(s.t_bin_seconds, 900.0, 1e-9);
  EXPECT_EQ(s.size[0], 0.5);
  // A long position's skew (bid - ask) fades as less time remains to carry it.
  const auto skew = [&](int tb) { return s.bid_at(tb, 15, 15) - s.ask_at(tb, 15, 15); };
  EXPECT_GT(skew(0), skew(3));
  auto t = encode_policy_table(s);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().t_bin_ns, 900'000'000'000u);

  auto missing = surface_from_hjb(solve_hjb_fd(p).value(), {.t_bins = 4, .size_coins = -1.0});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("time_bin_indices"), std::string::npos);
}

TEST(SurfaceFromHjb, JumpPresetSolves) {
  const auto a = *find_preset("sol");
  const HjbParams p = hjb_jump_params_for(a);
  EXPECT_GE(p.n_t, min_n_t(p, jumps_for(a).lambda));
  auto sol = solve_hjb_jump(p, jumps_for(a));
  ASSERT_TRUE(sol.ok()) << sol.error().message;
  EXPECT_GE(sol.value().min_weight, 0.0);
  EXPECT_TRUE(encode_policy_table(surface_from_hjb(sol.value()).value()).ok());
}

}  // namespace
}  // namespace hlmm::policy

namespace hlmm::policy {
namespace {

// A fine funding grid (61 nodes) does not fit the table's 32 bins; resampling to 31 bins lands on
// every other solver node, where the quotes must be the node quotes.
TEST(SurfaceFromHjb, ResamplesAFineFundingGridOntoTableBins) {
  HjbParams p = hjb_params_for(*find_preset("eth"), 61, 2);
  p.horizon_hours = 1.0;
  p.n_t = min_n_t(p);
  const HjbSolution sol = solve_hjb_fd(p).value();
  EXPECT_EQ(encode_policy_table(surface_from_hjb(sol).value()).error().code, PolicyErrorCode::kTooManyFundingBins);
  SurfaceOptions o;
  o.f_bins = 31;
  auto coarse = surface_from_hjb(sol, o);
  ASSERT_TRUE(coarse.ok()) << coarse.error().message;
  const PolicySurface& s = coarse.value();
  ASSERT_EQ(s.f_bins(), 31);
  const PolicySurface full = surface_from_hjb(sol).value();
  for (int i = 0; i < s.q_levels(); ++i) {
    for (int j = 0; j < 31; ++j) {
      EXPECT_NEAR(s.f_nodes[static_cast<std::size_t>(j)], full.f_nodes[static_cast<std::size_t>(2 * j)], 1e-12);
      const double b = s.bid_at(0, i, j), fb = full.bid_at(0, i, 2 * j);
      const double a = s.ask_at(0, i, j), fa = full.ask_at(0, i, 2 * j);
      EXPECT_EQ(std::isinf(b), std::isinf(fb));
      EXPECT_EQ(std::isinf(a), std::isinf(fa));
      if (!std::isinf(fb)) {
        EXPECT_NEAR(b, fb, 1e-9);
      }
      if (!std::isinf(fa)) {
        EXPECT_NEAR(a, fa, 1e-9);
      }
    }
  }
  EXPECT_TRUE(encode_policy_table(s).ok());
  o.f_bins = 2;
  EXPECT_FALSE(surface_from_hjb(sol, o).ok());
}

}  // namespace
}  // namespace hlmm::policy
