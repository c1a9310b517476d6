// The synthetic L2 source (sim/backtest/l2_synthetic): the stream contract of l2_stream.hpp on
// every preset and under stress, determinism, the fair bridge against the path's mids and
// SyntheticCrowd's fair, and the configured churn and taker rates measured from the stream.
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/crowd_flow.hpp"
#include "backtest/l2_synthetic.hpp"
#include "backtest/market.hpp"
#include "exchange/exchange.hpp"
#include "hlmm/arith.hpp"
#include "policy/presets.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint32_t kMinuteMs = 60'000;

policy::AssetPreset preset(const std::string& name) { return *policy::find_preset(name); }

// The preset's market and the arguments study.cpp passes the event model's crowd.
struct Market {
  policy::AssetPreset p;
  MarketSpec spec;
  int sz_decimals = 0;
  MarketPath path;
};

Market market(const std::string& name, std::uint64_t seed, int minutes, double vol_annual = 0.0) {
  Market s{preset(name), {}, 0, {}};
  s.spec = market_spec_for(s.p);
  if (vol_annual > 0.0) s.spec.vol_annual = vol_annual;
  s.sz_decimals = *sz_decimals_for(s.p.name);
  s.path = generate_market(s.spec, seed, minutes);
  return s;
}

SyntheticL2Source source(const Market& s, std::uint64_t seed, SyntheticL2Config cfg = {}, double A = -1.0,
                         double k = -1.0) {
  return SyntheticL2Source(s.path, s.sz_decimals, A < 0 ? s.p.A : A, k < 0 ? s.p.k : k, s.p.lot, s.spec.vol_annual,
                           seed, cfg);
}

std::vector<L2Event> drain(SyntheticL2Source& src) {
  std::vector<L2Event> all, chunk;
  while (src.next(chunk)) all.insert(all.end(), chunk.begin(), chunk.end());
  return all;
}

bool same(const L2Event& a, const L2Event& b) {
  return a.t_ms == b.t_ms && a.kind == b.kind && a.side == b.side && a.px == b.px && a.sz == b.sz;
}

// Every rule of l2_stream.hpp's contract, on the book the stream builds, and what this source adds
// to it: a trade's kLevel events come right after its prints, one per print, each decreasing its
// level by exactly the printed size; a level is zeroed only when it is in the book.
::testing::AssertionResult check_contract(const std::vector<L2Event>& events, const L2Grid& grid, int sz_decimals) {
  std::map<std::int32_t, std::int32_t> book[2];
  struct Print {
    int side;
    std::int32_t px, sz;
  };
  std::vector<Print> pending;
  std::uint32_t last_t = 0;
  bool last_was_level = false;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const L2Event& e = events[i];
    const auto where = [&] { return " at event " + std::to_string(i) + " t_ms " + std::to_string(e.t_ms); };
    if (e.t_ms < last_t) return ::testing::AssertionFailure() << "time goes back" << where();
    if (e.t_ms != last_t && !pending.empty()) return ::testing::AssertionFailure() << "print without its level" << where();
    last_t = e.t_ms;
    if (e.side != Side::kBid && e.side != Side::kAsk) return ::testing::AssertionFailure() << "bad side" << where();
    if (e.px <= 0 || !is_valid_price(static_cast<Price>(e.px) * grid.price_unit, sz_decimals)) {
      return ::testing::AssertionFailure() << "price " << e.px << " off the tick" << where();
    }
    const int s = e.side == Side::kBid ? 0 : 1;
    if (e.kind == L2Kind::kTrade) {
      if (last_was_level && !pending.empty()) return ::testing::AssertionFailure() << "prints interleaved" << where();
      if (e.sz <= 0) return ::testing::AssertionFailure() << "print of size " << e.sz << where();
      const int passive = 1 - s;
      const auto it = book[passive].find(e.px);
      if (it == book[passive].end() || it->second < e.sz) {
        return ::testing::AssertionFailure() << "print larger than the depth it takes" << where();
      }
      pending.push_back(Print{passive, e.px, e.sz});
      last_was_level = false;
      continue;
    }
    if (e.kind != L2Kind::kLevel) return ::testing::AssertionFailure() << "unknown kind" << where();
    if (e.sz < 0) return ::testing::AssertionFailure() << "negative level" << where();
    const auto it = book[s].find(e.px);
    const std::int32_t before = it == book[s].end() ? 0 : it->second;
    if (!pending.empty()) {
      const Print& p = pending.front();
      if (p.side != s || p.px != e.px) return ::testing::AssertionFailure() << "a print's level does not follow it" << where();
      if (before - e.sz != p.sz) {
        return ::testing::AssertionFailure() << "level fell by " << before - e.sz << " for a print of " << p.sz << where();
      }
      pending.erase(pending.begin());
    }
    if (e.sz == 0) {
      if (it == book[s].end()) return ::testing::AssertionFailure() << "zeroes a level not in the book" << where();
      book[s].erase(it);
    } else {
      book[s][e.px] = e.sz;
    }
    if (!book[0].empty() && !book[1].empty() && book[0].rbegin()->first >= book[1].begin()->first) {
      return ::testing::AssertionFailure() << "crossed: bid " << book[0].rbegin()->first << " ask "
                                           << book[1].begin()->first << where();
    }
    last_was_level = true;
  }
  if (!pending.empty()) return ::testing::AssertionFailure() << "the stream ends on a print without its level";
  return ::testing::AssertionSuccess();
}

TEST(L2Synthetic, ContractHoldsOnEveryPreset) {
  for (const char* name : {"eth", "btc", "sol"}) {
    SCOPED_TRACE(name);
    const Market s = market(name, 11, 60);
    SyntheticL2Source src = source(s, 11);
    EXPECT_EQ(src.grid().price_unit, pow10_i64(2 + s.sz_decimals));
    EXPECT_EQ(src.grid().size_unit, pow10_i64(kSizeDecimals - s.sz_decimals));
    std::vector<L2Event> all, chunk;
    std::uint32_t minute = 0;
    while (src.next(chunk)) {
      // One simulated minute per call: every event of the chunk in one minute, minutes in order.
      ASSERT_FALSE(chunk.empty());
      const std::uint32_t m = chunk.front().t_ms / kMinuteMs;
      EXPECT_GE(m, minute);
      EXPECT_EQ(chunk.back().t_ms / kMinuteMs, m);
      minute = m + 1;
      all.insert(all.end(), chunk.begin(), chunk.end());
    }
    EXPECT_FALSE(src.next(chunk));
    EXPECT_TRUE(chunk.empty());
    EXPECT_EQ(minute, 60u);
    EXPECT_EQ(src.events_generated(), all.size());
    EXPECT_TRUE(check_contract(all, src.grid(), s.sz_decimals));
    std::size_t trades = 0;
    for (const L2Event& e : all) trades += e.kind == L2Kind::kTrade ? 1 : 0;
    EXPECT_GT(trades, 0u);
  }
}

// A fair that jumps many ticks a sub-step (the old and new ladders overlap across the spread),
// frequent deep takers, few levels and every tick a level: the book must stay uncrossed.
TEST(L2Synthetic, ContractHoldsUnderStress) {
  const Market s = market("eth", 5, 120, /*vol_annual=*/6.0);
  SyntheticL2Config cfg;
  cfg.levels = 5;
  cfg.spacing_ticks = 1;
  cfg.fair_steps_per_minute = 7;  // does not divide a minute
  cfg.churn_per_s = 40.0;
  SyntheticL2Source src = source(s, 5, cfg, /*A=*/20'000.0, /*k=*/0.3);
  const std::vector<L2Event> all = drain(src);
  EXPECT_TRUE(check_contract(all, src.grid(), s.sz_decimals));
  std::size_t trades = 0;
  for (const L2Event& e : all) trades += e.kind == L2Kind::kTrade ? 1 : 0;
  EXPECT_GT(trades, 10'000u);
}

TEST(L2Synthetic, SameSeedSameStreamOtherSeedDiffers) {
  const Market s = market("eth", 3, 30);
  SyntheticL2Source a = source(s, 3);
  SyntheticL2Source b = source(s, 3);
  SyntheticL2Source c = source(s, 4);  // same path, another crowd
  const std::vector<L2Event> ea = drain(a), eb = drain(b), ec = drain(c);
  ASSERT_EQ(ea.size(), eb.size());
  for (std::size_t i = 0; i < ea.size(); ++i) ASSERT_TRUE(same(ea[i], eb[i])) << "event " << i;
  std::size_t common = 0;
  const std::size_t n = std::min(ea.size(), ec.size());
  while (common < n && same(ea[common], ec[common])) ++common;
  EXPECT_TRUE(ea.size() != ec.size() || common < n);
  // The opening ladder's prices come from the path alone; its sizes already differ.
  EXPECT_LT(common, 40u);
}

// The fair price at every minute boundary is the path's mid exactly; the crowd's book mid there is
// within a tick of it (touch_ticks = 1 on both sides); and the bridge between has the path's
// volatility: the mid-minute deviation from the endpoints' log average has variance s^2 dt / 4.
TEST(L2Synthetic, FairBridgeMeetsPathMids) {
  const int minutes = 2000;
  const Market s = market("eth", 21, minutes);
  SyntheticL2Config cfg;
  cfg.churn_per_s = 0.0;  // the book is then the ladder alone: its mid is the fair's
  SyntheticL2Source src = source(s, 21, cfg, /*A=*/0.0);
  const int min_exp = arith::min_tick_exponent(MarketType::kPerp, s.sz_decimals);
  std::map<std::int32_t, std::int32_t> book[2];
  std::vector<L2Event> chunk;
  double sum_d2 = 0.0;
  int n_d = 0;
  std::uint32_t m = 0;
  while (src.next(chunk)) {
    ASSERT_EQ(chunk.front().t_ms / kMinuteMs, m) << "a minute without events";
    const std::uint32_t t0 = m * kMinuteMs;
    ASSERT_EQ(src.fair_at_ms(t0), s.path.mid[m]) << "minute " << m;
    std::size_t i = 0;
    for (; i < chunk.size() && chunk[i].t_ms == t0; ++i) {
      auto& side = book[chunk[i].side == Side::kBid ? 0 : 1];
      if (chunk[i].sz == 0) side.erase(chunk[i].px); else side[chunk[i].px] = chunk[i].sz;
    }
    ASSERT_FALSE(book[0].empty() || book[1].empty());
    const double unit = static_cast<double>(src.grid().price_unit);
    const double crowd_mid = 0.5 * (book[0].rbegin()->first + book[1].begin()->first) * unit;
    const double tick = static_cast<double>(arith::tick_at(s.path.mid[m], min_exp));
    EXPECT_LE(std::abs(crowd_mid - static_cast<double>(s.path.mid[m])), tick) << "minute " << m;
    for (; i < chunk.size(); ++i) {
      auto& side = book[chunk[i].side == Side::kBid ? 0 : 1];
      if (chunk[i].sz == 0) side.erase(chunk[i].px); else side[chunk[i].px] = chunk[i].sz;
    }
    if (m + 1 < static_cast<std::uint32_t>(minutes)) {
      const double half = std::log(static_cast<double>(src.fair_at_ms(t0 + kMinuteMs / 2)));
      const double ends = 0.5 * (std::log(static_cast<double>(s.path.mid[m])) + std::log(static_cast<double>(s.path.mid[m + 1])));
      sum_d2 += (half - ends) * (half - ends);
      ++n_d;
    }
    ++m;
  }
  EXPECT_EQ(m, static_cast<std::uint32_t>(minutes));
  // Sample variance over ~2000 minutes: relative sd sqrt(2 / n) = 3 %; 15 % is 5 sd.
  const double expected = s.spec.vol_annual * s.spec.vol_annual / (365.0 * 24.0 * 60.0) / 4.0;
  EXPECT_NEAR(sum_d2 / n_d / expected, 1.0, 0.15);
}

// Same seed and sub-step count: the fair is SyntheticCrowd's at every sub-step, bit for bit.
TEST(L2Synthetic, FairIsSyntheticCrowds) {
  const Market s = market("eth", 9, 20);
  SyntheticL2Source src = source(s, 9);
  exchange::Exchange ex;
  const std::uint32_t asset = ex.add_asset(exchange::AssetSpec{"ETH", static_cast<std::uint8_t>(s.sz_decimals), 20});
  CrowdConfig cc;
  cc.fair_steps_per_minute = 60;
  // Its own churn and takers stay on: with every rate 0 its next event time is 1e300, which
  // does not convert to a millisecond count, and it never steps.
  SyntheticCrowd crowd(s.path, asset, s.sz_decimals, s.p.A, s.p.k, s.p.lot, s.spec.vol_annual, 9, cc, ex);
  const std::uint64_t start = s.path.start_ns / 1'000'000;
  std::vector<L2Event> chunk;
  int compared = 0;
  for (std::uint32_t m = 0; src.next(chunk); ++m) {
    for (std::uint32_t j = 0; j < 60; ++j) {
      const std::uint32_t t = m * kMinuteMs + j * 1000;
      crowd.submit_until(start + t, ex);
      ASSERT_EQ(src.fair_at_ms(t), crowd.fair()) << "t_ms " << t;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 20 * 60);
}

// kLevel events away from sub-step and print times are churn: adds raise a level, cancels lower
// one, each at the configured rate per side. Two hours at 25/s per side and kind: 360,000 of each,
// Poisson sd 0.17 %; sub-step milliseconds drop 0.1 % of them. Tolerance 1 %.
TEST(L2Synthetic, ChurnRateMatchesConfig) {
  const int minutes = 120;
  const Market s = market("eth", 31, minutes);
  SyntheticL2Source src = source(s, 31);
  std::map<std::int32_t, std::int32_t> book[2];
  std::vector<L2Event> chunk;
  std::uint64_t ups = 0, downs = 0;
  std::uint32_t trade_ms = UINT32_MAX;
  while (src.next(chunk)) {
    for (const L2Event& e : chunk) {
      auto& side = book[e.side == Side::kBid ? 0 : 1];
      if (e.kind == L2Kind::kTrade) {
        trade_ms = e.t_ms;
        continue;
      }
      const std::int32_t before = side.count(e.px) != 0 ? side[e.px] : 0;
      if (e.t_ms % 1000 != 0 && e.t_ms != trade_ms) (e.sz > before ? ups : downs) += 1;
      if (e.sz == 0) side.erase(e.px); else side[e.px] = e.sz;
    }
  }
  const double expected = 2.0 * 25.0 * minutes * 60.0;
  EXPECT_NEAR(static_cast<double>(ups) / expected, 1.0, 0.01);
  EXPECT_NEAR(static_cast<double>(downs) / expected, 1.0, 0.01);
}

// Takers reach delta from the fair at A e^{-k delta} per side: a taker whose deepest print is at
// least delta from the fair (at the first tick at or beyond it) reached it. A dense ladder
// (every tick a level, 4 USD deep) and no churn, so every tick within reach has depth unless an
// earlier taker in the same sub-step took it (under 1 % of the counts here).
//   - against the exact law on the tick (the first tick beyond delta, fair by fair): within 10 %;
//   - against A e^{-k delta} itself (that tick is up to one tick, 6 %, further): within 15 %.
// 20 hours at A = 300/h: ~6,600 takers beyond 1 USD and ~2,000 beyond 3 USD (Poisson sd 1.2 %, 2.3 %).
TEST(L2Synthetic, TakerReachFollowsStudyLaw) {
  const int minutes = 20 * 60;
  const double A = 300.0;
  const Market s = market("eth", 41, minutes);
  const double k = s.p.k;
  SyntheticL2Config cfg;
  cfg.spacing_ticks = 1;
  cfg.levels = 40;
  cfg.churn_per_s = 0.0;
  SyntheticL2Source src = source(s, 41, cfg, A, k);
  const int min_exp = arith::min_tick_exponent(MarketType::kPerp, s.sz_decimals);
  const double deltas[2] = {1.0, 3.0};
  double seen[2] = {0, 0}, exact[2] = {0, 0};
  // The first tick at least delta from the fair, and its distance in USD.
  const auto threshold = [&](Price fair, double delta, bool buy) {
    const auto d = static_cast<Price>(std::llround(delta * kPriceScale));
    return buy ? arith::round_up_price(fair + d, min_exp) : arith::round_down_price(fair - d, min_exp);
  };
  const auto distance = [&](Price fair, double delta, bool buy) {
    const Price p = threshold(fair, delta, buy);
    return static_cast<double>(buy ? p - fair : fair - p) / kPriceScale;
  };
  std::vector<L2Event> chunk;
  for (std::uint32_t m = 0; src.next(chunk); ++m) {
    // The expected count: the law integrated over the sub-steps' fairs, both sides.
    for (std::uint32_t t = m * kMinuteMs; t < (m + 1) * kMinuteMs; t += 1000) {
      const Price f = src.fair_at_ms(t);
      for (int d = 0; d < 2; ++d) {
        exact[d] += A / 3600.0 * (std::exp(-k * distance(f, deltas[d], true)) + std::exp(-k * distance(f, deltas[d], false)));
      }
    }
    // One taker: the consecutive prints of one aggressor side at one ms.
    for (std::size_t i = 0; i < chunk.size();) {
      if (chunk[i].kind != L2Kind::kTrade) {
        ++i;
        continue;
      }
      const L2Event& first = chunk[i];
      const bool buy = first.side == Side::kBid;
      std::int32_t deepest = first.px;
      for (; i < chunk.size() && chunk[i].kind == L2Kind::kTrade && chunk[i].t_ms == first.t_ms && chunk[i].side == first.side; ++i) {
        deepest = buy ? std::max(deepest, chunk[i].px) : std::min(deepest, chunk[i].px);
      }
      const Price f = src.fair_at_ms(first.t_ms);
      const Price reached = static_cast<Price>(deepest) * src.grid().price_unit;
      for (int d = 0; d < 2; ++d) {
        const Price p = threshold(f, deltas[d], buy);
        if (buy ? reached >= p : reached <= p) seen[d] += 1;
      }
    }
  }
  const double hours = minutes / 60.0;
  for (int d = 0; d < 2; ++d) {
    SCOPED_TRACE(deltas[d]);
    EXPECT_GT(seen[d], 1500.0);
    EXPECT_NEAR(seen[d] / exact[d], 1.0, 0.10);
    EXPECT_NEAR(seen[d] / (2.0 * A * hours * std::exp(-k * deltas[d])), 1.0, 0.15);
  }
}

}  // namespace
}  // namespace hlmm::backtest
