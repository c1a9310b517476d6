// Kelly sizing: the growth-optimal fraction of capital for a binary contract, a market-making
// position and an arbitrage, and its conversion to a venue quantity (fractional Kelly, hard cap,
// minimum quantity, lot rounding). Host slow path: doubles.
#pragma once

namespace hlmm::strategies {

// Full-Kelly fractions of capital (may be negative: no bet / the other side). Each throws
// std::invalid_argument on input where the fraction is undefined (named in the message).
//
// kelly_binary is an exposure in PAYOUT notional: contracts paying 1 per unit of capital. The
// share of capital staked (spent at price m) is m times it, (p - m) / (1 - m), which is what
// maximises p ln(1 + g (1 - m) / m) + (1 - p) ln(1 - g). So size a binary with
// kelly_quantity(kelly_binary(p, m), capital, /*price=*/payout per contract, limits), not price m
// (that would oversize by 1/m); max_stake_usd then caps the payout notional.
double kelly_binary(double p, double m);                 // (p - m) / (m (1 - m)); p: our probability, m: price in (0,1)
double kelly_market_making(double mu, double sigma2);    // mu / sigma^2 (per-unit-time drift and variance)
double kelly_arbitrage(double edge, double cost, double variance);  // (edge - cost) / variance

struct KellyLimits {
  double fraction = 0.25;      // fractional Kelly (default 1/4)
  double max_stake_usd = 0;    // hard cap per trade, USD notional (0: none)
  double min_qty = 0;          // below this quantity (coins): no trade
  double lot = 0;              // venue lot size (coins); the quantity is floored to a multiple
};

// Quantity in coins for a full-Kelly fraction `f` of `capital_usd` at `price`: fraction * f * capital
// / price, capped by max_stake_usd / price, floored to the lot, 0 if below min_qty or f <= 0.
// Throws std::invalid_argument for a non-positive or non-finite price, negative capital or limits.
double kelly_quantity(double f, double capital_usd, double price, const KellyLimits& limits);

}  // namespace hlmm::strategies
