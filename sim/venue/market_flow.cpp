#include "venue/market_flow.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "hlmm/arith.hpp"
#include "strategies/binary_parity.hpp"
#include "strategies/outcome_asset.hpp"

namespace hlmm::venue {
namespace {

constexpr double kHoursPerYear = 24.0 * 365.0;

hl::Address fixed_address(std::uint8_t tag) {
  hl::Address a;
  a.bytes.fill(0xcc);
  a.bytes[19] = tag;
  return a;
}

hl::Cloid ladder_cloid(std::uint32_t asset, bool bid, int level) {
  hl::Cloid c;
  c.bytes[0] = 0xcc;
  c.bytes[11] = static_cast<std::uint8_t>(asset >> 8);
  c.bytes[12] = static_cast<std::uint8_t>(asset);
  c.bytes[13] = bid ? 1 : 2;
  c.bytes[15] = static_cast<std::uint8_t>(level);
  return c;
}

}  // namespace

hl::Address MarketFlow::crowd_maker() { return fixed_address(1); }
hl::Address MarketFlow::crowd_taker() { return fixed_address(2); }

MarketFlow::MarketFlow(exchange::Exchange& exchange, std::vector<FlowAsset> assets, FlowConfig config,
                       std::vector<FlowOutcome> outcomes)
    : exchange_(exchange), assets_(std::move(assets)), config_(config), outcomes_(std::move(outcomes)), rng_(config.seed) {
  for (const FlowAsset& a : assets_) state_.push_back(State{a.start_price, a.funding_start});
  outcome_state_.resize(outcomes_.size());
  for (const FlowOutcome& o : outcomes_) {
    if (o.underlying >= assets_.size()) throw std::invalid_argument("market flow: an outcome's underlying is not listed");
  }
  // Deep pockets: the crowd must never be the reason a test's quotes go unfilled.
  exchange_.deposit(crowd_maker(), exchange::Money{1'000'000'000} * kPriceScale);
  exchange_.deposit(crowd_taker(), exchange::Money{1'000'000'000} * kPriceScale);
}

Price MarketFlow::valid_price(std::size_t i, double usd, bool round_up) const {
  const exchange::AssetSpec* spec = exchange_.asset(assets_[i].asset);
  const int min_exp = arith::min_tick_exponent(MarketType::kPerp, spec->sz_decimals);
  const auto raw = static_cast<Price>(std::llround(std::max(usd, 1e-6) * kPriceScale));
  return round_up ? arith::round_up_price(raw, min_exp) : arith::round_down_price(raw, min_exp);
}

Size MarketFlow::valid_size(std::size_t i, double coins) const {
  const exchange::AssetSpec* spec = exchange_.asset(assets_[i].asset);
  const std::int64_t lot = pow10_i64(kSizeDecimals - spec->sz_decimals);
  const auto raw = static_cast<Size>(coins * kSizeScale);
  return std::max<Size>(lot, raw / lot * lot);
}

double MarketFlow::quoted_price(std::size_t i) const { return state_[i].price * (1.0 + state_[i].shift_bps * 1e-4); }

Price MarketFlow::fair_price(std::size_t i) const { return valid_price(i, quoted_price(i), false); }

void MarketFlow::dislocate(std::size_t i, double bps, std::uint64_t now_ms, std::uint64_t hold_ms) {
  State& s = state_.at(i);
  const bool up = bps > s.shift_bps;
  s.shift_bps = bps;
  s.shift_until_ms = now_ms + hold_ms;
  exchange_.set_mark(assets_[i].asset, fair_price(i));
  requote(i, now_ms, up);
}

std::int64_t MarketFlow::funding_rate(std::size_t i) const {
  return static_cast<std::int64_t>(std::llround(state_[i].funding * 1e8));
}

void MarketFlow::step(std::uint64_t now_ms) {
  const double dt_s = last_ms_ == 0 ? 0.0 : static_cast<double>(now_ms - last_ms_) / 1000.0;
  last_ms_ = now_ms;
  std::normal_distribution<double> normal(0.0, 1.0);
  for (std::size_t i = 0; i < assets_.size(); ++i) {
    const FlowAsset& a = assets_[i];
    State& s = state_[i];
    const double dt_h = dt_s / 3600.0;
    if (dt_h > 0) {
      const double sigma_h = a.vol_annual / std::sqrt(kHoursPerYear);
      s.price *= std::exp(-0.5 * sigma_h * sigma_h * dt_h + sigma_h * std::sqrt(dt_h) * normal(rng_));
      s.funding += a.funding_kappa * (a.funding_theta - s.funding) * dt_h +
                   a.funding_sigma * std::sqrt(dt_h) * normal(rng_);
    }
    bool asks_first = false;
    if (s.shift_bps != 0 && now_ms >= s.shift_until_ms) {
      asks_first = s.shift_bps < 0;  // the price moves back up
      s.shift_bps = 0;
    }
    exchange_.set_mark(a.asset, fair_price(i));
    requote(i, now_ms, asks_first);
    if (dt_s > 0 && takers_on_) takers(i, dt_s, now_ms);
  }
  for (std::size_t j = 0; j < outcomes_.size(); ++j) {
    if (exchange_.outcome_settled(outcomes_[j].asset)) continue;  // nothing left to quote
    OutcomeState& o = outcome_state_[j];
    bool asks_first = false;
    if (o.shift != 0 && now_ms >= o.shift_until_ms) {
      asks_first = o.shift < 0;  // the centre moves back up
      o.shift = 0;
    }
    update_outcome_fair(j, now_ms);
    requote_outcome(j, now_ms, asks_first);
    if (dt_s > 0 && takers_on_) outcome_takers(j, dt_s, now_ms);
  }
}

// ---- outcomes -------------------------------------------------------------------------------------

Price MarketFlow::outcome_price(double usd, bool round_up) const {
  const double ticks = usd * static_cast<double>(kPriceScale) / static_cast<double>(exchange::kOutcomeTick);
  const auto n = static_cast<std::int64_t>(round_up ? std::ceil(ticks - 1e-9) : std::floor(ticks + 1e-9));
  const std::int64_t max_ticks = exchange::kOutcomePayout / exchange::kOutcomeTick - 1;
  return std::clamp<std::int64_t>(n, 1, max_ticks) * exchange::kOutcomeTick;
}

double MarketFlow::outcome_centre(std::size_t j) const {
  const OutcomeState& o = outcome_state_.at(j);
  // Far enough inside (0, 1) that both sides of the ladder's first level exist.
  const double edge = config_.outcome_half_spread + static_cast<double>(exchange::kOutcomeTick) / kPriceScale;
  return std::clamp(o.fair + o.shift, edge, 1.0 - edge);
}

void MarketFlow::update_outcome_fair(std::size_t j, std::uint64_t now_ms) {
  const FlowOutcome& o = outcomes_[j];
  const auto now_s = static_cast<std::int64_t>(now_ms / 1000);
  const double tau = now_s >= o.expiry_s ? 0.0 : static_cast<double>(o.expiry_s - now_s) / strategies::kSecondsPerYear;
  outcome_state_[j].fair = strategies::binary_yes_value(quoted_price(o.underlying), o.strike, o.sigma, tau);
  exchange_.set_mark(o.asset, outcome_price(outcome_centre(j), false));
}

void MarketFlow::misprice_outcome(std::size_t j, double delta, std::uint64_t now_ms, std::uint64_t hold_ms) {
  OutcomeState& o = outcome_state_.at(j);
  const bool up = delta > o.shift;
  o.shift = delta;
  o.shift_until_ms = now_ms + hold_ms;
  update_outcome_fair(j, now_ms);
  requote_outcome(j, now_ms, up);
}

void MarketFlow::requote_outcome(std::size_t j, std::uint64_t now_ms, bool asks_first) {
  const FlowOutcome& o = outcomes_[j];
  const double centre = outcome_centre(j);
  std::uniform_real_distribution<double> jitter(0.6, 1.4);
  // On the Yes side, as a crowd quoting the outcome would; levels pushed against 0 or 1 pile up
  // on the last tick rather than vanish, so no stale level is left behind by a big move.
  hl::BatchModifyAction batch;
  batch.always_place = true;
  for (int side = 0; side < 2; ++side) {
    const bool bid = asks_first ? side == 1 : side == 0;
    for (int k = 0; k < config_.outcome_levels; ++k) {
      const double away = config_.outcome_half_spread + k * config_.outcome_level_step;
      hl::OrderWire w;
      w.asset = o.yes_asset;
      w.is_buy = bid;
      w.price = outcome_price(bid ? centre - away : centre + away, !bid);
      const double contracts = std::max(1.0, std::round(config_.outcome_level_contracts * jitter(rng_)));
      w.size = static_cast<Size>(contracts) * exchange::kOutcomeLot;
      w.type = hl::LimitOrderType{hl::Tif::kAlo};
      w.cloid = ladder_cloid(o.asset, bid, k);
      batch.modifies.push_back(hl::ModifyEntry{*w.cloid, w});
    }
  }
  exchange_.submit(next_request_++, crowd_maker(), std::move(batch), now_ms);
}

void MarketFlow::outcome_takers(std::size_t j, double dt_s, std::uint64_t now_ms) {
  const FlowOutcome& o = outcomes_[j];
  std::poisson_distribution<int> arrivals(config_.outcome_taker_rate_per_s * dt_s);
  std::exponential_distribution<double> contracts(1.0 / config_.outcome_taker_mean_contracts);
  std::bernoulli_distribution coin(0.5);
  const int n = arrivals(rng_);
  const double centre = outcome_centre(j);
  for (int k = 0; k < n; ++k) {
    const bool buys_yes = coin(rng_);
    // Half the takers send the same order on the No side: the merged book makes them one.
    const bool on_no = coin(rng_);
    const Price yes_limit = outcome_price(buys_yes ? centre + config_.outcome_taker_reach : centre - config_.outcome_taker_reach,
                                          buys_yes);
    hl::OrderWire w;
    w.asset = on_no ? o.no_asset : o.yes_asset;
    w.is_buy = on_no ? !buys_yes : buys_yes;
    w.price = on_no ? exchange::kOutcomePayout - yes_limit : yes_limit;
    w.size = static_cast<Size>(std::max(1.0, std::round(contracts(rng_)))) * exchange::kOutcomeLot;
    w.type = hl::LimitOrderType{hl::Tif::kIoc};
    hl::OrderAction action;
    action.orders.push_back(w);
    exchange_.submit(next_request_++, crowd_taker(), std::move(action), now_ms);
  }
}

void MarketFlow::requote(std::size_t i, std::uint64_t now_ms, bool asks_first) {
  const FlowAsset& a = assets_[i];
  const double fair = quoted_price(i);
  std::uniform_real_distribution<double> jitter(0.6, 1.4);
  // Every level is a modify by cloid with always_place: it moves a resting level or re-creates
  // one that was filled, in one action, without a cancel/replace gap.
  hl::BatchModifyAction batch;
  batch.always_place = true;
  for (int side = 0; side < 2; ++side) {
    const bool bid = asks_first ? side == 1 : side == 0;
    for (int k = 0; k < config_.levels; ++k) {
      const double bps = config_.half_spread_bps + k * config_.level_step_bps;
      const double usd = bid ? fair * (1 - bps * 1e-4) : fair * (1 + bps * 1e-4);
      hl::OrderWire w;
      w.asset = a.asset;
      w.is_buy = bid;
      w.price = valid_price(i, usd, !bid);
      w.size = valid_size(i, config_.level_notional * jitter(rng_) / fair);
      w.type = hl::LimitOrderType{hl::Tif::kAlo};
      w.cloid = ladder_cloid(a.asset, bid, k);
      batch.modifies.push_back(hl::ModifyEntry{*w.cloid, w});
    }
  }
  exchange_.submit(next_request_++, crowd_maker(), std::move(batch), now_ms);
  state_[i].ladder_placed = true;
}

void MarketFlow::takers(std::size_t i, double dt_s, std::uint64_t now_ms) {
  const FlowAsset& a = assets_[i];
  std::poisson_distribution<int> arrivals(config_.taker_rate_per_s * dt_s);
  std::exponential_distribution<double> notional(1.0 / config_.taker_mean_notional);
  std::bernoulli_distribution buy(0.5);
  const int n = arrivals(rng_);
  const double fair = quoted_price(i);
  for (int j = 0; j < n; ++j) {
    const bool is_buy = buy(rng_);
    const double reach = config_.taker_reach_bps * 1e-4;
    hl::OrderWire w;
    w.asset = a.asset;
    w.is_buy = is_buy;
    w.price = valid_price(i, is_buy ? fair * (1 + reach) : fair * (1 - reach), is_buy);
    w.size = valid_size(i, std::max(notional(rng_), 20.0) / fair);
    w.type = hl::LimitOrderType{hl::Tif::kIoc};
    hl::OrderAction action;
    action.orders.push_back(w);
    exchange_.submit(next_request_++, crowd_taker(), std::move(action), now_ms);
  }
}

}  // namespace hlmm::venue
