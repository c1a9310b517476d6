// The cross-venue arbitrage decision: the net edge after both taker fees and the transfer cost
// against the threshold (at it, just below it, fees that flip it), the direction, and the size
// limited in turn by each venue's depth, the notional cap and the Kelly stake, on the lot grid.
#include <gtest/gtest.h>

#include "strategies/cross_venue_arb.hpp"

namespace hlmm::strategies {
namespace {

constexpr Size kLot = 10'000;  // 0.0001 coin (ETH's szDecimals 4)

Price usd(double p) { return static_cast<Price>(p * kPriceScale); }
Size coins(double c) { return static_cast<Size>(c * kSizeScale); }

VenueTop top(double bid, double bid_size, double ask, double ask_size) {
  return VenueTop{usd(bid), coins(bid_size), usd(ask), coins(ask_size)};
}

// Unbounded except where a test bounds it.
ArbParams loose() {
  ArbParams p;
  p.min_edge_bps = 2.0;
  p.max_notional_usd = 1e9;
  p.capital_usd = 1e9;
  p.edge_variance = 1e-6;
  p.kelly.fraction = 1.0;
  return p;
}

const connectors::FeeSchedule kFreeFees{0, 0};

TEST(CrossVenueArbDecision, NetEdgeExactlyAtTheThresholdTrades) {
  // Buy at 2000 on venue 0, sell at 2001 on venue 1: gross 5 bps; fees 1 + 1.5, transfer 0.5.
  const VenueTop v0 = top(1999, 1, 2000, 1);
  const VenueTop v1 = top(2001, 1, 2002, 1);
  ArbParams p = loose();
  p.transfer_cost_bps = 0.5;
  p.min_edge_bps = 2.0;
  const ArbDecision d = decide_arb(v0, {0.5, 1.0}, v1, {0.5, 1.5}, kLot, p);
  EXPECT_DOUBLE_EQ(d.gross_bps, 5.0);
  EXPECT_DOUBLE_EQ(d.net_bps, 2.0);
  EXPECT_TRUE(d.trade) << d.why_not;
  EXPECT_EQ(d.buy_venue, 0);
  EXPECT_EQ(d.buy_price, usd(2000));
  EXPECT_EQ(d.sell_price, usd(2001));

  p.min_edge_bps = 2.0001;  // a hair above the edge: no trade
  const ArbDecision no = decide_arb(v0, {0.5, 1.0}, v1, {0.5, 1.5}, kLot, p);
  EXPECT_FALSE(no.trade);
  EXPECT_EQ(no.why_not, "net edge below the minimum");
}

TEST(CrossVenueArbDecision, TakerFeesFlipTheDecision) {
  const VenueTop v0 = top(1999, 1, 2000, 1);
  const VenueTop v1 = top(2001.2, 1, 2003, 1);  // gross 6 bps
  ArbParams p = loose();
  p.min_edge_bps = 1.0;
  EXPECT_TRUE(decide_arb(v0, kFreeFees, v1, kFreeFees, kLot, p).trade);
  // Hyperliquid's tier 0 on both sides: 9 bps of fees eat the 6 bps.
  const ArbDecision d = decide_arb(v0, {1.5, 4.5}, v1, {1.5, 4.5}, kLot, p);
  EXPECT_FALSE(d.trade);
  EXPECT_NEAR(d.net_bps, -3.0, 1e-9);
  // Only the taker rates count: both legs take. A maker rebate changes nothing.
  EXPECT_FALSE(decide_arb(v0, {-1.0, 4.5}, v1, {-1.0, 4.5}, kLot, p).trade);
  // And the transfer cost alone can flip it too.
  p.transfer_cost_bps = 5.5;
  EXPECT_FALSE(decide_arb(v0, kFreeFees, v1, kFreeFees, kLot, p).trade);
}

TEST(CrossVenueArbDecision, BuysWhereItIsCheapWhicheverVenueThatIs) {
  const VenueTop dear = top(2010, 1, 2011, 1);
  const VenueTop cheap = top(1999, 1, 2000, 1);
  const ArbDecision d = decide_arb(dear, kFreeFees, cheap, kFreeFees, kLot, loose());
  ASSERT_TRUE(d.trade);
  EXPECT_EQ(d.buy_venue, 1);
  EXPECT_EQ(d.buy_price, usd(2000));
  EXPECT_EQ(d.sell_price, usd(2010));
  EXPECT_FALSE(decide_arb(cheap, kFreeFees, cheap, kFreeFees, kLot, loose()).trade) << "the same book twice";
}

TEST(CrossVenueArbDecision, SizeIsLimitedByTheBuyVenuesDepth) {
  const ArbDecision d = decide_arb(top(1999, 9, 2000, 0.5), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, loose());
  ASSERT_TRUE(d.trade);
  EXPECT_EQ(d.size, coins(0.5));
  EXPECT_EQ(d.bound, SizeBound::kBuyDepth);
}

TEST(CrossVenueArbDecision, SizeIsLimitedByTheSellVenuesDepth) {
  const ArbDecision d = decide_arb(top(1999, 9, 2000, 3), kFreeFees, top(2002, 0.3, 2003, 9), kFreeFees, kLot, loose());
  ASSERT_TRUE(d.trade);
  EXPECT_EQ(d.size, coins(0.3));
  EXPECT_EQ(d.bound, SizeBound::kSellDepth);
}

TEST(CrossVenueArbDecision, SizeIsLimitedByTheMaxNotional) {
  ArbParams p = loose();
  p.max_notional_usd = 1'000;  // 0.5 ETH at 2000
  const ArbDecision d = decide_arb(top(1999, 9, 2000, 3), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, p);
  ASSERT_TRUE(d.trade);
  EXPECT_EQ(d.size, coins(0.5));
  EXPECT_EQ(d.bound, SizeBound::kMaxNotional);
}

TEST(CrossVenueArbDecision, SizeIsLimitedByTheKellyStake) {
  // Gross 10 bps, cost 4 bps: full Kelly (10e-4 - 4e-4) / 1e-6 = 600 x capital; a quarter of it on
  // 2 USD of capital is 300 USD, 0.15 ETH at 2000.
  ArbParams p = loose();
  p.capital_usd = 2;
  p.kelly.fraction = 0.25;
  const ArbDecision d = decide_arb(top(1999, 9, 2000, 3), {0, 2}, top(2002, 3, 2003, 9), {0, 2}, kLot, p);
  ASSERT_TRUE(d.trade) << d.why_not;
  EXPECT_EQ(d.size, coins(0.15));
  EXPECT_EQ(d.bound, SizeBound::kKelly);
  // A smaller edge stakes less: Kelly scales with the net edge over its variance.
  const ArbDecision less = decide_arb(top(1999, 9, 2000, 3), {0, 3}, top(2002, 3, 2003, 9), {0, 3}, kLot, p);
  ASSERT_TRUE(less.trade);
  EXPECT_EQ(less.size, coins(0.1));
}

TEST(CrossVenueArbDecision, SizeIsFlooredToTheLotAndBelowOneLotIsNoTrade) {
  const ArbDecision d =
      decide_arb(top(1999, 9, 2000, 0.12345678), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, loose());
  ASSERT_TRUE(d.trade);
  EXPECT_EQ(d.size, coins(0.1234));
  const ArbDecision tiny =
      decide_arb(top(1999, 9, 2000, 0.00005), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, loose());
  EXPECT_FALSE(tiny.trade);
  EXPECT_EQ(tiny.size, 0);
}

TEST(CrossVenueArbDecision, TheLimitsAllowSlippageOnlyOutOfTheEdgeAboveTheMinimum) {
  // Gross 10 bps, no fees, minimum 2: half of the 8 bps above the minimum would be 4 bps per leg,
  // within the 5 bps cap.
  ArbParams p = loose();
  const ArbDecision d = decide_arb(top(1999, 9, 2000, 3), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, p);
  ASSERT_TRUE(d.trade);
  EXPECT_DOUBLE_EQ(d.slippage_bps, 4.0);
  EXPECT_EQ(d.buy_limit, usd(2000.8));
  EXPECT_EQ(d.sell_limit, usd(2001.1992));
  // At the limits the edge left is about the minimum.
  const double worst_bps = static_cast<double>(d.sell_limit - d.buy_limit) * 1e4 / static_cast<double>(d.buy_limit);
  EXPECT_NEAR(worst_bps, p.min_edge_bps, 0.01);
  // The cap binds on a wide edge, and an edge exactly at the minimum gets no allowance.
  p.max_slippage_bps = 1.5;
  EXPECT_DOUBLE_EQ(decide_arb(top(1999, 9, 2000, 3), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, p).slippage_bps, 1.5);
  p.min_edge_bps = 10.0;
  const ArbDecision at = decide_arb(top(1999, 9, 2000, 3), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, p);
  ASSERT_TRUE(at.trade);
  EXPECT_DOUBLE_EQ(at.slippage_bps, 0.0);
  EXPECT_EQ(at.buy_limit, usd(2000));
  EXPECT_EQ(at.sell_limit, usd(2002));
}

TEST(CrossVenueArbDecision, AnEmptySideIsNoTrade) {
  const ArbDecision d = decide_arb(top(1999, 9, 0, 0), kFreeFees, top(2002, 3, 2003, 9), kFreeFees, kLot, loose());
  EXPECT_FALSE(d.trade);
}

}  // namespace
}  // namespace hlmm::strategies
