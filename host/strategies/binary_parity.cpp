#include "strategies/binary_parity.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

namespace hlmm::strategies {
namespace {

// Book prices arrive as decimals ("0.43") and lose their last bit in binary: an edge of exactly
// min_edge on the venue's grid must not be lost to that, so the comparison allows this much.
constexpr double kEdgeTolerance = 1e-12;

void require(bool ok, const char* what, double value) {
  if (!ok) throw std::invalid_argument(fmt::format("binary parity: {} (got {})", what, value));
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }
double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }

// sigma sqrt(tau) and d, or no d when the binary counts as decided (total volatility below the floor).
struct Moneyness {
  double total_vol = 0;
  std::optional<double> d;
};

Moneyness moneyness(double spot, double strike, double sigma, double tau) {
  require(std::isfinite(spot) && spot > 0, "spot S must be finite and > 0", spot);
  require(std::isfinite(strike) && strike > 0, "strike K must be finite and > 0", strike);
  require(std::isfinite(sigma) && sigma >= 0, "sigma must be finite and >= 0", sigma);
  require(std::isfinite(tau) && tau >= 0, "tau must be finite and >= 0 (years)", tau);
  const double v = sigma * std::sqrt(tau);
  require(std::isfinite(v), "sigma sqrt(tau) overflows", v);
  if (v < kMinTotalVolatility) return {v, std::nullopt};
  // ln S - ln K cannot overflow where ln(S / K) could; d = ln/v - v/2 avoids squaring v.
  const double log_moneyness = std::log(spot) - std::log(strike);
  return {v, log_moneyness / v - 0.5 * v};
}

double decided_value(double spot, double strike) { return spot > strike ? 1.0 : (spot < strike ? 0.0 : 0.5); }

double floor_to_lot(double q, double lot) {
  if (lot <= 0) return q;
  // The epsilon keeps 0.3 / 0.1 = 2.9999999999999996 at three lots.
  return std::floor(q / lot + 1e-9) * lot;
}

double round_to_lot(double q, double lot) { return lot <= 0 ? q : std::round(q / lot) * lot; }

// Contracts paying one USD to hold at price m with probability p. kelly_binary is in payout
// notional; times m it is the share of capital staked, which kelly_quantity turns into contracts at
// the price m, so max_stake_usd caps the USD actually at risk.
double kelly_contracts(double p, double m, double capital_usd, const KellyLimits& limits) {
  return kelly_quantity(kelly_binary(p, m) * m, capital_usd, m, limits);
}

void require_book_price(const std::optional<double>& p, const char* what) {
  if (p) require(std::isfinite(*p) && *p > 0 && *p < 1, what, *p);
}

}  // namespace

double binary_yes_value(double spot, double strike, double sigma, double tau_years) {
  const Moneyness m = moneyness(spot, strike, sigma, tau_years);
  return m.d ? normal_cdf(*m.d) : decided_value(spot, strike);
}

double binary_no_value(double spot, double strike, double sigma, double tau_years) {
  // Phi(-d) directly: 1 - Phi(d) loses the digits of a No worth 1e-10.
  const Moneyness m = moneyness(spot, strike, sigma, tau_years);
  return m.d ? normal_cdf(-*m.d) : 1.0 - decided_value(spot, strike);
}

double binary_delta(double spot, double strike, double sigma, double tau_years) {
  const Moneyness m = moneyness(spot, strike, sigma, tau_years);
  return m.d ? normal_pdf(*m.d) / (spot * m.total_vol) : 0.0;
}

ParityStrategy::ParityStrategy(const ParityConfig& c) : config_(c) {
  require(std::isfinite(c.min_edge) && c.min_edge >= 0, "min_edge must be finite and >= 0", c.min_edge);
  require(std::isfinite(c.capital_usd) && c.capital_usd >= 0, "capital_usd must be finite and >= 0", c.capital_usd);
  require(std::isfinite(c.hedge_lot) && c.hedge_lot >= 0, "hedge_lot must be finite and >= 0", c.hedge_lot);
  require(std::isfinite(c.rebalance_threshold) && c.rebalance_threshold >= 0,
          "rebalance_threshold must be finite and >= 0", c.rebalance_threshold);
  require(std::isfinite(c.max_hedge) && c.max_hedge >= 0, "max_hedge must be finite and >= 0", c.max_hedge);
  require(std::isfinite(c.sizing.fraction) && c.sizing.fraction >= 0, "sizing.fraction must be finite and >= 0",
          c.sizing.fraction);
  require(std::isfinite(c.sizing.lot) && c.sizing.lot >= 0, "sizing.lot must be finite and >= 0", c.sizing.lot);
}

ParityDecision ParityStrategy::decide(const ParityMarket& m) const {
  require_book_price(m.yes_bid, "Yes bid must be in (0, 1)");
  require_book_price(m.yes_ask, "Yes ask must be in (0, 1)");
  if (m.yes_bid && m.yes_ask) require(*m.yes_bid < *m.yes_ask, "the Yes book is crossed: bid must be below the ask", *m.yes_bid);
  require(std::isfinite(m.outcome_position), "outcome position must be finite", m.outcome_position);
  require(std::isfinite(m.hedge_position), "hedge position must be finite", m.hedge_position);

  ParityDecision out;
  out.fair = binary_yes_value(m.spot, m.strike, m.sigma, m.tau_years);
  out.delta = binary_delta(m.spot, m.strike, m.sigma, m.tau_years);

  const KellyLimits& lim = config_.sizing;
  const auto order_if_tradable = [&](bool is_buy, double price, double wanted_change) -> std::optional<ParityOrder> {
    const double q = floor_to_lot(wanted_change, lim.lot);
    if (q <= 0 || q < lim.min_qty) return std::nullopt;
    return ParityOrder{is_buy, price, q};
  };
  if (m.yes_ask && out.fair - *m.yes_ask >= config_.min_edge - kEdgeTolerance) {
    // Kelly's wanted position is long this many Yes contracts; buying also covers any short.
    const double wanted = kelly_contracts(out.fair, *m.yes_ask, config_.capital_usd, lim);
    out.outcome = order_if_tradable(true, *m.yes_ask, wanted - m.outcome_position);
  } else if (m.yes_bid && *m.yes_bid - out.fair >= config_.min_edge - kEdgeTolerance) {
    // Selling Yes at the bid is buying No at 1 - bid: the No side's probability, stake and Kelly.
    const double wanted_short = kelly_contracts(1.0 - out.fair, 1.0 - *m.yes_bid, config_.capital_usd, lim);
    out.outcome = order_if_tradable(false, *m.yes_bid, wanted_short + m.outcome_position);
  }

  // A long Yes gains as S rises: the hedge is short the perp by position x delta.
  double target = -(m.outcome_position * 1.0) * out.delta;
  if (config_.max_hedge > 0) target = std::clamp(target, -config_.max_hedge, config_.max_hedge);
  out.target_hedge = target;
  const double gap = target - m.hedge_position;
  if (std::abs(gap) > config_.rebalance_threshold) {
    const double q = round_to_lot(std::abs(gap), config_.hedge_lot);
    if (q > 0) out.hedge = ParityOrder{gap > 0, m.spot, q};
  }
  return out;
}

}  // namespace hlmm::strategies
