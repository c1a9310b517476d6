// Conformance of every compiled-in Pipeline backend: the rules of the quote and risk stages, bad
// input and resync, written against the interface so each later backend must pass them too.
// Each test would fail if the rule it names were removed from the kernel.
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/backends.hpp"
#include "hlmm/arith.hpp"
#include "market/feed_generator.hpp"

namespace hlmm::engine {
namespace {

constexpr std::uint8_t kEth = 0;
constexpr Price kUsd = kPriceScale;
constexpr Size kCoin = kSizeScale;
constexpr std::uint64_t kT0 = 1'700'000'000'000'000'000ull;
constexpr std::uint64_t kMs = 1'000'000;

// A table over inventory -2..2 coins and funding -1..1 USD/coin/h (3 bins), one time bin, with
// every cell's offsets given by a formula so tests can predict them.
std::unique_ptr<PolicyTable> make_table(std::int32_t bid_base, std::int32_t ask_base, std::int32_t funding_slope = 0) {
  auto t = std::make_unique<PolicyTable>();
  t->q_levels = 5;
  t->f_bins = 3;
  t->t_bins = 1;
  t->q_min = -2 * kCoin;
  t->q_step = kCoin;
  t->q_step_recip_q48 = grid_reciprocal_q48(kCoin);
  t->f_min = -1 * kUsd;
  t->f_step = kUsd;
  t->f_step_recip_q48 = grid_reciprocal_q48(kUsd);
  for (int q = 0; q < 5; ++q) {
    t->size_curve[q] = kCoin / 2;
    for (int f = 0; f < 3; ++f) {
      t->cells[0][q][f] = {bid_base + (q - 2) * 1'000'000 + (f - 1) * funding_slope,
                           ask_base - (q - 2) * 1'000'000 - (f - 1) * funding_slope};
    }
  }
  return t;
}

AssetConfig eth_config() {
  AssetConfig c{};
  c.enabled = 1;
  c.sz_decimals = 4;  // perp: 2 price decimals
  c.market = MarketType::kPerp;
  c.refresh_tolerance_ticks = 1;
  c.position_limit = 2 * kCoin;
  return c;
}

class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    p = make_pipeline(GetParam());
    p->configure(GlobalConfig{});
    p->configure_asset(kEth, eth_config());
    p->load_table(kEth, *make_table(50'000'000, 50'000'000));  // 0.50 USD each side
    p->swap_table(kEth);
  }

  MarketEvent ev(EventKind kind, Side side, Price price, Size size, std::uint8_t flags = 0) {
    return MarketEvent{kind, kEth, side, flags, seq++, price, size, now += kMs};
  }

  // A two-level book: best bid and ask, and one more level a spread further out on each side.
  std::vector<QuoteIntent> snapshot(Price bid, Price ask, Size size = kCoin) {
    const Price spread = ask - bid;
    return push({ev(EventKind::kBookClear, Side::kBoth, 0, 0), ev(EventKind::kBookLevel, Side::kBid, bid, size),
                 ev(EventKind::kBookLevel, Side::kBid, bid - spread, size), ev(EventKind::kBookLevel, Side::kAsk, ask, size),
                 ev(EventKind::kBookLevel, Side::kAsk, ask + spread, size, kFlagEndOfSnapshot)});
  }

  std::vector<QuoteIntent> push(const std::vector<MarketEvent>& events) {
    p->push(events);
    std::vector<QuoteIntent> out;
    p->drain(out);
    return out;
  }
  std::vector<QuoteIntent> push1(const MarketEvent& e) { return push({e}); }

  std::unique_ptr<Pipeline> p;
  std::uint32_t seq = 100;
  std::uint64_t now = kT0;
};

const QuoteIntent* find(const std::vector<QuoteIntent>& v, Side side) {
  for (const auto& q : v) if (q.side == side || q.side == Side::kBoth) return &q;
  return nullptr;
}

TEST_P(Conformance, QuotesBothSidesAroundMidAfterASnapshot) {
  const auto out = snapshot(300 * kUsd, 302 * kUsd);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, IntentKind::kQuote);
  EXPECT_EQ(out[0].side, Side::kBid);
  EXPECT_EQ(out[0].price, 300'50 * kUsd / 100);  // mid 301 - 0.50
  EXPECT_EQ(out[1].price, 301'50 * kUsd / 100);
  EXPECT_EQ(out[0].size, kCoin / 2);
  EXPECT_EQ(out[1].seq, seq - 1);  // the triggering record
  EXPECT_EQ(out[1].ts_ns, now);
}

TEST_P(Conformance, BidsRoundDownAndAsksRoundUpToValidPrices) {
  // Offsets of 0.503 USD on a 2-decimal asset: bid 300.497 -> 300.49, ask 301.503 -> 301.51.
  p->load_table(kEth, *make_table(50'300'000, 50'300'000));
  p->swap_table(kEth);
  const auto out = snapshot(300 * kUsd, 302 * kUsd);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].price, 30049 * kUsd / 100);
  EXPECT_EQ(out[1].price, 30151 * kUsd / 100);
}

TEST_P(Conformance, PricesAreValidFromTenToTheMinusFourToTenToTheSix) {
  // One asset per decade of price; every quote must obey Hyperliquid's price rule.
  for (int decade = -4; decade <= 5; ++decade) {
    auto cfg = eth_config();
    cfg.sz_decimals = decade < 0 ? 0 : 2;  // small prices need the decimals
    cfg.position_limit = 100 * kCoin;
    p->configure_asset(kEth, cfg);
    Price unit = kUsd;
    for (int i = 0; i < -decade; ++i) unit /= 10;
    for (int i = 0; i < decade; ++i) unit *= 10;
    // Offsets of ~0.1% of the price, deliberately not on the tick grid.
    const auto off = static_cast<std::int32_t>(unit / 1000 * 7 / 3 + 1);
    p->load_table(kEth, *make_table(off, off));
    p->swap_table(kEth);
    const Price bid = unit * 123'457 / 100'000, ask = unit * 123'461 / 100'000;
    const auto out = snapshot(bid, ask);
    for (const auto& q : out) {
      ASSERT_EQ(q.kind, IntentKind::kQuote) << "decade " << decade << " reason " << int(q.reason) << " price " << q.price;
      ASSERT_TRUE(is_valid_price(q.price, cfg.sz_decimals)) << q.price << " decade " << decade;
      if (q.side == Side::kBid) {
        ASSERT_LT(q.price, ask);
      } else {
        ASSERT_GT(q.price, bid);
      }
    }
    ASSERT_EQ(out.size(), 2u) << "decade " << decade;
  }
}

TEST_P(Conformance, PostOnlyClampKeepsQuotesOffTheOppositeBest) {
  // Negative offsets ask the bid to sit 1 USD above mid: it is clamped one tick under the ask.
  p->load_table(kEth, *make_table(-100'000'000, -100'000'000));
  p->swap_table(kEth);
  const auto out = snapshot(300 * kUsd, 302 * kUsd);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].price, 302 * kUsd - kUsd / 100);  // largest valid price below 302 (tick 0.01)
  EXPECT_EQ(out[1].price, 300 * kUsd + kUsd / 100);
}

TEST_P(Conformance, FundingInterpolationIsExactAtNodesAndLinearBetween) {
  // Funding slope: +/- 0.20 USD per bin on the bid, mirrored on the ask.
  p->load_table(kEth, *make_table(50'000'000, 50'000'000, 20'000'000));
  p->swap_table(kEth);
  snapshot(300 * kUsd, 302 * kUsd);
  struct Case { Price f; Price bid_off; };
  const Case cases[] = {
      {-1 * kUsd, 30'000'000},   // first node (edge)
      {0, 50'000'000},           // centre node
      {1 * kUsd, 70'000'000},    // last node (edge)
      {kUsd / 2, 60'000'000},    // halfway
      {kUsd / 4, 55'000'000},    // quarter
      {-5 * kUsd, 30'000'000},   // clamped below the grid
      {7 * kUsd, 70'000'000},    // clamped above
  };
  for (const auto& c : cases) {
    const auto out = push1(ev(EventKind::kFunding, Side::kBid, c.f, 0));
    ASSERT_FALSE(out.empty()) << c.f;
    const QuoteIntent* bid = find(out, Side::kBid);
    ASSERT_NE(bid, nullptr) << c.f;
    EXPECT_EQ(bid->price, 301 * kUsd - c.bid_off) << "funding " << c.f;
  }
}

TEST_P(Conformance, InventoryPicksTheNearestLevelAndSkewsQuotes) {
  snapshot(300 * kUsd, 302 * kUsd);
  // Long 1 coin: level q = +1, bid offset +0.01, ask -0.01 (make_table's skew).
  const auto out = push1(ev(EventKind::kFill, Side::kBid, 300 * kUsd, kCoin));
  const QuoteIntent* ask = find(out, Side::kAsk);
  ASSERT_NE(ask, nullptr);
  EXPECT_EQ(ask->price, 301 * kUsd + 49'000'000);
  EXPECT_EQ(p->position(kEth), kCoin);
}

TEST_P(Conformance, HysteresisHoldsSmallMovesAndRefreshesOnTimer) {
  auto cfg = eth_config();
  cfg.refresh_tolerance_ticks = 5;        // 0.05 USD at this price
  cfg.refresh_interval_ns = 100 * kMs;
  p->configure_asset(kEth, cfg);
  snapshot(300 * kUsd, 302 * kUsd);
  // Best bid up 0.02: mid +0.01, below tolerance: nothing.
  EXPECT_TRUE(push1(ev(EventKind::kBookLevel, Side::kBid, 300 * kUsd + kUsd / 50, kCoin)).empty());
  // Up 1.0 more: mid moves 0.6 from the quoted one: requote.
  const auto moved = push1(ev(EventKind::kBookLevel, Side::kBid, 301 * kUsd + kUsd / 5, kCoin));
  EXPECT_EQ(moved.size(), 2u);
  // Unchanged quotes are re-sent once the refresh interval expires.
  now += 200 * kMs;
  const auto refreshed = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  EXPECT_EQ(refreshed.size(), 2u);
  EXPECT_TRUE(push1(ev(EventKind::kTimer, Side::kBid, 0, 0)).empty());
}

TEST_P(Conformance, AFillPausesThatSideForTheCooldown) {
  auto cfg = eth_config();
  cfg.fill_cooldown_ns = 50 * kMs;
  p->configure_asset(kEth, cfg);
  snapshot(300 * kUsd, 302 * kUsd);
  const auto out = push1(ev(EventKind::kFill, Side::kAsk, 302 * kUsd, kCoin / 2));
  const QuoteIntent* ask = find(out, Side::kAsk);
  ASSERT_NE(ask, nullptr);
  EXPECT_EQ(ask->kind, IntentKind::kCancel);
  EXPECT_EQ(ask->reason, Reason::kFillCooldown);
  now += 60 * kMs;
  const auto later = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  const QuoteIntent* again = find(later, Side::kAsk);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->kind, IntentKind::kQuote);
}

TEST_P(Conformance, TableSwapIsAtomic) {
  snapshot(300 * kUsd, 302 * kUsd);
  // Shadow load: quotes still come from the active table, on both sides.
  p->load_table(kEth, *make_table(100'000'000, 100'000'000));
  now += 1;
  auto cfg = eth_config();
  cfg.refresh_interval_ns = 1;
  p->configure_asset(kEth, cfg);
  auto before = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].price, 301 * kUsd - 50'000'000);
  EXPECT_EQ(before[1].price, 301 * kUsd + 50'000'000);
  p->swap_table(kEth);
  auto after = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].price, 301 * kUsd - 100'000'000);
  EXPECT_EQ(after[1].price, 301 * kUsd + 100'000'000);
}

TEST_P(Conformance, KillSwitchesCancelBothSides) {
  snapshot(300 * kUsd, 302 * kUsd);
  p->set_asset_kill(kEth, true);
  auto out = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  ASSERT_EQ(out.size(), 2u);
  for (const auto& q : out) {
    EXPECT_EQ(q.kind, IntentKind::kCancel);
    EXPECT_EQ(q.reason, Reason::kKillAsset);
  }
  p->set_asset_kill(kEth, false);
  EXPECT_EQ(push1(ev(EventKind::kTimer, Side::kBid, 0, 0)).size(), 2u);  // quoting resumes
  p->set_global_kill(true);
  out = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].reason, Reason::kKillGlobal);
  EXPECT_TRUE(push1(ev(EventKind::kTimer, Side::kBid, 0, 0)).empty());  // reported once
}

TEST_P(Conformance, PositionLimitResizesThenDropsTheBreachingSide) {
  auto cfg = eth_config();
  cfg.position_limit = kCoin + kCoin / 4;  // 1.25
  p->configure_asset(kEth, cfg);
  snapshot(300 * kUsd, 302 * kUsd);
  auto out = push1(ev(EventKind::kFill, Side::kBid, 300 * kUsd, kCoin));
  const QuoteIntent* bid = find(out, Side::kBid);
  ASSERT_NE(bid, nullptr);
  EXPECT_EQ(bid->kind, IntentKind::kQuote);
  EXPECT_EQ(bid->size, kCoin / 4);  // room 0.25 < curve 0.5
  out = push1(ev(EventKind::kFill, Side::kBid, 300 * kUsd, kCoin / 4));
  bid = find(out, Side::kBid);
  ASSERT_NE(bid, nullptr);
  EXPECT_EQ(bid->kind, IntentKind::kReject);
  EXPECT_EQ(bid->reason, Reason::kPositionLimit);
}

TEST_P(Conformance, NotionalCapRejects) {
  auto cfg = eth_config();
  cfg.notional_cap = 100 * kUsd;  // 0.5 coin * 300 = 150 > 100
  p->configure_asset(kEth, cfg);
  const auto out = snapshot(300 * kUsd, 302 * kUsd);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].reason, Reason::kNotionalCap);
  EXPECT_EQ(out[1].reason, Reason::kNotionalCap);
}

TEST_P(Conformance, PriceBandRejectsFarQuotes) {
  auto cfg = eth_config();
  cfg.price_band_bps = 1;  // 0.30 USD around 3001: 0.50 offsets are outside
  p->configure_asset(kEth, cfg);
  const auto out = snapshot(300 * kUsd, 302 * kUsd);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].reason, Reason::kPriceBand);
  EXPECT_EQ(out[0].kind, IntentKind::kReject);
}

TEST_P(Conformance, StaleBookCancelsBothSides) {
  auto cfg = eth_config();
  cfg.stale_book_ns = 500 * kMs;
  p->configure_asset(kEth, cfg);
  snapshot(300 * kUsd, 302 * kUsd);
  now += 600 * kMs;
  const auto out = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, IntentKind::kCancel);
  EXPECT_EQ(out[0].reason, Reason::kStaleBook);
  EXPECT_EQ(out[1].reason, Reason::kStaleBook);
}

TEST_P(Conformance, OrderRateTokenBucketLimitsQuotes) {
  GlobalConfig g{};
  g.rate_interval_ns = 1'000 * kMs;      // one order a second
  g.rate_tolerance_ns = 1'000 * kMs;     // burst of two
  p->configure(g);
  const auto out = snapshot(300 * kUsd, 302 * kUsd);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, IntentKind::kQuote);
  EXPECT_EQ(out[1].kind, IntentKind::kQuote);
  // A big move within the same second: both requotes exceed the budget.
  const auto limited = push1(ev(EventKind::kBookLevel, Side::kBid, 301 * kUsd, kCoin));
  ASSERT_FALSE(limited.empty());
  EXPECT_EQ(limited[0].reason, Reason::kRateLimit);
  now += 1'100 * kMs;
  const auto later = push1(ev(EventKind::kTimer, Side::kBid, 0, 0));
  ASSERT_FALSE(later.empty());
  EXPECT_EQ(later[0].kind, IntentKind::kQuote);
}

TEST_P(Conformance, OpenOrderCapRejectsANewSide) {
  GlobalConfig g{};
  g.max_open_orders = 1;
  p->configure(g);
  const auto out = snapshot(300 * kUsd, 302 * kUsd);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, IntentKind::kQuote);
  EXPECT_EQ(out[1].reason, Reason::kOpenOrderCap);
}

TEST_P(Conformance, NoTableNoQuotes) {
  auto q = make_pipeline(GetParam());
  q->configure_asset(kEth, eth_config());
  q->push(std::vector<MarketEvent>{MarketEvent{EventKind::kBookClear, kEth, Side::kBoth, 0, 1, 0, 0, kT0},
                                   MarketEvent{EventKind::kBookLevel, kEth, Side::kBid, 0, 2, 300 * kUsd, kCoin, kT0},
                                   MarketEvent{EventKind::kBookLevel, kEth, Side::kAsk, kFlagEndOfSnapshot, 3, 302 * kUsd, kCoin, kT0}});
  std::vector<QuoteIntent> out;
  q->drain(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].reason, Reason::kNoPolicy);
}

struct BadInput {
  const char* name;
  MarketEvent event;  // asset, seq and ts are filled in by the test
  Reason reason;
};

TEST_P(Conformance, BadInputIsRejectedWithItsReasonAndForcesAResync) {
  const BadInput cases[] = {
      {"crossed", {EventKind::kBookLevel, kEth, Side::kBid, 0, 0, 303 * kUsd, kCoin, 0}, Reason::kCrossedBook},
      {"negative size", {EventKind::kBookLevel, kEth, Side::kBid, 0, 0, 299 * kUsd, -1, 0}, Reason::kBadSize},
      {"zero fill", {EventKind::kFill, kEth, Side::kBid, 0, 0, 299 * kUsd, 0, 0}, Reason::kBadSize},
      {"price out of range", {EventKind::kBookLevel, kEth, Side::kAsk, 0, 0, kMaxPrice + 1, kCoin, 0}, Reason::kPriceOutOfRange},
      {"zero price", {EventKind::kBookLevel, kEth, Side::kAsk, 0, 0, 0, kCoin, 0}, Reason::kPriceOutOfRange},
      {"bad kind", {static_cast<EventKind>(99), kEth, Side::kBid, 0, 0, 0, 0, 0}, Reason::kBadKind},
      {"bad side", {EventKind::kBookLevel, kEth, static_cast<Side>(7), 0, 0, 299 * kUsd, kCoin, 0}, Reason::kBadSide},
      {"zero volatility", {EventKind::kVolatility, kEth, Side::kBid, 0, 0, 0, 0, 0}, Reason::kBadSize},
  };
  for (const auto& c : cases) {
    snapshot(300 * kUsd, 302 * kUsd);
    MarketEvent e = c.event;
    e.seq = seq++;
    e.ts_ns = now += kMs;
    const auto out = push1(e);
    ASSERT_EQ(out.size(), 1u) << c.name;
    EXPECT_EQ(out[0].kind, IntentKind::kReject) << c.name;
    EXPECT_EQ(out[0].side, Side::kBoth) << c.name;  // cancels both live sides
    EXPECT_EQ(out[0].reason, c.reason) << c.name;
    // Resyncing: book records are ignored and nothing is quoted until a fresh snapshot.
    EXPECT_TRUE(push1(ev(EventKind::kBookLevel, Side::kBid, 299 * kUsd, kCoin)).empty()) << c.name;
    EXPECT_TRUE(push1(ev(EventKind::kTimer, Side::kBid, 0, 0)).empty()) << c.name;
    EXPECT_EQ(snapshot(300 * kUsd, 302 * kUsd).size(), 2u) << c.name;
  }
}

TEST_P(Conformance, SequenceGapsForceAResyncButKeepFills) {
  snapshot(300 * kUsd, 302 * kUsd);
  seq += 3;  // three records lost
  const auto out = push1(ev(EventKind::kFill, Side::kAsk, 302 * kUsd, kCoin / 2));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].reason, Reason::kOutOfSequence);
  EXPECT_EQ(p->position(kEth), -kCoin / 2);  // the fill still counts
  EXPECT_EQ(snapshot(300 * kUsd, 302 * kUsd).size(), 2u);
}

TEST_P(Conformance, UnknownAssetSlotsAreRejected) {
  for (std::uint8_t slot : {std::uint8_t{5}, std::uint8_t{kMaxAssets}}) {
    const auto out = push1(MarketEvent{EventKind::kBookLevel, slot, Side::kBid, 0, 1, 300 * kUsd, kCoin, now});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].reason, Reason::kUnknownAsset);
  }
}

TEST_P(Conformance, MalformedTablesAndSlotsAreRefused) {
  auto t = make_table(1, 1);
  t->q_levels = 0;
  EXPECT_THROW(p->load_table(kEth, *t), PipelineError);
  t = make_table(1, 1);
  t->f_step_recip_q48 += 1;
  EXPECT_THROW(p->load_table(kEth, *t), PipelineError);
  EXPECT_THROW(p->configure_asset(kMaxAssets, eth_config()), PipelineError);
  // Origins that would overflow the lookup's int64 difference and index far outside the table.
  for (auto spoil : {+[](PolicyTable& x) { x.f_min = std::numeric_limits<std::int64_t>::min(); },
                     +[](PolicyTable& x) { x.q_min = std::numeric_limits<std::int64_t>::min(); },
                     +[](PolicyTable& x) { x.t0_ns = std::uint64_t{1} << 63; }}) {
    t = make_table(1, 1);
    spoil(*t);
    EXPECT_THROW(p->load_table(kEth, *t), PipelineError);
  }
  AssetConfig unknown_market = eth_config();
  unknown_market.market = static_cast<MarketType>(2);  // would be priced as spot
  EXPECT_THROW(p->configure_asset(kEth, unknown_market), PipelineError);
  auto fresh = make_pipeline(GetParam());
  EXPECT_THROW(fresh->swap_table(kEth), PipelineError);  // nothing loaded
}

TEST_P(Conformance, HourScaleTimeBinsLoadAndAnOverlongAxisIsRefused) {
  auto t = make_table(1, 1);
  t->t_bins = 8;
  t->t_bin_ns = 45ull * 60 * 1'000'000'000;  // 45 minutes: 2.7e12 ns, beyond 2^40
  t->t_bin_recip_q48 = grid_reciprocal_q48(static_cast<std::int64_t>(t->t_bin_ns));
  for (int b = 1; b < 8; ++b) {
    for (int q = 0; q < t->q_levels; ++q) {
      for (int f = 0; f < t->f_bins; ++f) t->cells[b][q][f] = t->cells[0][q][f];
    }
  }
  EXPECT_NO_THROW(p->load_table(kEth, *t));
  t->t_bin_ns = (1ull << 47) / 8 + 1;  // 8 bins spanning more than 2^47 ns
  t->t_bin_recip_q48 = grid_reciprocal_q48(static_cast<std::int64_t>(t->t_bin_ns));
  EXPECT_THROW(p->load_table(kEth, *t), PipelineError);
}

TEST_P(Conformance, CountersAddUp) {
  sim::FeedConfig fc;
  fc.assets = 1;
  sim::FeedGenerator gen(fc);
  auto events = gen.snapshot(kEth);
  for (auto& e : events) e.seq = seq++;
  p->push(events);
  std::vector<MarketEvent> more;
  for (int i = 0; i < 10'000; ++i) gen.next(more);
  for (auto& e : more) e.seq = seq++;
  p->push(more);
  std::vector<QuoteIntent> out;
  p->drain(out);
  const PipelineCounters c = p->counters();
  EXPECT_EQ(c.events, events.size() + more.size());
  EXPECT_EQ(c.intents, out.size());
  EXPECT_EQ(c.quotes + c.cancels + c.rejects, c.intents);
  std::uint64_t by_reason = 0;
  for (auto n : c.by_reason) by_reason += n;
  EXPECT_EQ(by_reason, c.cancels + c.rejects);
  EXPECT_GT(c.quotes, 0u);
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const auto& b : compiled_backends()) if (b.usable) names.push_back(b.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::ValuesIn(backend_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace hlmm::engine
