#include "backtest/crowd_flow.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "hlmm/arith.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kMsPerMinute = 60'000;
constexpr double kMinNotionalUsd = 10.5;  // the exchange refuses orders under $10

hl::Address crowd_address(std::uint8_t tag) {
  hl::Address a;
  a.bytes.fill(0xc0);
  a.bytes[19] = tag;
  return a;
}

double exponential(double u) { return -std::log1p(-u); }

}  // namespace

hl::Address SyntheticCrowd::maker() { return crowd_address(1); }
hl::Address SyntheticCrowd::taker() { return crowd_address(2); }

SyntheticCrowd::SyntheticCrowd(const MarketPath& path, std::uint32_t asset, int sz_decimals, double A, double k,
                               double lot, double vol_annual, std::uint64_t seed, CrowdConfig config,
                               exchange::Exchange& ex)
    : path_(path),
      asset_(asset),
      sz_decimals_(sz_decimals),
      min_exp_(arith::min_tick_exponent(MarketType::kPerp, sz_decimals)),
      k_(k),
      lot_(lot),
      cfg_(config),
      bridge_(path, std::clamp(config.fair_steps_per_minute, 1, 600), vol_annual, seed),
      level_key_(stream_key(seed, 22)) {
  if (path_.mid.empty()) throw std::invalid_argument("crowd flow: empty market path");
  cfg_.fair_steps_per_minute = std::clamp(cfg_.fair_steps_per_minute, 1, 600);
  cfg_.levels = std::clamp(cfg_.levels, 1, 200);
  step_ms_ = kMsPerMinute / static_cast<std::uint64_t>(cfg_.fair_steps_per_minute);
  start_ms_ = path_.start_ns / 1'000'000;
  fair_ = bridge_.fair();
  const double tick_usd = static_cast<double>(arith::tick_at(fair_, min_exp_)) / kPriceScale;
  spacing_ = cfg_.spacing_ticks > 0
                 ? cfg_.spacing_ticks
                 : std::max(1, static_cast<int>(std::lround(cfg_.span_over_k / k_ / tick_usd / cfg_.levels)));
  const double rates[kProcesses] = {cfg_.churn_per_s / 1000.0, cfg_.churn_per_s / 1000.0, cfg_.churn_per_s / 1000.0,
                                    cfg_.churn_per_s / 1000.0, A / 3.6e6,                 A / 3.6e6};
  for (int p = 0; p < kProcesses; ++p) {
    Stream& s = streams_[p];
    s.rng = Xoshiro256(stream_key(seed, 30 + static_cast<std::uint64_t>(p)));
    s.rate_per_ms = rates[p];
    s.next_ms = s.rate_per_ms > 0 ? static_cast<double>(start_ms_) + exponential(s.rng.uniform()) / s.rate_per_ms
                                  : 1e300;
  }
  // Deep pockets: the crowd is never the reason an order is refused.
  ex.deposit(maker(), exchange::Money{1'000'000'000} * kPriceScale);
  ex.deposit(taker(), exchange::Money{1'000'000'000} * kPriceScale);
  ex.set_mark(asset_, fair_);
  submitted_to_ = start_ms_;
  next_step_ = 1;
  // The opening ladder, one order per price, in the first block.
  fair_step(start_ms_, ex);
}

Price SyntheticCrowd::round_price(double usd, bool up) const {
  const auto raw = static_cast<Price>(std::llround(std::max(usd, 1e-6) * kPriceScale));
  return up ? arith::round_up_price(raw, min_exp_) : arith::round_down_price(raw, min_exp_);
}

Size SyntheticCrowd::size_of(double coins) const {
  const std::int64_t lot_units = pow10_i64(kSizeDecimals - sz_decimals_);
  const double min_coins = kMinNotionalUsd * kPriceScale / static_cast<double>(fair_);
  const auto raw = static_cast<Size>(std::max(coins, min_coins) * kSizeScale);
  return (raw + lot_units - 1) / lot_units * lot_units;
}

std::vector<Price> SyntheticCrowd::ladder(bool bid) const {
  std::vector<Price> out;
  out.reserve(static_cast<std::size_t>(cfg_.levels));
  const Price t = arith::tick_at(fair_, min_exp_);
  Price p = bid ? arith::round_down_price(fair_ - cfg_.touch_ticks * t, min_exp_)
                : arith::round_up_price(fair_ + cfg_.touch_ticks * t, min_exp_);
  for (int i = 0; i < cfg_.levels && p > 0; ++i) {
    out.push_back(p);
    const Price step = spacing_ * arith::tick_at(p, min_exp_);
    p = bid ? arith::round_down_price(p - step, min_exp_) : arith::round_up_price(p + step, min_exp_);
  }
  return out;
}

void SyntheticCrowd::submit(exchange::Exchange& ex, hl::L1Action action, std::uint64_t t_ms, const hl::Address& who) {
  ex.submit(next_request_++, who, std::move(action), t_ms);
}

void SyntheticCrowd::submit_until(std::uint64_t to_ms, exchange::Exchange& ex) {
  for (;;) {
    const std::uint64_t step_t = start_ms_ + next_step_ * step_ms_;
    int first = -1;
    double t_first = 1e300;
    for (int p = 0; p < kProcesses; ++p) {
      if (streams_[p].next_ms < t_first) {
        t_first = streams_[p].next_ms;
        first = p;
      }
    }
    const auto t_event = static_cast<std::uint64_t>(std::ceil(t_first));
    if (step_t <= to_ms && step_t <= t_event) {
      ++next_step_;
      fair_step(step_t, ex);
      continue;
    }
    if (first < 0 || t_event > to_ms) break;
    Stream& s = streams_[first];
    s.next_ms += exponential(s.rng.uniform()) / s.rate_per_ms;
    fire(first, std::max(t_event, submitted_to_), ex);
  }
  submitted_to_ = std::max(submitted_to_, to_ms);
}

void SyntheticCrowd::fair_step(std::uint64_t t_ms, exchange::Exchange& ex) {
  const std::uint64_t i = next_step_ - 1;  // the sub-step being applied (0: the opening)
  if (i > 0) {
    fair_ = bridge_.step(i);
    ex.set_mark(asset_, fair_);
  }
  // Cancel crowd orders outside the new ladder, then fill the ladder's empty prices. The cancels
  // run first in the block (protocol.md §10), so the GTCs meet only orders that are not the crowd's.
  hl::CancelAction cancels;
  hl::OrderAction orders;
  for (int side = 0; side < 2; ++side) {
    const bool bid = side == 0;
    const std::vector<Price> want = ladder(bid);
    if (want.empty()) continue;
    const Price best = want.front();
    const Price worst = want.back();
    for (auto it = orders_[side].begin(); it != orders_[side].end();) {
      const Price p = it->second;
      const bool outside = bid ? (p > best || p < worst) : (p < best || p > worst);
      if (!outside) {
        ++it;
        continue;
      }
      cancels.cancels.push_back(hl::CancelEntry{asset_, it->first});
      if (--at_price_[side][p] <= 0) at_price_[side].erase(p);
      it = orders_[side].erase(it);
    }
    for (std::size_t lv = 0; lv < want.size(); ++lv) {
      const double u = counter_uniform(level_key_, (i * 2 + static_cast<std::uint64_t>(side)) * 256 + lv);
      if (at_price_[side].count(want[lv]) != 0) continue;
      hl::OrderWire w;
      w.asset = asset_;
      w.is_buy = bid;
      w.price = want[lv];
      w.size = size_of(exponential(u) * cfg_.order_lots * lot_);
      w.type = hl::LimitOrderType{hl::Tif::kGtc};
      orders.orders.push_back(w);
    }
  }
  l2_updates_ += cancels.cancels.size() + orders.orders.size();
  if (!cancels.cancels.empty()) submit(ex, std::move(cancels), t_ms, maker());
  if (!orders.orders.empty()) submit(ex, std::move(orders), t_ms, maker());
}

void SyntheticCrowd::fire(int process, std::uint64_t t_ms, exchange::Exchange& ex) {
  Stream& s = streams_[process];
  // Every event draws the same two values, used or not (common random numbers across policies).
  const double u1 = s.rng.uniform();
  const double u2 = s.rng.uniform();
  switch (process) {
    case kAddBid:
    case kAddAsk: {
      const bool bid = process == kAddBid;
      const std::vector<Price> want = ladder(bid);
      if (want.empty()) return;
      hl::OrderWire w;
      w.asset = asset_;
      w.is_buy = bid;
      w.price = want[std::min(want.size() - 1, static_cast<std::size_t>(u1 * static_cast<double>(want.size())))];
      w.size = size_of(exponential(u2) * cfg_.order_lots * lot_);
      w.type = hl::LimitOrderType{hl::Tif::kGtc};
      hl::OrderAction a;
      a.orders.push_back(w);
      ++l2_updates_;
      submit(ex, std::move(a), t_ms, maker());
      return;
    }
    case kCancelBid:
    case kCancelAsk: {
      const int side = process == kCancelBid ? 0 : 1;
      auto& book = orders_[side];
      if (book.empty()) return;
      auto it = book.begin();
      std::advance(it, static_cast<long>(std::min(book.size() - 1, static_cast<std::size_t>(u1 * static_cast<double>(book.size())))));
      hl::CancelAction a;
      a.cancels.push_back(hl::CancelEntry{asset_, it->first});
      if (--at_price_[side][it->second] <= 0) at_price_[side].erase(it->second);
      book.erase(it);
      ++l2_updates_;
      submit(ex, std::move(a), t_ms, maker());
      return;
    }
    case kTakerBuy:
    case kTakerSell: {
      const bool buy = process == kTakerBuy;
      const double reach = exponential(u1) / k_;
      const double fair_usd = static_cast<double>(fair_) / kPriceScale;
      const Price limit = buy ? round_price(fair_usd + reach, false) : round_price(fair_usd - reach, true);
      if (limit <= 0) return;
      // All displayed depth strictly better than the limit, plus an exponential extra at it.
      Size depth = 0;
      for (const exchange::BookLevel& l : ex.book(asset_).levels(!buy, 1000)) {
        if (buy ? l.price >= limit : l.price <= limit) break;
        depth += l.size;
      }
      hl::OrderWire w;
      w.asset = asset_;
      w.is_buy = buy;
      w.price = limit;
      w.size = depth + size_of(exponential(u2) * cfg_.taker_extra_lots * lot_);
      w.type = hl::LimitOrderType{hl::Tif::kIoc};
      hl::OrderAction a;
      a.orders.push_back(w);
      submit(ex, std::move(a), t_ms, taker());
      return;
    }
    default:
      return;
  }
}

void SyntheticCrowd::on_block(const exchange::BlockOutput& out) {
  const hl::Address me = maker();
  for (const exchange::OrderUpdateEvent& e : out.order_updates) {
    if (!(e.user == me)) continue;
    const int side = e.update.is_buy ? 0 : 1;
    if (e.update.status == "open") {
      if (orders_[side].emplace(e.update.oid, e.update.limit_price).second) ++at_price_[side][e.update.limit_price];
      continue;
    }
    // filled, canceled, selfTradeCanceled, ...: the order is gone (a cancel we sent is already out).
    const auto it = orders_[side].find(e.update.oid);
    if (it == orders_[side].end()) continue;
    if (--at_price_[side][it->second] <= 0) at_price_[side].erase(it->second);
    orders_[side].erase(it);
  }
}

}  // namespace hlmm::backtest
