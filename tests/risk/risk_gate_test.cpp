// The risk gate's rules one by one, on fixed-point inputs as the trader gives them: each decision,
// the rule it names and the counters; the automatic kills; VaR/ES against closed forms.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "hlmm/arith.hpp"
#include "risk/kpis.hpp"
#include "risk/risk_gate.hpp"
#include "risk/value_at_risk.hpp"

namespace hlmm::risk {
namespace {

constexpr std::uint64_t kSec = 1'000'000'000ULL;
constexpr std::uint64_t kT0 = 1'700'000'000ULL * kSec;  // 2023-11-14 22:13:20 UTC

Price px(double usd) { return static_cast<Price>(std::llround(usd * kPriceScale)); }
Size sz(double coins) { return static_cast<Size>(std::llround(coins * kSizeScale)); }

QuoteIntent quote(Side side, double price, double size, std::uint8_t asset = 0) {
  return QuoteIntent{IntentKind::kQuote, asset, side, Reason::kNone, 0, px(price), sz(size), 0};
}

AssetRisk eth(std::uint8_t slot = 0) {
  return AssetRisk{slot, "ETH", sz(0.0001), arith::min_tick_exponent(MarketType::kPerp, 4)};
}

// A gate on 10 000 USD of capital with ETH at 2 000.
RiskGate make_gate(RiskLimits limits = {}, std::vector<AssetRisk> assets = {eth()}) {
  RiskGate g(limits, std::move(assets));
  g.on_mark(0, px(2000), kT0);
  g.set_capital(10'000, kT0);
  return g;
}

// ETH at 2 000 and BTC at 50 000 on 10 000 USD; the gross limit (3 000 USD) binds, the net does not.
RiskGate eth_and_btc_gate() {
  RiskLimits l;
  l.max_net_position_frac = 1.0;
  l.max_gross_notional_frac = 0.3;
  RiskGate g(l, {eth(0), AssetRisk{1, "BTC", sz(0.00001), arith::min_tick_exponent(MarketType::kPerp, 5)}});
  g.on_mark(0, px(2000), kT0);
  g.on_mark(1, px(50'000), kT0);
  g.set_capital(10'000, kT0);
  return g;
}

TEST(RiskGate, TakerOrdersThatReduceThePositionPassEvenAfterAKill) {
  RiskGate g = make_gate();
  g.on_fill(0, Side::kBid, px(2000), sz(0.5), 0, kT0);
  g.kill(Rule::kKillSwitch, "test");
  Decision d = g.check_taker(0, Side::kAsk, px(1990), sz(0.5), kT0);
  EXPECT_EQ(d.kind, DecisionKind::kPass);
  EXPECT_EQ(d.size, sz(0.5));
  d = g.check_taker(0, Side::kAsk, px(1990), sz(0.9), kT0);  // flips to a smaller short: still less risk
  EXPECT_EQ(d.kind, DecisionKind::kPass);
  d = g.check_taker(0, Side::kAsk, px(1990), sz(1.1), kT0);  // ends shorter than it was long: more risk
  EXPECT_EQ(d.kind, DecisionKind::kReject);
  EXPECT_EQ(d.rule, Rule::kKillSwitch);
  d = g.check_taker(0, Side::kBid, px(2010), sz(0.1), kT0);
  EXPECT_EQ(d.kind, DecisionKind::kReject);
  EXPECT_EQ(g.counters().checked, 4u);
  EXPECT_EQ(g.counters().rejected, 2u);
}

TEST(RiskGate, TakerOrdersThatAddRiskAreResizedOrRefusedNeverWidened) {
  RiskLimits l;
  l.toxic_min_fills = 1;
  l.toxic_markout_bps = 1;
  l.markout_ms = 1'000;
  RiskGate g = make_gate(l);
  g.on_fill(0, Side::kBid, px(2000), sz(0.8), 0, kT0);
  Decision d = g.check_taker(0, Side::kBid, px(2001), sz(0.5), kT0);  // 1 ETH net limit
  EXPECT_EQ(d.kind, DecisionKind::kResize);
  EXPECT_EQ(d.size, sz(0.2));
  // The bid side turns toxic (the mid falls after our buy): a quote would be widened, an IOC is refused.
  g.on_mark(0, px(1980), kT0 + 2 * kSec);
  g.sample(kT0 + 2 * kSec);
  ASSERT_EQ(g.check(quote(Side::kBid, 1979.9, 0.01), 0, false).kind, DecisionKind::kWiden);
  d = g.check_taker(0, Side::kBid, px(1981), sz(0.01), kT0 + 2 * kSec);
  EXPECT_EQ(d.kind, DecisionKind::kReject);
  EXPECT_EQ(d.rule, Rule::kAdverseSelection);
}

// Strategy orders in flight (admit_taker's holds): each is judged with the ones sent before it
// whose fills or answers have not arrived yet.
TEST(RiskGate, TwoReducingIocsInFlightAreJudgedTogetherAfterAKill) {
  RiskGate g = make_gate();
  g.on_fill(0, Side::kBid, px(2000), sz(1.0), 0, kT0);
  g.kill(Rule::kKillSwitch, "test");
  const Decision first = g.admit_taker(0, Side::kAsk, px(1990), sz(1.0), kT0);
  ASSERT_EQ(first.kind, DecisionKind::kPass);
  ASSERT_NE(first.hold, 0u);
  EXPECT_EQ(g.held(0, Side::kAsk), sz(1.0));
  EXPECT_EQ(g.held(0, Side::kBid), 0);
  // Alone it would reduce the long of 1; after the first it would be a short of 1.
  const Decision second = g.admit_taker(0, Side::kAsk, px(1990), sz(1.0), kT0);
  EXPECT_EQ(second.kind, DecisionKind::kReject);
  EXPECT_EQ(second.rule, Rule::kKillSwitch);
  EXPECT_EQ(second.hold, 0u);
  // The first fills 0.6 and the rest is cancelled: its hold ends; the long of 0.4 may be reduced again.
  g.on_fill(0, Side::kAsk, px(1990), sz(0.6), 0, kT0);
  EXPECT_EQ(g.release(first.hold, sz(0.6)), sz(0.4));
  EXPECT_EQ(g.release(first.hold, sz(0.4)), 0);
  EXPECT_EQ(g.held(0, Side::kAsk), 0);
  EXPECT_EQ(g.state().holds, 0u);
  EXPECT_EQ(g.admit_taker(0, Side::kAsk, px(1990), sz(0.4), kT0).kind, DecisionKind::kPass);
  EXPECT_EQ(g.admit_taker(0, Side::kAsk, px(1990), sz(0.1), kT0).kind, DecisionKind::kReject);
}

TEST(RiskGate, AHeldOrderCountsTowardTheNetLimitForTakersAndQuotesUntilReleased) {
  RiskGate g = make_gate();  // 1 ETH net limit
  const Decision resting = g.admit_taker(0, Side::kBid, px(1900), sz(0.8), kT0);  // a GTC below the touch
  ASSERT_EQ(resting.kind, DecisionKind::kPass);
  const Decision rest = g.admit_taker(0, Side::kBid, px(1900), sz(0.5), kT0);
  EXPECT_EQ(rest.kind, DecisionKind::kResize);
  EXPECT_EQ(rest.rule, Rule::kNetPosition);
  EXPECT_EQ(rest.size, sz(0.2));
  EXPECT_EQ(g.held(0, Side::kBid), sz(1.0));
  Decision d = g.check(quote(Side::kBid, 1999, 0.1), 0, false);  // the account's limit: the quotes see it too
  EXPECT_EQ(d.kind, DecisionKind::kReject);
  EXPECT_EQ(d.rule, Rule::kNetPosition);
  // Holds on the bid side do not make the ask side's worst case: selling is still a short from flat.
  EXPECT_EQ(g.check(quote(Side::kAsk, 2001, 0.5), 0, false).kind, DecisionKind::kPass);
  // The status shows what is in flight: 1 ETH at 2 000.
  EXPECT_NEAR(g.state().held_usd, 2000.0, 1e-6);
  EXPECT_EQ(g.release(resting.hold, sz(0.8)), 0);  // cancelled, nothing filled
  EXPECT_EQ(g.release(rest.hold, sz(0.2)), 0);
  EXPECT_EQ(g.check(quote(Side::kBid, 1999, 0.5), 0, false).kind, DecisionKind::kPass);
  EXPECT_EQ(g.release(resting.hold, sz(0.8)), 0) << "a released hold releases nothing twice";
  EXPECT_EQ(g.held(0, Side::kBid), 0);
}

TEST(RiskGate, GrossNotionalCountsOtherAssetsHolds) {
  RiskGate g = eth_and_btc_gate();
  ASSERT_EQ(g.admit_taker(1, Side::kAsk, px(49'000), sz(0.05), kT0).kind, DecisionKind::kPass);  // 2 500 USD short in flight
  const Decision d = g.check(quote(Side::kBid, 1999, 1.0), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kResize);
  EXPECT_EQ(d.rule, Rule::kGrossNotional);
  EXPECT_EQ(d.size, sz(0.25));
}

TEST(RiskGate, ASettledHoldWhoseFillsNeverArriveLapses) {
  RiskGate g = make_gate();
  const Decision d = g.admit_taker(0, Side::kBid, px(2010), sz(0.5), kT0);
  ASSERT_EQ(d.kind, DecisionKind::kPass);
  g.sample(kT0 + 60 * kSec);  // not settled: the order may still fill, it is held however long
  EXPECT_EQ(g.held(0, Side::kBid), sz(0.5));
  g.settle(d.hold, kT0 + 60 * kSec);  // e.g. the answer said filled 0.5, no fill came
  g.sample(kT0 + 60 * kSec + RiskGate::kHoldLapseNs - 1);
  EXPECT_EQ(g.held(0, Side::kBid), sz(0.5));
  EXPECT_EQ(g.counters().holds_lapsed, 0u);
  g.sample(kT0 + 60 * kSec + RiskGate::kHoldLapseNs);
  EXPECT_EQ(g.held(0, Side::kBid), 0);
  EXPECT_EQ(g.counters().holds_lapsed, 1u);
  EXPECT_EQ(g.release(d.hold, sz(0.5)), 0);
}

TEST(RiskGate, HoldsBeyondTheCapAreRefusedNotUntracked) {
  RiskGate g = make_gate();
  std::vector<std::uint64_t> ids;
  for (std::size_t k = 0; k < RiskGate::kMaxHolds; ++k) {
    const Decision d = g.admit_taker(0, k % 2 ? Side::kAsk : Side::kBid, px(2000), sz(0.0001), kT0);
    ASSERT_EQ(d.kind, DecisionKind::kPass) << k;
    ids.push_back(d.hold);
  }
  const Decision full = g.admit_taker(0, Side::kBid, px(2000), sz(0.0001), kT0);
  EXPECT_EQ(full.kind, DecisionKind::kReject);
  EXPECT_EQ(full.rule, Rule::kOpenOrders);
  EXPECT_EQ(full.hold, 0u);
  // Released in an order unlike the admitting one (swap-erase must keep the others intact).
  for (std::size_t k = ids.size(); k-- > 0;) EXPECT_EQ(g.release(ids[(k * 7) % ids.size()], sz(0.0001)), 0) << k;
  EXPECT_EQ(g.held(0, Side::kBid), 0);
  EXPECT_EQ(g.held(0, Side::kAsk), 0);
  EXPECT_EQ(g.admit_taker(0, Side::kBid, px(2000), sz(0.0001), kT0).kind, DecisionKind::kPass);
}

TEST(RiskGate, AnAssetWithoutTheVolatilityBreakerIsNeverTripped) {
  RiskLimits l;
  l.vol_threshold_frac = 0.02;
  AssetRisk outcome{1, "#10", 1, 0, false};
  RiskGate g = make_gate(l, {eth(0), outcome});
  g.on_mark(1, px(0.50), kT0);
  g.sample(kT0);
  g.on_mark(0, px(2200), kT0 + kSec);  // +10 %
  g.on_mark(1, px(0.60), kT0 + kSec);  // +20 %
  g.sample(kT0 + kSec);
  const RiskState st = g.state();
  EXPECT_TRUE(st.vol_tripped.at(0));
  EXPECT_FALSE(st.vol_tripped.at(1));
}

TEST(RiskGate, SlotOfNamesTheCoin) {
  RiskGate g = make_gate({}, {eth(3)});
  EXPECT_EQ(g.slot_of("ETH"), std::optional<std::uint8_t>(3));
  EXPECT_FALSE(g.slot_of("BTC").has_value());
}

TEST(RiskGate, PassesAQuoteWithinEveryLimit) {
  RiskGate g = make_gate();
  const Decision d = g.check(quote(Side::kBid, 1999, 0.1), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kPass);
  EXPECT_EQ(d.size, sz(0.1));
  EXPECT_EQ(g.counters().passed, 1u);
}

TEST(RiskGate, ResizesToTheNetPositionLimitAndRejectsBeyondIt) {
  RiskGate g = make_gate();  // 20 % of 10 000 = 2 000 USD = 1 ETH
  g.on_fill(0, Side::kBid, px(2000), sz(0.8), 0, kT0);
  Decision d = g.check(quote(Side::kBid, 1999, 0.5), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kResize);
  EXPECT_EQ(d.rule, Rule::kNetPosition);
  EXPECT_EQ(d.size, sz(0.2));
  EXPECT_DOUBLE_EQ(d.limit, 2000.0);
  // The reducing side is never capped.
  d = g.check(quote(Side::kAsk, 2001, 0.5), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kPass);
  g.on_fill(0, Side::kBid, px(2000), sz(0.2), 0, kT0);
  d = g.check(quote(Side::kBid, 1999, 0.1), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kReject);
  EXPECT_EQ(d.rule, Rule::kNetPosition);
  EXPECT_EQ(g.counters().per_rule[static_cast<std::size_t>(Rule::kNetPosition)], 2u);
}

TEST(RiskGate, GrossNotionalCountsEveryAsset) {
  RiskGate g = eth_and_btc_gate();
  g.on_fill(1, Side::kAsk, px(50'000), sz(0.05), 0, kT0);  // 2 500 USD short BTC
  const Decision d = g.check(quote(Side::kBid, 1999, 1.0), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kResize);
  EXPECT_EQ(d.rule, Rule::kGrossNotional);
  EXPECT_EQ(d.size, sz(0.25));
}

TEST(RiskGate, OpenOrderCapRefusesANewOrderButNotAReplacement) {
  RiskLimits l;
  l.max_open_orders_per_asset = 2;
  RiskGate g = make_gate(l);
  EXPECT_EQ(g.check(quote(Side::kBid, 1999, 0.1), 2, false).rule, Rule::kOpenOrders);
  EXPECT_EQ(g.check(quote(Side::kBid, 1999, 0.1), 2, true).kind, DecisionKind::kPass);
}

TEST(RiskGate, DrawdownFromTheHighWaterMarkKills) {
  RiskGate g = make_gate();  // 5 % of 10 000 = 500 USD
  g.on_fill(0, Side::kBid, px(2000), sz(1), 0, kT0);
  g.on_mark(0, px(2300), kT0 + kSec);  // +300: new high-water mark
  g.sample(kT0 + kSec);
  EXPECT_FALSE(g.killed());
  g.on_mark(0, px(1750), kT0 + 2 * kSec);  // equity -250, 550 below the mark
  g.sample(kT0 + 2 * kSec);
  EXPECT_TRUE(g.killed());
  EXPECT_EQ(g.state().kill_rule, Rule::kDrawdown);
  EXPECT_TRUE(g.take_kill_request());
  EXPECT_FALSE(g.take_kill_request()) << "the request is handed out once";
  const Decision d = g.check(quote(Side::kAsk, 2001, 0.1), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kReject);
  EXPECT_EQ(d.rule, Rule::kDrawdown);
}

TEST(RiskGate, DailyLossKillsAndTheDayResetsAtTheConfiguredHour) {
  RiskLimits l;
  l.max_drawdown_frac = 1.0;  // only the daily rule here
  l.daily_reset_utc_hour = 0;
  RiskGate g = make_gate(l);
  // Lose 200 on day 1 (below 3 % = 300), roll the day, lose 250 more: 250 < 300, no kill;
  // without the reset the loss from the first open would be 450.
  g.on_fill(0, Side::kBid, px(2000), sz(1), 0, kT0);
  g.on_mark(0, px(1800), kT0 + kSec);
  g.sample(kT0 + kSec);
  EXPECT_FALSE(g.killed());
  const std::uint64_t next_day = (kT0 / (86'400 * kSec) + 1) * 86'400 * kSec + kSec;
  g.sample(next_day);
  g.on_mark(0, px(1550), next_day + kSec);
  g.sample(next_day + kSec);
  EXPECT_FALSE(g.killed());
  g.on_mark(0, px(1490), next_day + 2 * kSec);  // 310 below the day's open
  g.sample(next_day + 2 * kSec);
  EXPECT_TRUE(g.killed());
  EXPECT_EQ(g.state().kill_rule, Rule::kDailyLoss);
}

TEST(RiskGate, AFillThatBreachesTheDailyLossKillsAtOnce) {
  RiskLimits l;
  l.capital_usd = 1'000;  // the configured capital overrides the account value
  RiskGate g = make_gate(l);
  g.on_fill(0, Side::kBid, px(2040), sz(1), 0, kT0);  // bought 40 above the mid: -40 > 3 % of 1 000
  EXPECT_TRUE(g.killed());
  EXPECT_EQ(g.state().kill_rule, Rule::kDailyLoss);
}

TEST(RiskGate, ManualKillSwitchFromTheConfiguration) {
  RiskLimits l;
  l.kill_switch = true;
  RiskGate g = make_gate(l);
  EXPECT_TRUE(g.killed());
  EXPECT_EQ(g.check(quote(Side::kBid, 1999, 0.1), 0, false).rule, Rule::kKillSwitch);
}

TEST(RiskGate, VolatilityBreakerWidensThenStops) {
  RiskLimits l;
  l.vol_window_s = 10;
  l.vol_threshold_frac = 0.01;
  l.vol_widen_bps = 100;
  RiskGate g = make_gate(l);
  g.sample(kT0);
  g.on_mark(0, px(2030), kT0 + kSec);  // +1.5 %
  g.sample(kT0 + kSec);
  EXPECT_TRUE(g.state().vol_tripped.at(0));
  Decision d = g.check(quote(Side::kBid, 2029, 0.1), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kWiden);
  EXPECT_EQ(d.rule, Rule::kVolatility);
  EXPECT_LE(d.price, px(2030 * 0.99));
  d = g.check(quote(Side::kAsk, 2031, 0.1), 0, false);
  EXPECT_GE(d.price, px(2030 * 1.01) - 1);
  // Calm for longer than the window and the cool-down: quoting resumes as asked.
  for (int s = 2; s < 60; ++s) g.sample(kT0 + static_cast<std::uint64_t>(s) * kSec);
  EXPECT_FALSE(g.state().vol_tripped.at(0));
  EXPECT_EQ(g.check(quote(Side::kBid, 2029, 0.1), 0, false).kind, DecisionKind::kPass);

  l.vol_action = VolAction::kStop;
  RiskGate stop = make_gate(l);
  stop.sample(kT0);
  stop.on_mark(0, px(1970), kT0 + kSec);
  stop.sample(kT0 + kSec);
  EXPECT_EQ(stop.check(quote(Side::kBid, 1969, 0.1), 0, false).kind, DecisionKind::kReject);
}

TEST(RiskGate, DisconnectRejectsEveryQuoteUntilReconnected) {
  RiskGate g = make_gate();
  g.set_connected(false);
  EXPECT_EQ(g.check(quote(Side::kBid, 1999, 0.1), 0, false).rule, Rule::kDisconnected);
  g.set_connected(true);
  EXPECT_EQ(g.check(quote(Side::kBid, 1999, 0.1), 0, false).kind, DecisionKind::kPass);
}

TEST(RiskGate, ToxicFlowOnOneSideWidensOnlyThatSide) {
  RiskLimits l;
  l.markout_ms = 1'000;
  l.toxic_min_fills = 3;
  l.toxic_markout_bps = 5;
  l.toxic_widen_bps = 20;
  RiskGate g = make_gate(l);
  std::uint64_t t = kT0;
  for (int i = 0; i < 4; ++i) {
    g.on_mark(0, px(2000), t);
    g.on_fill(0, Side::kBid, px(2000), sz(0.01), 0, t);  // bought, then the price drops 10 bps
    g.on_mark(0, px(1998), t + 2 * kSec);
    t += 3 * kSec;
  }
  EXPECT_LT(g.state().markout_bps[0], -5.0);
  g.on_mark(0, px(2000), t);
  const Decision bid = g.check(quote(Side::kBid, 1999.9, 0.1), 0, false);
  EXPECT_EQ(bid.kind, DecisionKind::kWiden);
  EXPECT_EQ(bid.rule, Rule::kAdverseSelection);
  EXPECT_LE(bid.price, px(2000 * (1 - 20e-4)));
  EXPECT_EQ(g.check(quote(Side::kAsk, 2000.1, 0.1), 0, false).kind, DecisionKind::kPass);
}

TEST(RiskGate, FilterTurnsRejectsIntoCancelsAndResizesInPlace) {
  RiskGate g = make_gate();
  g.on_fill(0, Side::kBid, px(2000), sz(0.9), 0, kT0);
  std::vector<QuoteIntent> intents = {quote(Side::kBid, 1999, 0.5), quote(Side::kAsk, 2001, 0.5)};
  const std::size_t changed = g.filter(intents, [](std::uint8_t, Side) { return std::pair<std::uint32_t, bool>{0, false}; });
  EXPECT_EQ(changed, 1u);
  EXPECT_EQ(intents[0].size, sz(0.1));
  g.kill(Rule::kKillSwitch, "test");
  g.filter(intents, [](std::uint8_t, Side) { return std::pair<std::uint32_t, bool>{0, false}; });
  EXPECT_EQ(intents[0].kind, IntentKind::kCancel);
  EXPECT_EQ(intents[1].kind, IntentKind::kCancel);
}

TEST(ValueAtRisk, ParametricMatchesTheNormalClosedFormAndHistoricalAgrees) {
  ReturnHistory h(1, 4'000);
  std::mt19937_64 rng(3);
  std::normal_distribution<double> n(0, 0.001);
  for (int i = 0; i < 4'000; ++i) {
    const double r = n(rng);
    h.push(std::span<const double>(&r, 1));
  }
  const double exposure = 100'000;
  std::vector<double> scratch;
  const VarFigures f = value_at_risk(h, std::span<const double>(&exposure, 1), 0.99, 1, scratch);
  EXPECT_NEAR(f.parametric_var, 2.3263 * 100, 6.0);  // z_0.99 x sigma x exposure
  EXPECT_NEAR(f.parametric_es, 2.6652 * 100, 7.0);   // phi(z) / 0.01 x sigma x exposure
  EXPECT_NEAR(f.historical_var, f.parametric_var, 15.0);
  EXPECT_NEAR(f.historical_es, f.parametric_es, 20.0);
  EXPECT_GT(f.historical_es, f.historical_var);
  EXPECT_NEAR(normal_quantile(0.975), 1.959964, 1e-6);
  // A hedged book (long one, short the same in a perfectly correlated asset) carries no risk.
  ReturnHistory h2(2, 100);
  for (int i = 0; i < 100; ++i) {
    const double r[2] = {n(rng), 0};
    const double pair[2] = {r[0], r[0]};
    h2.push(pair);
  }
  const double hedged[2] = {1000, -1000};
  EXPECT_NEAR(parametric_var(h2, hedged, 0.99, 1), 0.0, 1e-9);
}

TEST(RiskGate, VarCapShrinksTheQuote) {
  RiskLimits l;
  l.max_net_position_frac = 10;
  l.max_gross_notional_frac = 10;
  l.max_var_frac = 0.001;  // 10 USD
  l.var_sample_s = 1;
  l.var_horizon_s = 1;
  RiskGate g = make_gate(l);
  // Alternating +-0.5 % returns: sigma ~ 0.5 %; 10 USD of 99 % VaR ~ 0.43 ETH at 2 000.
  std::uint64_t t = kT0;
  double m = 2000;
  for (int i = 0; i < 60; ++i) {
    m *= (i % 2 == 0) ? 1.005 : 1 / 1.005;
    g.on_mark(0, px(m), t);
    g.sample(t);
    t += kSec;
  }
  g.on_mark(0, px(2000), t);
  const Decision d = g.check(quote(Side::kBid, 1999, 2.0), 0, false);
  EXPECT_EQ(d.kind, DecisionKind::kResize);
  EXPECT_EQ(d.rule, Rule::kValueAtRisk);
  EXPECT_GT(d.size, 0);
  EXPECT_LT(d.size, sz(0.5));
}

TEST(Kpis, SpreadCaptureAndInventoryEfficiencyFollowTheBacktestDefinitions) {
  KpiTracker k(1, 60);
  k.on_fill(0, true, 99.0, 1.0, 0.0, 100.0);   // bought 1 below the mid: 1 USD captured
  k.on_fill(0, false, 101.0, 1.0, 0.0, 100.0); // sold 1 above: 1 more
  k.sample(0, {0.0}, {100.0});
  const Kpis a = k.asset(0);
  EXPECT_DOUBLE_EQ(a.spread_captured_usd, 2.0);
  EXPECT_DOUBLE_EQ(a.pnl_usd, 2.0);
  EXPECT_DOUBLE_EQ(a.spread_capture_efficiency, 1.0);
  KpiTracker held(1, 60);
  held.on_fill(0, true, 99.0, 2.0, 0.0, 100.0);
  held.sample(0, {2.0}, {100.0});
  held.sample(60, {2.0}, {100.0});
  EXPECT_DOUBLE_EQ(held.asset(0).inventory_rms, 2.0);
  EXPECT_DOUBLE_EQ(held.asset(0).inventory_efficiency_ratio, 2.0 / 200.0);
}

TEST(RiskLimits, ValidationNamesTheBadKey) {
  RiskLimits l;
  EXPECT_TRUE(validate(l).empty());
  l.daily_reset_utc_hour = 24;
  EXPECT_NE(validate(l).find("daily_reset_utc_hour"), std::string::npos);
  VolAction a;
  EXPECT_FALSE(parse_vol_action("sideways", a));
}

}  // namespace
}  // namespace hlmm::risk
