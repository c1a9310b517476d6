// The L2 replay's venue on scripted streams: the queue model (prints ahead, cancels pro rata, adds
// behind, prints through, crowd orders crossing a stale quote), Hyperliquid's in-block order for
// our actions against the crowd's prints, post-only rejects, latency in the times, fees and funding
// to the unit, and the feed's snapshots (our size included, pushed at most every push interval).
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/l2_replay.hpp"
#include "backtest/l2_synthetic.hpp"
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

// ETH (szDecimals 4): prices in 0.01 USD, sizes in 0.0001 ETH.
constexpr L2Grid kGrid{1'000'000, 10'000};

std::int32_t upx(double usd) { return static_cast<std::int32_t>(px(usd) / kGrid.price_unit); }
std::int32_t usz(double coins) { return static_cast<std::int32_t>(sz(coins) / kGrid.size_unit); }

// The venue driven block by block over a scripted crowd stream (times in ms from 0), keeping
// everything it showed us. Our actions run at a block's start, before the crowd's events of that
// block: an order meant to see the book of t = 10 is sent to arrive in a later block.
struct Scripted {
  explicit Scripted(EventLatency latency = {0, 0}, exchange::FeeRates fees = {}) : venue(config(latency, fees), kGrid) {}
  static L2ReplayConfig config(EventLatency latency, exchange::FeeRates fees) {
    L2ReplayConfig c;
    c.latency = latency;
    c.fees = fees;
    return c;
  }
  void level(std::uint64_t t, Side side, double price, double size) {
    script.push_back(L2Event{static_cast<std::uint32_t>(t), L2Kind::kLevel, side, 0, upx(price), usz(size)});
  }
  void print(std::uint64_t t, Side aggressor, double price, double size) {
    script.push_back(L2Event{static_cast<std::uint32_t>(t), L2Kind::kTrade, aggressor, 0, upx(price), usz(size)});
  }
  void run_until(std::uint64_t end_ms) {
    std::vector<FeedDelivery> visible;
    for (; block <= end_ms; block += kBlock) {
      venue.take_visible(block, visible);
      for (auto& d : visible) seen.push_back(std::move(d));
      venue.open_block(block);
      while (next < script.size() && script[next].t_ms <= block) venue.apply(script[next++]);
      venue.close_block();
      for (const auto& f : venue.new_fills()) fills.push_back(f);
      venue.new_fills().clear();
    }
  }
  const hl::OrderStatus* answer(std::uint64_t request_id) const {
    for (const auto& d : seen) {
      for (const auto& r : d.results) {
        if (r.request_id == request_id && !r.response.statuses.empty()) return &r.response.statuses[0];
      }
    }
    return nullptr;
  }
  // A book two-sided around 3000: 2999.9 bid, 3000.0 ask, 5 ETH each.
  void two_sided(std::uint64_t t) {
    level(t, Side::kBid, 2999.9, 5.0);
    level(t, Side::kAsk, 3000.0, 5.0);
  }
  // Our ask of 1 at 3000 rests behind the crowd's, and a buyer prints above it by t = 800.
  void rest_an_ask_and_print_through_it() {
    two_sided(10);
    venue.send(1, order(false, 3000.0, 1.0, hl::Tif::kAlo), 250);
    print(450, Side::kBid, 3000.1, 0.1);
    run_until(800);
  }

  L2Venue venue;
  std::vector<L2Event> script;
  std::size_t next = 0;
  std::uint64_t block = kBlock;
  std::vector<FeedDelivery> seen;
  std::vector<L2Venue::OurFill> fills;
};

// The book's binary search against a map, over random sets and removals on both sides.
TEST(L2BookTest, AgreesWithAMapUnderRandomUpdates) {
  L2Book book(256);
  std::map<std::int32_t, std::int32_t, std::greater<>> bids;
  std::map<std::int32_t, std::int32_t> asks;
  std::mt19937 rng(3);
  for (int n = 0; n < 200'000; ++n) {
    const bool bid = (rng() & 1) != 0;
    // The market drifts across several windows (width 256 here), so the window moves and grows.
    const std::int32_t drift = n / 200;
    const auto px = drift + static_cast<std::int32_t>(rng() % 64) + (bid ? 0 : 64);
    const auto size = static_cast<std::int32_t>(rng() % 3 == 0 ? 0 : rng() % 1000 + 1);
    std::int32_t before = 0;
    if (bid) {
      before = bids.count(px) ? bids[px] : 0;
      if (size > 0) bids[px] = size; else bids.erase(px);
    } else {
      before = asks.count(px) ? asks[px] : 0;
      if (size > 0) asks[px] = size; else asks.erase(px);
    }
    ASSERT_EQ(book.set(bid ? Side::kBid : Side::kAsk, px, size), before) << n;
    if (n % 997 == 0) {
      std::vector<L2Book::Level> top;
      book.top(Side::kBid, 1'000, top);
      ASSERT_EQ(top.size(), bids.size());
      ASSERT_EQ(book.levels(Side::kBid), static_cast<std::int64_t>(bids.size()));
      std::size_t i = 0;
      for (const auto& [p, q] : bids) {
        ASSERT_EQ(top[i].px, p);
        ASSERT_EQ(top[i++].sz, q);
      }
      if (!bids.empty()) {
        ASSERT_EQ(book.best(Side::kBid), bids.begin()->first);
      }
      book.top(Side::kAsk, 1'000, top);
      ASSERT_EQ(top.size(), asks.size());
      i = 0;
      for (const auto& [p, q] : asks) {
        ASSERT_EQ(top[i].px, p);
        ASSERT_EQ(top[i++].sz, q);
      }
      if (!asks.empty()) {
        ASSERT_EQ(book.best(Side::kAsk), asks.begin()->first);
      }
    }
  }
}

// 5 ETH of the crowd rest at 3000.0 before our 1 ETH ask. A 4 ETH print leaves us untouched and
// the level update that follows it (5 -> 1) is the print, not a cancel: 1 ETH is still ahead. The
// next 1.5 ETH print takes that 1 and 0.5 of ours.
TEST(L2Queue, WeFillOnlyAfterTheQueueAheadIsConsumed) {
  Scripted s;
  s.two_sided(10);
  s.venue.send(1, order(false, 3000.0, 1.0, hl::Tif::kAlo), 250);  // block 380, after the book's
  s.print(400, Side::kBid, 3000.0, 4.0);
  s.level(400, Side::kAsk, 3000.0, 1.0);
  s.run_until(600);
  ASSERT_EQ(s.venue.resting().size(), 1u);
  EXPECT_EQ(s.venue.resting()[0].ahead, usz(1.0));
  EXPECT_TRUE(s.fills.empty());

  s.print(700, Side::kBid, 3000.0, 1.5);
  s.level(700, Side::kAsk, 3000.0, 0.0);
  s.run_until(1'000);
  ASSERT_EQ(s.fills.size(), 1u);
  EXPECT_EQ(s.fills[0].size, sz(0.5));
  EXPECT_EQ(s.fills[0].price, px(3000.0));
  EXPECT_EQ(s.fills[0].side, Side::kAsk);
  EXPECT_EQ(s.venue.position(), -sz(0.5));
  ASSERT_EQ(s.venue.resting().size(), 1u);
  EXPECT_EQ(s.venue.resting()[0].left, usz(0.5));
}

// Adds join behind us; a cancel is spread pro rata over the level: with 5 ETH ahead of us in a
// 10 ETH level, 4 ETH cancelled take 2 from ahead of us. Control: without the cancel, a 4 ETH
// print does not reach us; after it, a 4 ETH print takes 3 ahead and 1 of ours.
TEST(L2Queue, CancelsShrinkTheQueueProRataAddsJoinBehind) {
  for (const bool cancelled : {true, false}) {
    Scripted s;
    s.two_sided(10);
    s.venue.send(1, order(false, 3000.0, 2.0, hl::Tif::kAlo), 250);
    s.level(450, Side::kAsk, 3000.0, 10.0);  // 5 ETH more, behind us
    if (cancelled) s.level(650, Side::kAsk, 3000.0, 6.0);
    s.run_until(800);
    ASSERT_EQ(s.venue.resting().size(), 1u);
    EXPECT_EQ(s.venue.resting()[0].ahead, usz(cancelled ? 3.0 : 5.0));
    s.print(900, Side::kBid, 3000.0, 4.0);
    s.run_until(1'200);
    if (cancelled) {
      ASSERT_EQ(s.fills.size(), 1u);
      EXPECT_EQ(s.fills[0].size, sz(1.0));
    } else {
      EXPECT_TRUE(s.fills.empty());
    }
  }
}

// A buyer printing above our ask swept our level: we fill whole, whatever was ahead.
TEST(L2Queue, APrintThroughOurPriceFillsUsWhole) {
  Scripted s;
  s.rest_an_ask_and_print_through_it();
  ASSERT_EQ(s.fills.size(), 1u);
  EXPECT_EQ(s.fills[0].size, sz(1.0));
  EXPECT_EQ(s.fills[0].price, px(3000.0));
  EXPECT_TRUE(s.venue.resting().empty());
  // The order's end is reported as the exchange does: a "filled" update.
  bool filled_update = false;
  for (const auto& d : s.seen) {
    for (const auto& u : d.order_updates) filled_update = filled_update || u.status == "filled";
  }
  s.run_until(1'200);
  for (const auto& d : s.seen) {
    for (const auto& u : d.order_updates) filled_update = filled_update || u.status == "filled";
  }
  EXPECT_TRUE(filled_update);
}

// Short 1, two reduce-only bids of 1 rest: a seller printing through both fills the first and
// cancels the second, which would have opened a long (the exchange core's rule, exchange_test).
TEST(L2Queue, AReduceOnlyOrderFillsOnlyDownToAFlatPosition) {
  Scripted s;
  s.rest_an_ask_and_print_through_it();
  ASSERT_EQ(s.venue.position(), -sz(1.0));
  for (const std::uint64_t id : {2, 3}) {
    hl::OrderAction a = order(true, 2999.0, 1.0, hl::Tif::kAlo);
    a.orders.at(0).reduce_only = true;
    s.venue.send(id, a, 850);
  }
  s.run_until(1'200);
  ASSERT_EQ(s.venue.resting().size(), 2u);
  s.print(1'300, Side::kAsk, 2998.9, 0.1);
  s.run_until(1'700);
  ASSERT_EQ(s.fills.size(), 2u);
  EXPECT_EQ(s.fills[1].size, sz(1.0));
  EXPECT_EQ(s.fills[1].side, Side::kBid);
  EXPECT_EQ(s.venue.position(), 0);
  EXPECT_TRUE(s.venue.resting().empty());
  std::size_t canceled = 0;
  for (const auto& d : s.seen) {
    for (const auto& u : d.order_updates) canceled += u.status == "reduceOnlyCanceled" && u.size == sz(1.0);
  }
  EXPECT_EQ(canceled, 1u);
}

// The crowd's book moves through our stale bid: a crowd ask appearing at or below our bid trades
// with it first, up to the size that appeared.
TEST(L2Queue, ACrowdOrderCrossingOurStaleQuotePicksItOff) {
  Scripted s;
  s.two_sided(10);
  s.venue.send(1, order(true, 2999.9, 1.0, hl::Tif::kAlo), 250);
  s.level(450, Side::kBid, 2999.9, 0.0);  // the crowd's bids leave (ours stays)
  s.level(450, Side::kBid, 2999.5, 3.0);
  s.level(450, Side::kAsk, 3000.0, 0.0);
  s.level(450, Side::kAsk, 2999.8, 0.4);  // at or below our 2999.9 bid
  s.run_until(800);
  ASSERT_EQ(s.fills.size(), 1u);
  EXPECT_EQ(s.fills[0].side, Side::kBid);
  EXPECT_EQ(s.fills[0].price, px(2999.9));
  EXPECT_EQ(s.fills[0].size, sz(0.4));
  EXPECT_EQ(s.venue.position(), sz(0.4));
}

// protocol.md §10: our cancel that lands in the block of a crowd print runs first and wins; one
// block later, the print fills us.
TEST(L2Sequencing, OurCancelInTheSameBlockAsAPrintWins) {
  for (const bool same_block : {true, false}) {
    Scripted s(EventLatency{0, 30});
    s.two_sided(10);
    const hl::Cloid ours = cloid(9);
    s.venue.send(1, order(false, 3000.5, 1.0, hl::Tif::kAlo, ours), 100);  // alone at 3000.5
    s.run_until(2 * kBlock);
    ASSERT_EQ(s.venue.resting().size(), 1u);
    EXPECT_EQ(s.venue.resting()[0].ahead, 0);
    // The print is in block 760. Our cancel arrives at 600 (block 760) or at 770 (block 950).
    s.print(700, Side::kBid, 3000.5, 1.0);
    s.venue.send(2, cancel(ours), same_block ? 570 : 740);
    s.run_until(1'500);
    if (same_block) {
      EXPECT_TRUE(s.fills.empty()) << "the cancel ran first in the block";
    } else {
      ASSERT_EQ(s.fills.size(), 1u);
      EXPECT_EQ(s.fills[0].size, sz(1.0));
    }
    EXPECT_TRUE(s.venue.resting().empty());
  }
}

// Post-only that would cross is refused with the venue's words and bbo; an order that would take
// is refused as unsupported (a replay cannot know the crowd's answer); an IOC that does not cross
// is the venue's IOC cancel.
TEST(L2VenueRules, RefusalsAreTheVenuesAndClear) {
  Scripted s;
  s.two_sided(10);
  s.venue.send(7, order(true, 3000.0, 1.0, hl::Tif::kAlo), 250);
  s.venue.send(8, order(true, 3000.0, 1.0, hl::Tif::kGtc), 250);
  s.venue.send(9, order(true, 2999.0, 1.0, hl::Tif::kIoc), 250);
  s.venue.send(10, order(true, 2999.95, 1.0, hl::Tif::kAlo), 250);  // off the 0.1 tick
  s.venue.send(11, order(true, 1000.0, 0.001, hl::Tif::kAlo), 250);  // $1 < $10
  // 92 233 720.3736 ETH at 2000: its value modulo 2^64 (1e-8 USD) is $10.10.
  hl::OrderAction huge = order(true, 2000.0, 1.0, hl::Tif::kAlo);
  huge.orders.at(0).size = Size{9'223'372'037'360'000};
  s.venue.send(12, huge, 250);
  s.run_until(1'000);
  const hl::OrderStatus* alo = s.answer(7);
  ASSERT_NE(alo, nullptr);
  EXPECT_EQ(alo->kind, hl::OrderStatusKind::kError);
  EXPECT_EQ(alo->error, "Post only order would have immediately matched, bbo was 2999.9@3000. asset=0");
  ASSERT_NE(s.answer(8), nullptr);
  EXPECT_NE(s.answer(8)->error.find("take liquidity"), std::string::npos) << s.answer(8)->error;
  ASSERT_NE(s.answer(9), nullptr);
  EXPECT_EQ(s.answer(9)->error.rfind(exchange::ExchangeErrors::kIocCancel, 0), 0u);
  ASSERT_NE(s.answer(10), nullptr);
  EXPECT_EQ(s.answer(10)->error.rfind(exchange::ExchangeErrors::kTick, 0), 0u);
  ASSERT_NE(s.answer(11), nullptr);
  EXPECT_EQ(s.answer(11)->error.rfind(exchange::ExchangeErrors::kMinNotional, 0), 0u);
  ASSERT_NE(s.answer(12), nullptr);
  EXPECT_EQ(s.answer(12)->error.rfind(exchange::ExchangeErrors::kMaxOrderValue, 0), 0u) << s.answer(12)->error;
  EXPECT_EQ(s.venue.counters().alo_rejects, 1u);
  EXPECT_EQ(s.venue.counters().other_rejects, 5u);
  EXPECT_TRUE(s.venue.resting().empty());
  EXPECT_TRUE(s.fills.empty());
}

// Sent at 1100 with 50 ms order latency, an order arrives at 1150 and joins block 1330 (not 1140);
// its answer is committed one block later and seen feed_ms after that.
TEST(L2Latency, OrderAndFeedLatencyShowInBlockAndVisibleTimes) {
  for (const std::uint64_t order_ms : {0ull, 50ull}) {
    Scripted s(EventLatency{40, order_ms});
    s.two_sided(10);
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
    ASSERT_EQ(answer->results[0].response.statuses.size(), 1u);
    EXPECT_EQ(answer->results[0].response.statuses[0].kind, hl::OrderStatusKind::kResting);
  }
}

// Maker fills at a 0.002 % rebate, to the 1e-8 USD unit, and funding as the exchange settles it.
TEST(L2VenueRules, RebatesAndFundingAreExact) {
  Scripted s(EventLatency{0, 0}, exchange::FeeRates{450, -20});
  s.two_sided(10);
  s.venue.send(1, order(false, 3001.5, 1.2345, hl::Tif::kAlo), 100);
  s.print(300, Side::kBid, 3001.5, 2.0);
  s.run_until(600);
  ASSERT_EQ(s.fills.size(), 1u);
  const Money sold = exchange::notional(px(3001.5), sz(1.2345));
  const Money rebate = exchange::fee_of(sold, -20);
  EXPECT_EQ(sold, 370'535'175'000);
  EXPECT_LT(rebate, 0);
  EXPECT_EQ(s.fills[0].fee, rebate);
  EXPECT_EQ(s.venue.cash(), sold - rebate);
  // Short 1.2345 at a 0.01 %/h rate: we receive 1.2345 * 3000 * 1e-4 = 0.37035 USD.
  const Money paid = s.venue.settle_funding(10'000, px(3000.0));
  EXPECT_EQ(paid, -37'035'000);
  EXPECT_EQ(s.venue.cash(), sold - rebate + 37'035'000);
}

// The feed's book: our resting size is in the levels, a changed book is pushed at most every
// push interval, and an unchanged one again after the heartbeat.
TEST(L2Feed, SnapshotsShowOurSizeAndKeepThePushInterval) {
  Scripted s;
  s.two_sided(10);
  s.venue.send(1, order(false, 3000.0, 1.0, hl::Tif::kAlo), 250);  // block 380, joins the 5 ETH
  s.run_until(3'000);
  std::vector<std::uint64_t> pushes;
  const MarketEvent* first_with_us = nullptr;
  for (const auto& d : s.seen) {
    for (const auto& e : d.market) {
      if (e.kind == EventKind::kBookClear) pushes.push_back(d.block_ms);
      if (e.kind == EventKind::kBookLevel && e.side == Side::kAsk && e.size == sz(6.0) && first_with_us == nullptr) {
        first_with_us = &e;
      }
    }
  }
  ASSERT_GE(pushes.size(), 3u);
  EXPECT_EQ(pushes[0], kBlock) << "the first block pushes the book";
  EXPECT_EQ(pushes[1], 4 * kBlock) << "our order changed the top in block 380; the next push is the first block "
                                      "0.5 s after the last (760)";
  EXPECT_NE(first_with_us, nullptr) << "the ask level shows the crowd's 5 ETH plus our 1";
  for (std::size_t i = 1; i < pushes.size(); ++i) {
    EXPECT_GE(pushes[i] - pushes[i - 1], 500u) << "pushed at most every 0.5 s";
  }
  // Unchanged after the first change: the next pushes are the heartbeat's, 1 s apart or more.
  EXPECT_GE(pushes.back() - pushes[pushes.size() - 2], 1'000u);
}

// ---- whole runs: the live objects against the synthetic L2 stream ---------------------------

using testing::TracedRun;

TracedRun run_l2(const char* coin, const char* policy_name, std::uint64_t seed, int minutes, const char* backend = "sw") {
  const auto a = *policy::find_preset(coin);
  const int szd = *sz_decimals_for(coin);
  auto spec = build_policy(policy_name, a, szd);
  EXPECT_TRUE(spec.ok());
  const MarketPath path = generate_market(market_spec_for(a), seed, minutes);
  SyntheticL2Source source(path, szd, a.A, a.k, a.lot, market_spec_for(a).vol_annual, seed);
  L2ReplayConfig cfg;
  cfg.coin = a.name;
  cfg.sz_decimals = static_cast<std::uint8_t>(szd);
  cfg.trader.position_limit = sz(spec.value().limit);
  cfg.lot = a.lot;
  auto pipe = engine::make_pipeline(backend);
  TracedRun out;
  out.trace.keep_minutes = true;
  out.result = run_l2_replay(path, source, *pipe, spec.value().table, cfg, &out.trace);
  return out;
}

TEST(L2ReplayRun, SameSeedSameResultDifferentSeedDifferentResult) {
  const auto a = run_l2("eth", "hjb_fd", 5, 120);
  const auto b = run_l2("eth", "hjb_fd", 5, 120);
  const auto c = run_l2("eth", "hjb_fd", 6, 120);
  ASSERT_TRUE(a.result.completed);
  EXPECT_GT(a.result.fills, 5u);
  EXPECT_GT(a.result.events, 100'000u);
  testing::expect_same_run(a, b);
  EXPECT_NE(a.result.final_cash, c.result.final_cash);
}

// Every quote is post-only and rests, so every fill is a maker's: the final cash is rebuilt to
// the unit from the fills (notional truncated at 1e-8 USD, the tier-0 maker fee on each) and the
// funding payments; the position is the sum of the fills.
TEST(L2ReplayRun, CashIsRebuiltFromFillsFeesAndFundingToTheUnit) {
  const auto run = run_l2("eth", "pure_as", 11, 180);
  const RunResult& r = run.result;
  ASSERT_TRUE(r.completed);
  EXPECT_EQ(r.taker_fills, 0u);
  EXPECT_GT(r.fills, 10u);
  EXPECT_FALSE(run.trace.funding.empty());
  ASSERT_EQ(run.trace.equity.size(), 180u);
  testing::expect_cash_rebuilt(run, 150);
}

TEST(L2ReplayRun, SwAndVerilatorBackendsGiveIdenticalFills) {
  if (!testing::verilator_usable()) GTEST_SKIP() << "the verilator backend is not in this build";
  const auto sw = run_l2("eth", "hjb_fd", 9, 30, "sw");
  const auto rtl = run_l2("eth", "hjb_fd", 9, 30, "verilator");
  EXPECT_GT(sw.trace.fills.size(), 2u);
  testing::expect_same_fills(sw, rtl);
  EXPECT_EQ(sw.result.records, rtl.result.records);
}

}  // namespace
}  // namespace hlmm::backtest
