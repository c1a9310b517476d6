// The event-level execution model: the venue (sim/exchange in simulated time with latencies) on
// scripted actions — queue position, Hyperliquid's in-block sequencing, post-only rejects, fee
// and rebate accounting to the unit, latency in the timestamps — then whole runs of the live
// objects (pipeline + order manager) against the synthetic crowd: determinism, accounting, and sw
// vs verilator giving the same fills.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/event_engine.hpp"
#include "backtest/policies.hpp"
#include "engine/backends.hpp"
#include "run_checks.hpp"
#include "scripted_actions.hpp"

namespace hlmm::backtest {
namespace {

using exchange::Money;
using testing::cancel;
using testing::cloid;
using testing::kBlock;
using testing::order;
using testing::px;
using testing::sz;

hl::Address account(std::uint8_t tag) {
  hl::Address a;
  a.bytes.fill(0xe0);
  a.bytes[19] = tag;
  return a;
}

// The venue with scripted other accounts (submitted straight to the exchange with their arrival
// times) and a driver that runs the blocks and keeps everything we were shown.
struct Scripted {
  explicit Scripted(EventLatency latency = {0, 0}, exchange::FeeRates fees = {}) : venue(config(latency, fees)) {
    for (std::uint8_t t = 1; t <= 3; ++t) venue.exchange().deposit(account(t), Money{1'000'000'000} * kPriceScale);
  }
  static EventVenueConfig config(EventLatency latency, exchange::FeeRates fees) {
    EventVenueConfig c;
    c.latency = latency;
    c.fees = fees;
    return c;
  }
  void other(std::uint8_t who, hl::L1Action action, std::uint64_t arrival_ms) {
    venue.exchange().submit(next_id++, account(who), std::move(action), arrival_ms);
  }
  void run_until(std::uint64_t end_ms) {
    std::vector<FeedDelivery> visible;
    for (; block <= end_ms; block += kBlock) {
      venue.crowd_until(block);
      venue.take_visible(block, visible);
      for (auto& d : visible) seen.push_back(std::move(d));
      venue.execute(block);
    }
  }
  std::vector<hl::UserFill> our_fills() const {
    std::vector<hl::UserFill> out;
    for (const auto& d : seen) out.insert(out.end(), d.fills.begin(), d.fills.end());
    return out;
  }
  Money our_cash() const { return venue.exchange().cash(EventVenue::us()) - venue.config().deposit; }

  EventVenue venue;
  std::uint64_t block = kBlock;
  std::uint64_t next_id = 1'000'000;
  std::vector<FeedDelivery> seen;
};

// Crowd maker 1 rests 2 ETH at 3000 before us; we join the back of the level with 1 ETH. A taker
// selling 1.5 leaves us untouched; the next taker's 1.0 takes the crowd's last 0.5, then 0.5 of ours.
TEST(EventQueue, WeFillOnlyAfterTheQueueAheadIsConsumed) {
  Scripted s;
  s.other(1, order(true, 3000.0, 2.0, hl::Tif::kGtc), 100);
  s.venue.send(1, order(true, 3000.0, 1.0, hl::Tif::kAlo), 300);
  s.other(2, order(false, 3000.0, 1.5, hl::Tif::kIoc), 500);
  s.run_until(1'200);
  EXPECT_TRUE(s.our_fills().empty()) << "the taker consumed only the queue ahead of us";
  ASSERT_EQ(s.venue.exchange().book(0).levels(true, 1).size(), 1u);
  EXPECT_EQ(s.venue.exchange().book(0).levels(true, 1)[0].size, sz(1.5));

  s.other(2, order(false, 3000.0, 1.0, hl::Tif::kIoc), 1'300);
  s.run_until(2'500);
  const auto fills = s.our_fills();
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].size, sz(0.5));
  EXPECT_EQ(fills[0].price, px(3000.0));
  EXPECT_TRUE(fills[0].is_buy);
  EXPECT_FALSE(fills[0].crossed) << "we were the maker";
  EXPECT_EQ(s.venue.exchange().position(EventVenue::us(), 0), sz(0.5));
}

// Cancels ahead of us shrink the queue: two crowd orders of 1 ETH ahead, one cancels, and a 1.5 ETH
// taker now reaches 0.5 of ours. A cancel behind us would not have helped (checked by the control).
TEST(EventQueue, CancelsAheadOfUsShrinkTheQueueCancelsBehindDoNot) {
  for (const bool cancel_ahead : {true, false}) {
    Scripted s;
    s.other(1, order(false, 3000.0, 1.0, hl::Tif::kGtc, cloid(1)), 100);
    s.other(1, order(false, 3000.0, 1.0, hl::Tif::kGtc, cloid(2)), 300);
    s.venue.send(1, order(false, 3000.0, 1.0, hl::Tif::kAlo), 500);
    s.other(1, order(false, 3000.0, 1.0, hl::Tif::kGtc, cloid(3)), 700);  // behind us
    s.other(1, cancel(cancel_ahead ? cloid(1) : cloid(3)), 900);
    s.other(2, order(true, 3000.0, 1.5, hl::Tif::kIoc), 1'100);
    s.run_until(2'000);
    const auto fills = s.our_fills();
    if (cancel_ahead) {
      ASSERT_EQ(fills.size(), 1u);
      EXPECT_EQ(fills[0].size, sz(0.5));
    } else {
      EXPECT_TRUE(fills.empty());
    }
  }
}

// protocol.md §10: within a block cancels run before GTC/IOC senders. Our cancel sent so that it
// arrives with a taker's IOC in the same block wins: the IOC finds nothing. One block later, the
// IOC fills us.
TEST(EventSequencing, OurCancelInTheSameBlockAsATakersIocWins) {
  for (const bool same_block : {true, false}) {
    Scripted s(EventLatency{0, 30});
    const hl::Cloid ours = cloid(9);
    s.venue.send(1, order(false, 3000.0, 1.0, hl::Tif::kAlo, ours), 100);
    s.run_until(2 * kBlock);
    ASSERT_EQ(s.venue.exchange().open_orders(EventVenue::us()).size(), 1u);
    // The taker's IOC arrives at 600 (block 760). Our cancel is sent at 570 + 30 = 600 (same
    // block) or at 740 + 30 = 770 (block 950).
    s.other(2, order(true, 3000.0, 1.0, hl::Tif::kIoc), 600);
    s.venue.send(2, cancel(ours), same_block ? 570 : 740);
    s.run_until(2'000);
    if (same_block) {
      EXPECT_TRUE(s.our_fills().empty()) << "the cancel ran first in the block";
      EXPECT_EQ(s.venue.counters().trades, 0u);
    } else {
      ASSERT_EQ(s.our_fills().size(), 1u);
      EXPECT_EQ(s.our_fills()[0].size, sz(1.0));
    }
    EXPECT_TRUE(s.venue.exchange().open_orders(EventVenue::us()).empty());
  }
}

// An ALO sent with a taker's IOC also runs first: the IOC that arrives in the same block trades
// with the order we only just placed.
TEST(EventSequencing, OurAloInTheSameBlockAsATakersIocRestsFirstAndIsHit) {
  Scripted s;
  s.other(2, order(true, 3000.0, 1.0, hl::Tif::kIoc), 300);  // submitted first, same block
  s.venue.send(1, order(false, 3000.0, 1.0, hl::Tif::kAlo), 300);
  s.run_until(1'000);
  ASSERT_EQ(s.our_fills().size(), 1u);
  EXPECT_FALSE(s.our_fills()[0].crossed);
}

TEST(EventVenueRules, PostOnlyOrderThatWouldCrossIsRejected) {
  Scripted s;
  s.other(1, order(false, 3000.0, 1.0, hl::Tif::kGtc), 100);
  s.venue.send(7, order(true, 3000.0, 1.0, hl::Tif::kAlo), 300);
  s.run_until(1'000);
  EXPECT_EQ(s.venue.counters().alo_rejects, 1u);
  bool answered = false;
  for (const auto& d : s.seen) {
    for (const auto& r : d.results) {
      if (r.request_id != 7) continue;
      answered = true;
      ASSERT_EQ(r.response.statuses.size(), 1u);
      EXPECT_EQ(r.response.statuses[0].kind, hl::OrderStatusKind::kError);
      EXPECT_EQ(r.response.statuses[0].error.rfind("Post only order would have immediately matched, bbo was ", 0), 0u)
          << r.response.statuses[0].error;
    }
  }
  EXPECT_TRUE(answered);
  EXPECT_TRUE(s.our_fills().empty());
  EXPECT_EQ(s.venue.exchange().position(EventVenue::us(), 0), 0);
}

// Maker rebate and taker fee, to the 1e-8 USD unit: we sell 1.2345 ETH as maker at 3001.5 with a
// 0.002 % rebate, then buy 0.5 ETH as taker at 2999.9 with the 0.045 % taker fee.
TEST(EventVenueRules, FeesAndRebatesAreExact) {
  Scripted s(EventLatency{0, 0}, exchange::FeeRates{450, -20});
  s.venue.send(1, order(false, 3001.5, 1.2345, hl::Tif::kAlo), 100);
  s.other(2, order(true, 3001.5, 1.2345, hl::Tif::kIoc), 300);
  s.other(1, order(false, 2999.9, 3.0, hl::Tif::kGtc), 500);
  s.venue.send(2, order(true, 2999.9, 0.5, hl::Tif::kIoc), 700);
  s.run_until(1'500);
  const auto fills = s.our_fills();
  ASSERT_EQ(fills.size(), 2u);
  const Money sold = exchange::notional(px(3001.5), sz(1.2345));
  const Money bought = exchange::notional(px(2999.9), sz(0.5));
  const Money rebate = exchange::fee_of(sold, -20);
  const Money taker_fee = exchange::fee_of(bought, 450);
  EXPECT_EQ(sold, 370'535'175'000);  // 3705.35175 USD
  EXPECT_LT(rebate, 0);
  EXPECT_EQ(fills[0].fee, rebate);
  EXPECT_FALSE(fills[0].crossed);
  EXPECT_EQ(fills[1].fee, taker_fee);
  EXPECT_TRUE(fills[1].crossed);
  EXPECT_EQ(s.our_cash(), sold - rebate - bought - taker_fee);
}

// Latency is visible in the times: sent at 1100 with 50 ms order latency, the order arrives at
// 1150 and joins block 1330 (not 1140); its answer is committed one block later (1520) and seen
// 40 ms after that.
TEST(EventLatencyTest, OrderAndFeedLatencyShowInBlockAndVisibleTimes) {
  for (const std::uint64_t order_ms : {0ull, 50ull}) {
    Scripted s(EventLatency{40, order_ms});
    s.venue.send(3, order(true, 2900.0, 1.0, hl::Tif::kAlo), 1'100);
    s.run_until(3'000);
    const FeedDelivery* answer = nullptr;
    for (const auto& d : s.seen) {
      for (const auto& r : d.results) answer = r.request_id == 3 ? &d : answer;
    }
    ASSERT_NE(answer, nullptr);
    const std::uint64_t block = order_ms == 0 ? 1'140 : 1'330;
    EXPECT_EQ(answer->block_ms, block);
    EXPECT_EQ(answer->visible_ms, block + kBlock + 40);
  }
}

// ---- whole runs: the live objects against the synthetic crowd --------------------------------

using testing::TracedRun;

TracedRun run_event(const char* coin, const char* policy_name, std::uint64_t seed, int minutes, const char* backend = "sw",
                   EventLatency latency = {}) {
  const auto a = *policy::find_preset(coin);
  const int szd = *sz_decimals_for(coin);
  auto spec = build_policy(policy_name, a, szd);
  EXPECT_TRUE(spec.ok());
  const MarketPath path = generate_market(market_spec_for(a), seed, minutes);
  EventRunConfig cfg;
  cfg.venue.coin = a.name;
  cfg.venue.sz_decimals = static_cast<std::uint8_t>(szd);
  cfg.venue.latency = latency;
  cfg.trader.position_limit = sz(spec.value().limit);
  cfg.A = a.A;
  cfg.k = a.k;
  cfg.lot = a.lot;
  cfg.vol_annual = market_spec_for(a).vol_annual;
  cfg.seed = seed;
  auto pipe = engine::make_pipeline(backend);
  TracedRun out;
  out.trace.keep_minutes = true;
  out.result = run_event_engine(path, *pipe, spec.value().table, cfg, &out.trace);
  return out;
}

TEST(EventEngine, SameSeedSameResultDifferentSeedDifferentResult) {
  const auto a = run_event("eth", "hjb_fd", 5, 60);
  const auto b = run_event("eth", "hjb_fd", 5, 60);
  const auto c = run_event("eth", "hjb_fd", 6, 60);
  ASSERT_TRUE(a.result.completed);
  EXPECT_GT(a.result.fills, 5u);
  EXPECT_GT(a.result.events, 5'000u);
  testing::expect_same_run(a, b);
  EXPECT_NE(a.result.final_cash, c.result.final_cash);
}

// Every quote is post-only, so we never take; the final cash is rebuilt to the unit from the
// fills (notional truncated at 1e-8 USD, the tier-0 maker fee on each) and the funding payments;
// the position is the sum of the fills; the minute arrays cover the run.
TEST(EventEngine, CashIsRebuiltFromFillsFeesAndFundingToTheUnit) {
  const auto run = run_event("eth", "pure_as", 11, 180);
  const RunResult& r = run.result;
  ASSERT_TRUE(r.completed);
  EXPECT_EQ(r.taker_fills, 0u);
  EXPECT_GT(r.fills, 10u);
  ASSERT_EQ(run.trace.equity.size(), 180u);
  ASSERT_EQ(run.trace.position.size(), 180u);
  testing::expect_cash_rebuilt(run, 150);
}

TEST(EventEngine, SwAndVerilatorBackendsGiveIdenticalFills) {
  if (!testing::verilator_usable()) GTEST_SKIP() << "the verilator backend is not in this build";
  const auto sw = run_event("eth", "hjb_fd", 9, 30, "sw");
  const auto rtl = run_event("eth", "hjb_fd", 9, 30, "verilator");
  EXPECT_GT(sw.trace.fills.size(), 3u);
  testing::expect_same_fills(sw, rtl);
  EXPECT_EQ(sw.result.records, rtl.result.records);
}

}  // namespace
}  // namespace hlmm::backtest
