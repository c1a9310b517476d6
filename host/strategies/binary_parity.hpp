// Perp/outcome parity: a HIP-4 price binary (Yes pays one USD when the underlying ends above the
// strike K) is a cash-or-nothing digital on the perp. With the perp as the underlying (no carry
// over the life of a short-dated binary), its fair value and its delta are
//   Yes = Phi(d),  No = Phi(-d) = 1 - Yes,  d = (ln(S/K) - sigma^2 tau / 2) / (sigma sqrt(tau)),
//   dYes/dS = phi(d) / (S sigma sqrt(tau))   (USD per contract per USD of S: perp coins per contract).
// ParityStrategy trades the outcome when its book strays from that value by at least min_edge,
// sized by fractional Kelly, and hedges the outcome position with the perp by the delta.
//
// Units: tau in years of 365 days (kSecondsPerYear, outcome_asset.hpp), sigma annualised on the
// same year, S and K in USD, contract payoff one USD.
#pragma once

#include <optional>

#include "strategies/kelly.hpp"

namespace hlmm::strategies {

// Below this sigma sqrt(tau) the binary is treated as decided: Yes = 1 above K, 0 below, 1/2 at
// K exactly (the formula's limit), delta 0 (a step has no finite hedge). Above it the delta at the
// strike is at most phi(0) / (S 1e-9): finite, and ParityConfig::max_hedge caps what is traded.
inline constexpr double kMinTotalVolatility = 1e-9;

// Each throws std::invalid_argument for S or K not finite and positive, sigma or tau negative or
// not finite, or sigma sqrt(tau) overflowing.
double binary_yes_value(double spot, double strike, double sigma, double tau_years);
double binary_no_value(double spot, double strike, double sigma, double tau_years);
double binary_delta(double spot, double strike, double sigma, double tau_years);

struct ParityConfig {
  double min_edge = 0.02;            // USD per contract: trade when |fair - price| >= this
  double capital_usd = 0;            // Kelly's capital
  KellyLimits sizing;                // in contracts: fractional Kelly, stake cap, min quantity, lot
  double hedge_lot = 0;              // perp lot, coins (0: no rounding)
  double rebalance_threshold = 0;    // coins: hedge only when |target - current| exceeds this
  double max_hedge = 0;              // |target hedge| cap, coins (0: none); the delta spikes at K near expiry
};

struct ParityMarket {
  std::optional<double> yes_bid;     // best Yes bid, USD in (0, 1); none when that side is empty
  std::optional<double> yes_ask;     // best Yes ask (the merged book: a No bid at 1 - p shows here)
  double spot = 0;                   // perp price S, USD
  double strike = 0;                 // K, USD
  double sigma = 0;                  // annualised
  double tau_years = 0;
  double outcome_position = 0;       // Yes contracts held; negative: short Yes (long No)
  double hedge_position = 0;         // perp coins held against it
};

struct ParityOrder {
  bool is_buy = true;
  double price = 0;     // outcome: the Yes book price taken; hedge: the spot it was computed at
  double quantity = 0;  // contracts (outcome) or coins (hedge), a multiple of the lot
};

struct ParityDecision {
  double fair = 0;                    // Yes fair value
  double delta = 0;                   // coins per contract
  double target_hedge = 0;            // coins: -(outcome position x 1 USD) x delta, capped
  std::optional<ParityOrder> outcome; // on the Yes book: buy at the ask or sell at the bid
  std::optional<ParityOrder> hedge;   // on the perp
};

class ParityStrategy {
 public:
  // Throws std::invalid_argument naming a negative or non-finite field.
  explicit ParityStrategy(const ParityConfig& config);

  // Buy Yes when fair - ask >= min_edge, sell Yes (buy No at 1 - bid) when bid - fair >= min_edge.
  // The wanted position is fractional Kelly: staked share (p - m) / (1 - m) of capital at price m
  // (kelly_binary x m), capped at sizing.max_stake_usd staked; the order is what the current
  // position lacks, floored to sizing.lot.
  // The hedge order follows the position already held (fills, not hopes). Throws
  // std::invalid_argument for a book price outside (0, 1), a crossed book or a bad model input.
  ParityDecision decide(const ParityMarket& market) const;

  const ParityConfig& config() const { return config_; }

 private:
  ParityConfig config_;
};

}  // namespace hlmm::strategies
