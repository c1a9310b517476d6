// Synthetic markets for the study execution model: a one-minute mid panel (GBM with per-asset
// volatility) and an hourly funding rate (Gaussian OU with the study's fits, optionally with the
// OU+jump fit's Bernoulli-normal jumps), as in shared/hjb-math.md §8-9 and hjb_reference.py.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "policy/presets.hpp"

namespace hlmm::backtest {

struct MarketSpec {
  std::string name;           // ETH, BTC, SOL
  double s0 = 3000.0;         // first mid, USD
  double vol_annual = 0.65;   // GBM volatility of the mid
  double kappa = 0.1;         // OU on the fractional hourly rate: 1/h
  double theta = 0.0;         // fraction/h
  double sigma = 0.0;         // fraction/sqrt(h)
  bool jumps = false;         // Bernoulli-normal jumps once per hour (OU+jump fit)
  double jump_prob = 0.0;     // per hour
  double jump_mean = 0.0;     // fraction/h
  double jump_sd = 0.0;
  int sz_decimals = 4;        // Hyperliquid szDecimals of the coin (tick and lot rules)
  std::uint64_t start_ns = 1'764'115'200'000'000'000ull;  // 2025-11-26 00:00 UTC, the v1 holdout start
};

// The preset's market: S_ref as first mid, the study's volatility, the Gaussian OU fit, or the
// OU+jump fit with its jumps when `jumps`. `funding_scale` multiplies theta and `sigma_scale`
// sigma (the reference's funding stress: x10, x3).
MarketSpec market_spec_for(const policy::AssetPreset& preset, bool jumps = false, double funding_scale = 1.0,
                           double sigma_scale = 1.0);

// Hyperliquid szDecimals of the preset coins (ETH 4, BTC 5, SOL 2); nullopt for another name.
std::optional<int> sz_decimals_for(std::string_view coin);

struct MarketPath {
  std::uint64_t start_ns = 0;
  std::vector<Price> mid;     // one per minute, at kPriceScale
  std::vector<double> rate;   // one per hour (index minute / 60), fraction/h; positive: longs pay
  int minutes() const { return static_cast<int>(mid.size()); }
};

// Same (spec, seed, minutes), same path. Mid and funding draw from separate streams of the seed.
MarketPath generate_market(const MarketSpec& spec, std::uint64_t seed, int minutes);

// Cash funding f = mid * rate at price scale (USD/coin/h), what the pipeline's table is indexed by.
Price cash_funding(Price mid, double rate);

}  // namespace hlmm::backtest
