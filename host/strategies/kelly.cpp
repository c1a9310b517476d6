#include "strategies/kelly.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hlmm::strategies {

namespace {

void require(bool ok, const char* what, double value) {
  if (!ok) throw std::invalid_argument(fmt::format("kelly: {} (got {})", what, value));
}

}  // namespace

double kelly_binary(double p, double m) {
  require(std::isfinite(p) && p >= 0 && p <= 1, "probability p must be in [0, 1]", p);
  // At m = 0 or 1 the contract pays nothing or costs nothing: the fraction is unbounded.
  require(std::isfinite(m) && m > 0 && m < 1, "price m must be in (0, 1)", m);
  return (p - m) / (m * (1 - m));
}

double kelly_market_making(double mu, double sigma2) {
  require(std::isfinite(mu), "drift mu must be finite", mu);
  require(std::isfinite(sigma2) && sigma2 > 0, "variance sigma^2 must be > 0", sigma2);
  return mu / sigma2;
}

double kelly_arbitrage(double edge, double cost, double variance) {
  require(std::isfinite(edge), "edge must be finite", edge);
  require(std::isfinite(cost) && cost >= 0, "cost must be >= 0", cost);
  require(std::isfinite(variance) && variance > 0, "variance must be > 0", variance);
  return (edge - cost) / variance;
}

double kelly_quantity(double f, double capital_usd, double price, const KellyLimits& limits) {
  require(std::isfinite(f), "Kelly fraction f must be finite", f);
  require(std::isfinite(capital_usd) && capital_usd >= 0, "capital must be >= 0", capital_usd);
  require(std::isfinite(price) && price > 0, "price must be > 0", price);
  require(std::isfinite(limits.fraction) && limits.fraction >= 0, "fractional Kelly must be >= 0", limits.fraction);
  require(std::isfinite(limits.max_stake_usd) && limits.max_stake_usd >= 0, "max stake must be >= 0",
          limits.max_stake_usd);
  require(std::isfinite(limits.min_qty) && limits.min_qty >= 0, "minimum quantity must be >= 0", limits.min_qty);
  require(std::isfinite(limits.lot) && limits.lot >= 0, "lot must be >= 0", limits.lot);
  if (f <= 0) return 0;
  double qty = limits.fraction * f * capital_usd / price;
  if (limits.max_stake_usd > 0) qty = std::min(qty, limits.max_stake_usd / price);
  if (limits.lot > 0) {
    // The tolerance keeps an exact multiple (0.3 / 0.1 = 2.9999999999999996) from losing a lot.
    qty = std::floor(qty / limits.lot + 1e-9) * limits.lot;
  }
  if (qty < limits.min_qty || qty <= 0) return 0;
  return qty;
}

}  // namespace hlmm::strategies
