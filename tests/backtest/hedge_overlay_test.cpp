// The delta-hedge overlay of the backtest: the lean and the IOC at the stated cost model on a
// hand-built minute sequence, the lean applied once to what a real pipeline says when it keeps its
// quotes, then the with/without comparison on the eth preset (hedging must lower the inventory RMS
// and cost something; the unhedged arm is exactly the study's run).
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <vector>

#include "backtest/hedge_overlay.hpp"
#include "backtest/market.hpp"
#include "backtest/policies.hpp"
#include "backtest/study.hpp"
#include "engine/backends.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kMinute = 60'000'000'000ULL;

Price px(double usd) { return static_cast<Price>(std::llround(usd * kPriceScale)); }
Size sz(double coins) { return static_cast<Size>(std::llround(coins * kSizeScale)); }

HedgeOverlayConfig small_config() {
  HedgeOverlayConfig c;
  c.hedger.inventory_threshold = 2.0;
  c.hedger.var_limit_usd = 10.0;
  c.hedger.eta = 1.0;
  c.hedger.lean_bps_per_coin = 1.0;
  c.hedger.max_lean_bps = 5.0;
  c.hedger.min_progress = 0.5;
  c.hedger.escalate_after_ns = 3 * kMinute;
  c.hedger.hedge_lot = 1.0;
  c.vol_window_minutes = 10;
  c.half_spread_usd = 0.05;
  c.taker_fee = 0.00045;
  return c;
}

TEST(HedgeOverlay, LeansWithoutCrossingTheMidThenSendsTheIocAtTheCostModelPrice) {
  HedgeOverlay o(small_config());
  // A mid alternating +-0.1 % around 3 000 for the volatility, a long of 8 coins that never comes down.
  std::vector<ProposedFill> fills;
  const Size q = sz(8.0);
  Price mid = px(3000);
  int leaned = 0;
  for (int m = 0; m < 12; ++m) {
    mid = px(m % 2 == 0 ? 3000.0 : 3003.0);
    o.on_step(StepInput{m, static_cast<std::uint64_t>(m) * kMinute, mid, 0, q});
    RestingQuote quotes[2] = {{true, mid - px(1.0), sz(1)}, {true, mid + px(0.1), sz(1)}};
    o.lean(quotes);
    fills.clear();
    o.take_ioc(mid, fills);
    if (quotes[0].price != mid - px(1.0)) {
      ++leaned;
      // Long: both quotes move down by the lean; the ask, 0.10 above the mid, stops one unit above it.
      EXPECT_LT(quotes[0].price, mid - px(1.0));
      EXPECT_EQ(quotes[1].price, mid + 1);
    }
    if (!fills.empty()) {
      ASSERT_EQ(fills.size(), 1u);
      EXPECT_EQ(fills[0].side, Side::kAsk);  // selling the long
      // The whole excess in whole lots: q (1 - VaR_max / VaR) with VaR >> 10 USD is just under 8 -> 7.
      EXPECT_EQ(fills[0].size, sz(7.0));
      const double cross = 0.05 + 0.00045 * static_cast<double>(mid) / kPriceScale;
      EXPECT_EQ(fills[0].price, mid - static_cast<Price>(std::ceil(cross * kPriceScale)));
      EXPECT_EQ(o.stats().hedge_trades, 1u);
      EXPECT_NEAR(o.stats().hedge_cost_usd, 7.0 * static_cast<double>(std::ceil(cross * kPriceScale)) / kPriceScale,
                  1e-9);
      // Three minutes of leaning without progress before the IOC; the first return needs two mids.
      EXPECT_GE(leaned, 3);
      return;
    }
  }
  FAIL() << "no IOC after " << leaned << " minutes of leaning without progress";
}

TEST(HedgedQuotes, LeansThePipelinesOwnPriceOnceWhenThePipelineKeepsItsQuote) {
  // Two identical pipelines fed the same minutes: one plain (what the pipeline says), one behind
  // the overlay. A steady mid makes the pipeline's hysteresis send no new intent, so the resting
  // quote is whatever the array already holds: the overlay must lean the pipeline's price once, not
  // lean its own previous output again.
  const auto preset = *policy::find_preset("eth");
  const int szd = *sz_decimals_for("eth");
  auto spec = build_policy("hjb_fd", preset, szd);
  ASSERT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().message);
  const Size limit = sz(spec.value().limit);
  auto plain_pipe = engine::make_pipeline("sw");
  auto hedged_pipe = engine::make_pipeline("sw");
  PipelineQuotes plain(*plain_pipe, spec.value().table, szd, limit);
  PipelineQuotes inner(*hedged_pipe, spec.value().table, szd, limit);
  HedgeOverlayConfig cfg = small_config();
  // One bp (0.30 USD at 3 000) is inside the pipeline's half-spread, so neither side is held at the
  // mid and a second lean would show on both; no IOC, so every minute from the third leans.
  cfg.hedger.max_lean_bps = 1.0;
  cfg.hedger.escalate_after_ns = 1000 * kMinute;
  cfg.vol_window_minutes = 60;
  HedgeOverlay overlay(cfg);
  HedgedQuotes hedged(inner, overlay);

  RestingQuote want[2], got[2];
  const Size q = sz(8.0);  // long beyond the threshold: the lean lowers both quotes
  int steady_minutes = 0, leaned_minutes = 0;
  for (int m = 0; m < 20; ++m) {
    // Four minutes of a moving mid give the VaR its volatility; then the mid stands still.
    const Price mid = px(m < 4 && m % 2 == 1 ? 3003.0 : 3000.0);
    const StepInput in{m, static_cast<std::uint64_t>(m) * kMinute, mid, 0, q};
    const std::uint64_t quotes_before = plain.quotes_seen();
    const std::uint64_t leans_before = overlay.stats().lean_steps;
    plain.on_step(in, want);
    hedged.on_step(in, got);
    if (m >= 4 && plain.quotes_seen() == quotes_before) ++steady_minutes;
    const bool leaning = overlay.stats().lean_steps > leans_before;
    if (leaning) ++leaned_minutes;
    const Price skew = leaning ? -static_cast<Price>(std::llround(1e-4 * static_cast<double>(mid))) : 0;
    for (int side = 0; side < 2; ++side) {
      SCOPED_TRACE(::testing::Message() << "minute " << m << (side == 0 ? " bid" : " ask"));
      ASSERT_TRUE(want[side].live);
      ASSERT_TRUE(got[side].live);
      EXPECT_EQ(got[side].size, want[side].size);
      EXPECT_EQ(got[side].price, want[side].price + skew);
    }
    // A fill re-quotes through on_fills, which may rewrite one side only; both pipelines see the
    // same fill (at the leaned price, as the venue would), so they stay in the same state.
    if (m == 8 || m == 14) {
      const ProposedFill fill{Side::kBid, got[0].price, sz(spec.value().lot)};
      plain.on_fills(std::span<const ProposedFill>(&fill, 1), in.ts_ns, want);
      hedged.on_fills(std::span<const ProposedFill>(&fill, 1), in.ts_ns, got);
      for (int side = 0; side < 2; ++side) {
        SCOPED_TRACE(::testing::Message() << "minute " << m << " after the fill" << (side == 0 ? " bid" : " ask"));
        ASSERT_EQ(got[side].live, want[side].live);
        if (want[side].live) {
          EXPECT_EQ(got[side].price, want[side].price + skew);
        }
      }
    }
  }
  // Without minutes where the pipeline kept its quotes the test would not reach the defect.
  EXPECT_GE(steady_minutes, 10);
  EXPECT_GE(leaned_minutes, 15);
}

TEST(HedgeOverlay, RefusesABadConfig) {
  HedgeOverlayConfig c = small_config();
  c.taker_fee = -0.001;
  EXPECT_THROW(HedgeOverlay{c}, std::invalid_argument);
  c = small_config();
  c.confidence = 1.5;
  EXPECT_THROW(HedgeOverlay{c}, std::invalid_argument);
  HedgeCompareConfig cmp;
  cmp.seeds = 1;
  cmp.days = 1;
  cmp.overlay_set = true;
  cmp.overlay = small_config();
  cmp.overlay.hedger.eta = 2;
  const std::atomic<bool> stop{false};
  EXPECT_THROW(run_hedge_comparison(cmp, stop), StudyError);
  cmp.overlay_set = false;
  cmp.policy = "pure_as_scaled";
  EXPECT_THROW(run_hedge_comparison(cmp, stop), StudyError);
}

TEST(HedgeComparison, HedgingLowersInventoryRmsOnEthAndCostsTheHalfSpreadPlusFee) {
  HedgeCompareConfig cfg;
  cfg.preset = "eth";
  cfg.policy = "hjb_fd";
  cfg.seeds = 3;
  cfg.days = 2;
  const std::atomic<bool> stop{false};
  const HedgeComparison c = run_hedge_comparison(cfg, stop);
  ASSERT_EQ(c.seeds_finished, 3);
  ASSERT_EQ(c.arms.size(), 2u);
  const HedgeArm& plain = c.arms[0];
  const HedgeArm& hedged = c.arms[1];
  EXPECT_EQ(plain.hedge_trades, 0.0);
  EXPECT_EQ(plain.hedge_cost_usd, 0.0);
  EXPECT_GT(hedged.hedge_trades, 0.0);
  EXPECT_GT(hedged.hedge_cost_usd, 0.0);
  EXPECT_LT(hedged.inventory_rms, plain.inventory_rms);
  // Per coin the IOC pays half a 0.1 USD tick plus 4.5 bp of a mid that stays near 3 000 over two days.
  const double per_coin = hedged.hedge_cost_usd / hedged.hedged_coins;
  EXPECT_GT(per_coin, 0.05 + 0.00045 * 2500);
  EXPECT_LT(per_coin, 0.05 + 0.00045 * 3500 + 1e-8);
  EXPECT_GT(hedged.lean_share, 0.0);

  // The unhedged arm is the study's run of the same policy on the same seeds.
  StudyConfig study;
  study.preset = "eth";
  study.seeds = 3;
  study.days = 2;
  study.policies = {"pure_as", "hjb_fd"};
  const StudyResult s = run_study(study, stop);
  for (const PolicySummary& p : s.policies) {
    if (p.name != "hjb_fd") continue;
    EXPECT_NEAR(p.final_equity.mean, plain.final_equity.mean, 1e-6);
    EXPECT_NEAR(p.inventory_rms, plain.inventory_rms, 1e-9);
  }
}

}  // namespace
}  // namespace hlmm::backtest
