#include "backtest/market.hpp"

#include <cctype>
#include <cmath>

#include "backtest/rng.hpp"

namespace hlmm::backtest {
namespace {

struct CoinFacts {
  const char* name;
  int sz_decimals;
};
constexpr CoinFacts kCoins[] = {{"ETH", 4}, {"BTC", 5}, {"SOL", 2}};

constexpr std::uint64_t kMidStream = 1;
constexpr std::uint64_t kFundingStream = 2;

}  // namespace

std::optional<int> sz_decimals_for(std::string_view coin) {
  std::string upper(coin);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& c : kCoins) {
    if (upper == c.name) return c.sz_decimals;
  }
  return std::nullopt;
}

MarketSpec market_spec_for(const policy::AssetPreset& a, bool jumps, double funding_scale, double sigma_scale) {
  MarketSpec m;
  m.name = a.name;
  m.s0 = a.ref_price;
  m.vol_annual = a.vol_annual;
  m.jumps = jumps;
  if (jumps) {
    m.kappa = a.jump_kappa;
    m.theta = a.jump_theta * funding_scale;
    m.sigma = a.jump_sigma * sigma_scale;
    m.jump_prob = a.jump_prob;
    m.jump_mean = a.jump_mean;
    m.jump_sd = a.jump_sd;
  } else {
    m.kappa = a.kappa;
    m.theta = a.theta * funding_scale;
    m.sigma = a.sigma * sigma_scale;
  }
  m.sz_decimals = sz_decimals_for(a.name).value_or(4);
  return m;
}

MarketPath generate_market(const MarketSpec& spec, std::uint64_t seed, int minutes) {
  MarketPath p;
  p.start_ns = spec.start_ns;
  if (minutes <= 0) return p;
  p.mid.resize(static_cast<std::size_t>(minutes));
  Xoshiro256 mid_rng(stream_key(seed, kMidStream));
  const double dt = 1.0 / 60.0;
  const double vol = spec.vol_annual / std::sqrt(24.0 * 365.0);
  const double drift = -0.5 * vol * vol * dt;
  const double diffusion = vol * std::sqrt(dt);
  double s = spec.s0;
  for (int m = 0; m < minutes; ++m) {
    if (m > 0) s *= std::exp(drift + diffusion * mid_rng.normal());
    p.mid[static_cast<std::size_t>(m)] = static_cast<Price>(std::llround(s * static_cast<double>(kPriceScale)));
  }

  // Exact OU transition over one hour, started in the stationary law.
  Xoshiro256 f_rng(stream_key(seed, kFundingStream));
  const int hours = minutes / 60 + 2;
  p.rate.resize(static_cast<std::size_t>(hours));
  const double decay = std::exp(-spec.kappa);
  const double sd_stationary = spec.kappa > 0 ? spec.sigma / std::sqrt(2.0 * spec.kappa) : 0.0;
  const double sd_step = spec.kappa > 0 ? spec.sigma * std::sqrt((1.0 - decay * decay) / (2.0 * spec.kappa)) : spec.sigma;
  double r = spec.theta + sd_stationary * f_rng.normal();
  for (int h = 0; h < hours; ++h) {
    if (h > 0) r = spec.theta + (r - spec.theta) * decay + sd_step * f_rng.normal();
    // The jump draw is made every hour whether or not jumps are on, so switching them on changes
    // the rate path only where a jump lands.
    const double u = f_rng.uniform();
    const double z = f_rng.normal();
    if (spec.jumps && u < spec.jump_prob) r += spec.jump_mean + spec.jump_sd * z;
    p.rate[static_cast<std::size_t>(h)] = r;
  }
  return p;
}

Price cash_funding(Price mid, double rate) {
  return static_cast<Price>(std::llround(static_cast<double>(mid) * rate));
}

}  // namespace hlmm::backtest
