// Kelly sizing against values worked out by hand, and the binary and market-making fractions
// against a numerical argmax of the log-growth they claim to maximise.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "strategies/kelly.hpp"

namespace hlmm::strategies {
namespace {

// Golden-section search for the maximum of a unimodal g on [lo, hi].
template <typename G>
double argmax(G g, double lo, double hi) {
  const double r = (std::sqrt(5.0) - 1) / 2;
  double a = lo, b = hi;
  double c = b - r * (b - a), d = a + r * (b - a);
  for (int i = 0; i < 200; ++i) {
    if (g(c) > g(d)) {
      b = d;
    } else {
      a = c;
    }
    c = b - r * (b - a);
    d = a + r * (b - a);
  }
  return (a + b) / 2;
}

TEST(Kelly, BinaryClosedForms) {
  // (0.6 - 0.5) / (0.5 * 0.5) = 0.1 / 0.25 = 0.4
  EXPECT_NEAR(kelly_binary(0.6, 0.5), 0.4, 1e-15);
  // (0.3 - 0.25) / (0.25 * 0.75) = 0.05 / 0.1875 = 4/15
  EXPECT_NEAR(kelly_binary(0.3, 0.25), 4.0 / 15.0, 1e-15);
  // (0.9 - 0.8) / (0.8 * 0.2) = 0.1 / 0.16 = 0.625
  EXPECT_NEAR(kelly_binary(0.9, 0.8), 0.625, 1e-15);
  // No edge: zero; the other side's edge: negative, (0.4 - 0.5) / 0.25 = -0.4.
  EXPECT_EQ(kelly_binary(0.5, 0.5), 0.0);
  EXPECT_NEAR(kelly_binary(0.4, 0.5), -0.4, 1e-15);
}

TEST(Kelly, BinaryFractionMaximisesLogGrowth) {
  // Buying at m a contract paying 1 with probability p: staking a share g of capital returns
  // g (1 - m) / m on a win and -g on a loss, so the growth is
  //   G(g) = p ln(1 + g (1 - m) / m) + (1 - p) ln(1 - g),
  // maximised at g* = (p - m) / (1 - m). kelly_binary is the exposure in payout notional per unit
  // of capital (contracts of face value 1): g* / m = (p - m) / (m (1 - m)). The search below does
  // not use either formula.
  const double cases[][2] = {{0.6, 0.5}, {0.3, 0.25}, {0.9, 0.8}, {0.55, 0.1}, {0.12, 0.1}, {0.97, 0.95}};
  for (const auto& c : cases) {
    const double p = c[0], m = c[1];
    auto growth = [&](double g) { return p * std::log1p(g * (1 - m) / m) + (1 - p) * std::log1p(-g); };
    const double best_stake = argmax(growth, 0.0, 0.999999);
    EXPECT_NEAR(kelly_binary(p, m) * m, best_stake, 1e-6) << "p=" << p << " m=" << m;
    // And it is a maximum, not just where the search happened to stop.
    const double g = kelly_binary(p, m) * m;
    EXPECT_GT(growth(g), growth(g * 0.9));
    EXPECT_GT(growth(g), growth(std::min(0.999, g * 1.1)));
  }
}

TEST(Kelly, MarketMakingClosedFormAndGrowth) {
  // 0.02 / 0.04 = 0.5
  EXPECT_NEAR(kelly_market_making(0.02, 0.04), 0.5, 1e-15);
  // A short drift gives a short position: -0.001 / 0.0004 = -2.5
  EXPECT_NEAR(kelly_market_making(-0.001, 0.0004), -2.5, 1e-12);
  // Continuous-time growth of a constant fraction f: f mu - f^2 sigma^2 / 2.
  const double mu = 0.0003, s2 = 0.0009;
  const double best = argmax([&](double f) { return f * mu - f * f * s2 / 2; }, -10.0, 10.0);
  EXPECT_NEAR(kelly_market_making(mu, s2), best, 1e-6);
}

TEST(Kelly, ArbitrageClosedForm) {
  // (0.003 - 0.001) / 0.0004 = 5
  EXPECT_NEAR(kelly_arbitrage(0.003, 0.001, 0.0004), 5.0, 1e-12);
  // The cost eats the edge: (0.001 - 0.0015) / 0.0001 = -5 (do not trade).
  EXPECT_NEAR(kelly_arbitrage(0.001, 0.0015, 0.0001), -5.0, 1e-12);
}

TEST(Kelly, RefusesUndefinedInputs) {
  EXPECT_THROW(kelly_binary(0.5, 0.0), std::invalid_argument);
  EXPECT_THROW(kelly_binary(0.5, 1.0), std::invalid_argument);
  EXPECT_THROW(kelly_binary(1.2, 0.5), std::invalid_argument);
  EXPECT_THROW(kelly_binary(NAN, 0.5), std::invalid_argument);
  EXPECT_THROW(kelly_market_making(0.01, 0.0), std::invalid_argument);
  EXPECT_THROW(kelly_market_making(INFINITY, 0.1), std::invalid_argument);
  EXPECT_THROW(kelly_arbitrage(0.01, 0.0, -1.0), std::invalid_argument);
  EXPECT_THROW(kelly_arbitrage(0.01, -0.001, 1.0), std::invalid_argument);
  EXPECT_THROW(kelly_quantity(0.4, 10'000, 0.0, {}), std::invalid_argument);
  EXPECT_THROW(kelly_quantity(0.4, -1, 2000, {}), std::invalid_argument);
  KellyLimits bad;
  bad.lot = -0.1;
  EXPECT_THROW(kelly_quantity(0.4, 10'000, 2000, bad), std::invalid_argument);
  try {
    kelly_binary(0.5, 1.5);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("price m"), std::string::npos) << e.what();
  }
}

TEST(Kelly, QuantityAppliesFractionCapMinimumAndLot) {
  const KellyLimits defaults;
  EXPECT_EQ(defaults.fraction, 0.25);
  // 0.25 x 0.4 x 10 000 / 2 000 = 0.5 coins, no cap, no lot.
  EXPECT_NEAR(kelly_quantity(0.4, 10'000, 2000, defaults), 0.5, 1e-12);
  // Half Kelly: 0.5 x 0.4 x 10 000 / 2 000 = 1.0
  KellyLimits half;
  half.fraction = 0.5;
  EXPECT_NEAR(kelly_quantity(0.4, 10'000, 2000, half), 1.0, 1e-12);
  // Lot 0.3: 0.5 floors to 0.3.
  KellyLimits lot;
  lot.lot = 0.3;
  EXPECT_NEAR(kelly_quantity(0.4, 10'000, 2000, lot), 0.3, 1e-12);
  // Cap 600 USD: 600 / 2 000 = 0.3 coins; lot 0.1 keeps exactly 3 lots (0.3 / 0.1 is 2.999...96).
  KellyLimits cap;
  cap.max_stake_usd = 600;
  cap.lot = 0.1;
  EXPECT_NEAR(kelly_quantity(0.4, 10'000, 2000, cap), 0.3, 1e-12);
  // Minimum 0.6 coins: 0.5 is below it, no trade; at 0.5 exactly it trades.
  KellyLimits min;
  min.min_qty = 0.6;
  EXPECT_EQ(kelly_quantity(0.4, 10'000, 2000, min), 0.0);
  min.min_qty = 0.5;
  EXPECT_NEAR(kelly_quantity(0.4, 10'000, 2000, min), 0.5, 1e-12);
  // Below one lot after flooring: nothing.
  KellyLimits big_lot;
  big_lot.lot = 1.0;
  EXPECT_EQ(kelly_quantity(0.4, 10'000, 2000, big_lot), 0.0);
  // No edge or the other side: nothing (the caller sizes the other side with its own f).
  EXPECT_EQ(kelly_quantity(0.0, 10'000, 2000, defaults), 0.0);
  EXPECT_EQ(kelly_quantity(-0.4, 10'000, 2000, defaults), 0.0);
  // End to end, binary: p = 0.6 at m = 0.5 on 1 000 USD, quarter Kelly, lot 1 contract. The
  // fraction is in payout notional, so the price argument is the payout (1 USD):
  // 0.25 x 0.4 x 1 000 / 1 = 100 contracts, costing 50 USD = 0.25 x (0.6 - 0.5) / (1 - 0.5) of capital.
  KellyLimits contracts;
  contracts.lot = 1;
  EXPECT_NEAR(kelly_quantity(kelly_binary(0.6, 0.5), 1000, 1.0, contracts), 100.0, 1e-9);
}

}  // namespace
}  // namespace hlmm::strategies
