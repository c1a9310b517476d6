// Perp/outcome parity: the digital's value and delta against tabulated normal values and a finite
// difference, the decided limits, refusals, and the strategy's trade, size and hedge decisions.
#include <cmath>
#include <limits>
#include <stdexcept>

#include <gtest/gtest.h>

#include "strategies/binary_parity.hpp"

namespace hlmm::strategies {
namespace {

// Standard normal values from tables (not from the code under test).
constexpr double kPhiOf1 = 0.8413447460685429;          // Phi(1)
constexpr double kPhiOfMinus1 = 0.15865525393145707;    // Phi(-1)
constexpr double kPhiOfMinusTenth = 0.460172162722971;  // Phi(-0.1)
constexpr double kPhiOfMinusQuarter = 0.4012936743170763;  // Phi(-0.25)
constexpr double kPdfOf1 = 0.24197072451914337;         // phi(1)

// S chosen so that d = 1 with K = 100 and sigma sqrt(tau) = 0.2: ln(S/K) = v + v^2/2 = 0.22.
const double kSpotD1 = 100.0 * std::exp(0.22);
constexpr double kSigma = 0.5, kTau = 0.16;  // sigma sqrt(tau) = 0.2

TEST(BinaryValue, AtTheStrikeIsPhiOfMinusHalfTheTotalVolatility) {
  EXPECT_NEAR(binary_yes_value(100, 100, 0.5, 0.16), kPhiOfMinusTenth, 1e-15);  // v = 0.2
  EXPECT_NEAR(binary_yes_value(34.5, 34.5, 1.0, 0.25), kPhiOfMinusQuarter, 1e-15);  // v = 0.5
  EXPECT_NEAR(binary_no_value(100, 100, 0.5, 0.16), 1 - kPhiOfMinusTenth, 1e-15);
}

TEST(BinaryValue, AtDEqualsOneValueNoAndDeltaMatchTheClosedForm) {
  EXPECT_NEAR(binary_yes_value(kSpotD1, 100, kSigma, kTau), kPhiOf1, 1e-14);
  EXPECT_NEAR(binary_no_value(kSpotD1, 100, kSigma, kTau), kPhiOfMinus1, 1e-14);
  EXPECT_NEAR(binary_delta(kSpotD1, 100, kSigma, kTau), kPdfOf1 / (kSpotD1 * 0.2), 1e-15);
}

TEST(BinaryValue, DeltaIsTheDerivativeOfTheValue) {
  for (double spot : {60.0, 85.0, 99.0, 100.0, 101.0, 120.0, 180.0}) {
    for (double tau : {1.0 / 365, 0.05, 0.5}) {
      const double h = 1e-4 * spot;
      const double fd = (binary_yes_value(spot + h, 100, 0.8, tau) - binary_yes_value(spot - h, 100, 0.8, tau)) / (2 * h);
      const double delta = binary_delta(spot, 100, 0.8, tau);
      EXPECT_NEAR(delta, fd, 1e-6 * std::max(delta, 1e-3)) << "S " << spot << " tau " << tau;
      EXPECT_GE(delta, 0.0);
    }
  }
}

TEST(BinaryValue, YesPlusNoIsOneAndDeepTailsKeepTheirDigits) {
  for (double spot : {1.0, 50.0, 99.9, 100.0, 100.1, 200.0, 1e4}) {
    for (double sigma : {0.0, 0.1, 1.0, 5.0}) {
      for (double tau : {0.0, 1e-6, 0.01, 1.0}) {
        const double yes = binary_yes_value(spot, 100, sigma, tau);
        const double no = binary_no_value(spot, 100, sigma, tau);
        EXPECT_NEAR(yes + no, 1.0, 1e-15) << spot << " " << sigma << " " << tau;
        EXPECT_GE(yes, 0.0);
        EXPECT_LE(yes, 1.0);
      }
    }
  }
  // d = 10: No = Phi(-10) = 7.62e-24, which 1 - Yes would round to 0.
  const double v = 0.1, spot = 100 * std::exp(10 * v + v * v / 2);
  EXPECT_NEAR(binary_no_value(spot, 100, v, 1.0) / 7.619853024160526e-24, 1.0, 1e-9);
}

TEST(BinaryValue, DecidedWhenNoVolatilityOrNoTimeLeft) {
  for (const auto& [sigma, tau] : {std::pair{0.0, 0.1}, std::pair{0.8, 0.0}, std::pair{1.0, 1e-20}}) {
    EXPECT_EQ(binary_yes_value(101, 100, sigma, tau), 1.0);
    EXPECT_EQ(binary_yes_value(99, 100, sigma, tau), 0.0);
    EXPECT_EQ(binary_yes_value(100, 100, sigma, tau), 0.5);  // the formula's limit at the strike
    EXPECT_EQ(binary_no_value(99, 100, sigma, tau), 1.0);
    EXPECT_EQ(binary_delta(100, 100, sigma, tau), 0.0);
    EXPECT_EQ(binary_delta(101, 100, sigma, tau), 0.0);
  }
  // Just above the floor the value approaches the step and the delta at the strike is large but finite.
  const double tau = 4e-18;  // sigma sqrt(tau) = 2e-9
  EXPECT_NEAR(binary_yes_value(100, 100, 1.0, tau), 0.5, 1e-8);
  EXPECT_EQ(binary_yes_value(100.01, 100, 1.0, tau), 1.0);
  const double spike = binary_delta(100, 100, 1.0, tau);
  EXPECT_TRUE(std::isfinite(spike));
  EXPECT_NEAR(spike, 0.3989422804014327 / (100 * 2e-9), 1e-3 * spike);
}

TEST(BinaryValue, ExtremeButValidInputsGiveNoNaN) {
  EXPECT_EQ(binary_yes_value(1e300, 1e-300, 0.5, 1.0), 1.0);
  EXPECT_EQ(binary_delta(1e300, 1e-300, 0.5, 1.0), 0.0);
  EXPECT_EQ(binary_yes_value(100, 100, 1e200, 1.0), 0.0);  // all mass far below K: d -> -inf
  EXPECT_EQ(binary_delta(100, 100, 1e200, 1.0), 0.0);
  EXPECT_EQ(binary_yes_value(1e-300, 1e300, 0.5, 1.0), 0.0);
}

TEST(BinaryValue, RefusesInputsWithoutAMeaning) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(binary_yes_value(0, 100, 0.5, 0.1), std::invalid_argument);
  EXPECT_THROW(binary_yes_value(-1, 100, 0.5, 0.1), std::invalid_argument);
  EXPECT_THROW(binary_yes_value(100, 0, 0.5, 0.1), std::invalid_argument);
  EXPECT_THROW(binary_yes_value(100, 100, -0.1, 0.1), std::invalid_argument);
  EXPECT_THROW(binary_yes_value(100, 100, 0.5, -1e-9), std::invalid_argument);
  EXPECT_THROW(binary_delta(nan, 100, 0.5, 0.1), std::invalid_argument);
  EXPECT_THROW(binary_no_value(100, inf, 0.5, 0.1), std::invalid_argument);
  EXPECT_THROW(binary_yes_value(100, 100, 1e300, 1e300), std::invalid_argument);  // sigma sqrt(tau) overflows
  try {
    binary_yes_value(100, -5, 0.5, 0.1);
    FAIL() << "a negative strike was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("strike K"), std::string::npos) << e.what();
  }
}

// A strategy on the d = 1 market: fair = Phi(1) = 0.8413, delta = phi(1) / (S 0.2) = 0.0097094 coins.
ParityConfig config() {
  ParityConfig c;
  c.min_edge = 0.03125;
  c.capital_usd = 1000;
  c.sizing.fraction = 0.25;
  c.sizing.lot = 1;
  c.hedge_lot = 0.01;
  c.rebalance_threshold = 0.05;
  return c;
}

ParityMarket market(std::optional<double> bid, std::optional<double> ask, double position = 0, double hedge = 0) {
  return ParityMarket{bid, ask, kSpotD1, 100, kSigma, kTau, position, hedge};
}

TEST(ParityStrategy, TradesAtExactlyMinEdgeAndNotJustInside) {
  const ParityStrategy s(config());
  const double fair = binary_yes_value(kSpotD1, 100, kSigma, kTau);
  const double e = config().min_edge;
  const auto at = s.decide(market(std::nullopt, fair - e));
  ASSERT_TRUE(at.outcome);
  EXPECT_TRUE(at.outcome->is_buy);
  EXPECT_FALSE(s.decide(market(std::nullopt, fair - e + 1e-9)).outcome);

  const auto sell_at = s.decide(market(fair + e, std::nullopt));
  ASSERT_TRUE(sell_at.outcome);
  EXPECT_FALSE(sell_at.outcome->is_buy);
  EXPECT_FALSE(s.decide(market(fair + e - 1e-9, std::nullopt)).outcome);

  // Inside the band on both sides: nothing.
  EXPECT_FALSE(s.decide(market(fair - 0.01, fair + 0.01)).outcome);
}

TEST(ParityStrategy, AnEdgeOfExactlyMinEdgeInDecimalsIsNotLostToBinaryRounding) {
  ParityConfig c = config();
  c.min_edge = 0.07;
  const ParityStrategy s(c);
  ParityMarket m = market(std::nullopt, 0.93);
  m.tau_years = 0;  // decided above K: fair is exactly 1, and 1 - 0.93 = 0.06999999999999995 in doubles
  ASSERT_LT(1.0 - 0.93, 0.07);
  const auto d = s.decide(m);
  EXPECT_EQ(d.fair, 1.0);
  ASSERT_TRUE(d.outcome);
  EXPECT_TRUE(d.outcome->is_buy);
  m.yes_ask = 0.931;
  EXPECT_FALSE(s.decide(m).outcome);
}

TEST(ParityStrategy, BuySizeIsFractionalKellyOfTheWantedPosition) {
  const ParityStrategy s(config());
  // Staked share (p - m) / (1 - m) = 0.04134 / 0.2 = 0.20672; a quarter of it of 1000 USD is
  // 51.68 USD, at 0.80 per contract 64.6 -> 64 contracts.
  auto d = s.decide(market(0.70, 0.80));
  ASSERT_TRUE(d.outcome);
  EXPECT_TRUE(d.outcome->is_buy);
  EXPECT_EQ(d.outcome->price, 0.80);
  EXPECT_EQ(d.outcome->quantity, 64.0);
  // Already long 30: buy what is missing; short 10: cover it too; long 64: nothing.
  EXPECT_EQ(s.decide(market(0.70, 0.80, 30)).outcome->quantity, 34.0);
  EXPECT_EQ(s.decide(market(0.70, 0.80, -10)).outcome->quantity, 74.0);
  EXPECT_FALSE(s.decide(market(0.70, 0.80, 64)).outcome);
  EXPECT_FALSE(s.decide(market(0.70, 0.80, 63.5)).outcome);  // half a lot is below the lot
}

TEST(ParityStrategy, SellingYesIsSizedAsBuyingNoOnTheMergedBook) {
  // No at 1 - 0.90 = 0.10 against p = Phi(-1) = 0.15866: staked share 0.05866 / 0.9 = 0.065173, a
  // quarter of it of 1000 USD is 16.29 USD, at 0.10 per No 162.9 -> 162.
  const ParityStrategy s(config());
  auto d = s.decide(market(0.90, 0.95));
  ASSERT_TRUE(d.outcome);
  EXPECT_FALSE(d.outcome->is_buy);
  EXPECT_EQ(d.outcome->price, 0.90);
  EXPECT_NEAR(d.outcome->quantity, 162.0, 1e-9);
  // A 10 USD stake cap: 10 / 0.10 = 100 No, whatever Kelly wants.
  ParityConfig c = config();
  c.sizing.max_stake_usd = 10;
  const ParityStrategy capped(c);
  EXPECT_NEAR(capped.decide(market(0.90, 0.95)).outcome->quantity, 100.0, 1e-9);
  EXPECT_NEAR(capped.decide(market(0.90, 0.95, 200)).outcome->quantity, 300.0, 1e-9);  // also sells the long
  EXPECT_NEAR(capped.decide(market(0.90, 0.95, -40)).outcome->quantity, 60.0, 1e-9);
}

TEST(ParityStrategy, HedgeIsMinusPositionTimesDeltaRoundedToTheLot) {
  const ParityStrategy s(config());
  const double delta = kPdfOf1 / (kSpotD1 * 0.2);  // 0.0097094 coins per contract
  auto d = s.decide(market(std::nullopt, std::nullopt, 100));
  EXPECT_NEAR(d.delta, delta, 1e-15);
  EXPECT_NEAR(d.target_hedge, -100 * delta, 1e-13);
  ASSERT_TRUE(d.hedge);
  EXPECT_FALSE(d.hedge->is_buy);  // long Yes gains with S: short the perp
  EXPECT_NEAR(d.hedge->quantity, 0.97, 1e-12);  // 0.97093 to the 0.01 lot
  EXPECT_EQ(d.hedge->price, kSpotD1);
  // Short Yes: long the perp.
  auto short_yes = s.decide(market(std::nullopt, std::nullopt, -100));
  ASSERT_TRUE(short_yes.hedge);
  EXPECT_TRUE(short_yes.hedge->is_buy);
  EXPECT_NEAR(short_yes.hedge->quantity, 0.97, 1e-12);
}

TEST(ParityStrategy, RebalancesOnlyWhenTheHedgeDriftsBeyondTheThreshold) {
  const ParityStrategy s(config());  // threshold 0.05 coins
  // Hedged at -0.97 against a target of -0.97093: nothing.
  EXPECT_FALSE(s.decide(market(std::nullopt, std::nullopt, 100, -0.97)).hedge);
  // The position grows to 104 (target -1.00977): the gap 0.0398 stays under the threshold.
  EXPECT_FALSE(s.decide(market(std::nullopt, std::nullopt, 104, -0.97)).hedge);
  // At 106 (target -1.02919) the gap 0.0592 exceeds it: sell 0.06 to -1.03.
  auto d = s.decide(market(std::nullopt, std::nullopt, 106, -0.97));
  ASSERT_TRUE(d.hedge);
  EXPECT_FALSE(d.hedge->is_buy);
  EXPECT_NEAR(d.hedge->quantity, 0.06, 1e-12);
  // Back to 102 after that rebalance: gap 0.0396 the other way, held (no churn back and forth).
  EXPECT_FALSE(s.decide(market(std::nullopt, std::nullopt, 102, -1.03)).hedge);
  // The spot moving does it too: deep in the money the delta falls and the hedge is bought back.
  ParityMarket far = market(std::nullopt, std::nullopt, 100, -0.97);
  far.spot = 160;
  auto back = s.decide(far);
  ASSERT_TRUE(back.hedge);
  EXPECT_TRUE(back.hedge->is_buy);
  EXPECT_NEAR(back.hedge->quantity, std::round((0.97 + back.target_hedge) / 0.01) * 0.01, 1e-12);
}

TEST(ParityStrategy, AtExpiryTheDecidedBinaryIsBoughtAndTheHedgeUnwound) {
  const ParityStrategy s(config());
  ParityMarket m = market(0.90, 0.95, 100, -0.97);
  m.tau_years = 0;  // S above K: Yes is worth one USD
  auto d = s.decide(m);
  EXPECT_EQ(d.fair, 1.0);
  EXPECT_EQ(d.delta, 0.0);
  ASSERT_TRUE(d.outcome);
  EXPECT_TRUE(d.outcome->is_buy);
  ASSERT_TRUE(d.hedge);
  EXPECT_TRUE(d.hedge->is_buy);
  EXPECT_NEAR(d.hedge->quantity, 0.97, 1e-12);
}

TEST(ParityStrategy, MaxHedgeCapsTheSpikeAtTheStrikeNearExpiry) {
  ParityConfig c = config();
  c.max_hedge = 2;
  const ParityStrategy s(c);
  ParityMarket m = market(std::nullopt, std::nullopt, 100, 0);
  m.spot = 100;
  m.tau_years = 1e-10;  // about 3 ms: delta at the strike ~ 0.4 / (100 x 5e-6) = 800 coins per contract
  auto d = s.decide(m);
  EXPECT_GT(d.delta, 100.0);
  EXPECT_EQ(d.target_hedge, -2.0);
  ASSERT_TRUE(d.hedge);
  EXPECT_NEAR(d.hedge->quantity, 2.0, 1e-12);
}

TEST(ParityStrategy, RefusesBadBooksAndConfigs) {
  const ParityStrategy s(config());
  EXPECT_THROW(s.decide(market(0.6, 0.5)), std::invalid_argument);    // crossed
  EXPECT_THROW(s.decide(market(std::nullopt, 1.0)), std::invalid_argument);
  EXPECT_THROW(s.decide(market(0.0, std::nullopt)), std::invalid_argument);
  EXPECT_THROW(s.decide(market(std::nullopt, std::numeric_limits<double>::quiet_NaN())), std::invalid_argument);
  ParityMarket m = market(0.5, 0.6);
  m.spot = -1;
  EXPECT_THROW(s.decide(m), std::invalid_argument);
  m = market(0.5, 0.6, std::numeric_limits<double>::infinity());
  EXPECT_THROW(s.decide(m), std::invalid_argument);
  ParityConfig bad = config();
  bad.min_edge = -0.01;
  EXPECT_THROW(ParityStrategy{bad}, std::invalid_argument);
  bad = config();
  bad.rebalance_threshold = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(ParityStrategy{bad}, std::invalid_argument);
}

}  // namespace
}  // namespace hlmm::strategies
