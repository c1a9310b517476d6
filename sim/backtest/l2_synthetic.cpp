#include "backtest/l2_synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "hlmm/arith.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kMsPerMinute = 60'000;
constexpr double kMinNotionalUsd = 10.5;  // the venue refuses orders under $10: the crowd shows none
constexpr double kNever = 1e300;
constexpr std::int64_t kMaxUnits = std::numeric_limits<std::int32_t>::max();

double exponential(double u) { return -std::log1p(-u); }

}  // namespace

SyntheticL2Source::SyntheticL2Source(const MarketPath& path, int sz_decimals, double A, double k, double lot,
                                     double vol_annual, std::uint64_t seed, SyntheticL2Config config)
    : path_(path),
      min_exp_(arith::min_tick_exponent(MarketType::kPerp, sz_decimals)),
      k_(k),
      lot_(lot),
      cfg_(config),
      // The tags are SyntheticCrowd's, so both models see the same fair and event marks on a seed.
      bridge_(path, std::clamp(config.fair_steps_per_minute, 1, static_cast<int>(kMsPerMinute)), vol_annual, seed),
      level_key_(stream_key(seed, 22)) {
  if (path_.mid.empty()) throw std::invalid_argument("synthetic L2: empty market path");
  if (sz_decimals < 0 || sz_decimals > kMaxDecimalsPerp) throw std::invalid_argument("synthetic L2: szDecimals outside 0..6");
  if (!(k > 0.0)) throw std::invalid_argument("synthetic L2: k must be positive");
  minutes_ = path_.mid.size();
  if (minutes_ * kMsPerMinute > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("synthetic L2: the path is longer than t_ms can count");
  }
  grid_.price_unit = pow10_i64(min_exp_);
  grid_.size_unit = pow10_i64(kSizeDecimals - sz_decimals);
  cfg_.fair_steps_per_minute = std::clamp(cfg_.fair_steps_per_minute, 1, static_cast<int>(kMsPerMinute));
  cfg_.levels = std::clamp(cfg_.levels, 1, 200);  // 200 < 256: the opening-size counter's slots per side
  cfg_.touch_ticks = std::max(cfg_.touch_ticks, 1);

  fair_ = bridge_.fair();
  const double tick_usd = static_cast<double>(arith::tick_at(fair_, min_exp_)) / kPriceScale;
  spacing_ = cfg_.spacing_ticks > 0
                 ? cfg_.spacing_ticks
                 : std::max(1, static_cast<int>(std::lround(cfg_.span_over_k / k_ / tick_usd / cfg_.levels)));

  // The ladder reaches beyond the highest mid by its span; the bridge by a few sub-step sds.
  const Price top = *std::max_element(path_.mid.begin(), path_.mid.end());
  const double reach = 2.0 * static_cast<double>(top) + static_cast<double>(cfg_.levels + cfg_.touch_ticks) *
                                                             spacing_ * static_cast<double>(arith::tick_at(top, min_exp_));
  if (reach / static_cast<double>(grid_.price_unit) > static_cast<double>(kMaxUnits)) {
    throw std::invalid_argument("synthetic L2: prices do not fit int32 price units");
  }

  const double churn = std::max(cfg_.churn_per_s, 0.0) / 1000.0;
  const double takers = std::max(A, 0.0) / 3.6e6;
  const double rates[kProcesses] = {churn, churn, churn, churn, takers, takers};
  for (int p = 0; p < kProcesses; ++p) {
    Stream& s = streams_[p];
    s.rng = Xoshiro256(stream_key(seed, 30 + static_cast<std::uint64_t>(p)));
    s.rate_per_ms = rates[p];
    s.next_ms = s.rate_per_ms > 0 ? exponential(s.rng.uniform()) / s.rate_per_ms : kNever;
  }
  for (int side = 0; side < 2; ++side) {
    // Off-ladder leftovers of earlier sub-steps stay until cancelled: room for a few ladders.
    book_[side].reserve(static_cast<std::size_t>(4 * cfg_.levels + 16));
    ladder_[side].reserve(static_cast<std::size_t>(cfg_.levels));
  }
  fair_log_.reserve(static_cast<std::size_t>(cfg_.fair_steps_per_minute) + 2);
}

std::uint64_t SyntheticL2Source::step_ms(std::uint64_t i) const {
  // Exact at every minute boundary even when the step count does not divide a minute.
  return i * kMsPerMinute / static_cast<std::uint64_t>(cfg_.fair_steps_per_minute);
}

Price SyntheticL2Source::fair_at_ms(std::uint32_t t_ms) const {
  if (fair_log_.empty()) return fair_;
  const auto it = std::upper_bound(fair_log_.begin(), fair_log_.end(), t_ms,
                                   [](std::uint32_t t, const std::pair<std::uint32_t, Price>& e) { return t < e.first; });
  return it == fair_log_.begin() ? fair_log_.front().second : std::prev(it)->second;
}

bool SyntheticL2Source::next(std::vector<L2Event>& out) {
  out.clear();
  fair_log_.clear();
  // A quiet minute (no churn, no takers, a flat fair) has no events: go on to one that has.
  while (out.empty() && minute_ < minutes_) {
    const std::uint64_t t0 = minute_ * kMsPerMinute;
    const std::uint64_t t1 = t0 + kMsPerMinute;
    if (fair_log_.empty()) fair_log_.emplace_back(static_cast<std::uint32_t>(t0), fair_);
    for (;;) {
      const std::uint64_t step_t = step_ms(next_step_);
      int first = -1;
      double t_first = kNever;
      for (int p = 0; p < kProcesses; ++p) {
        if (streams_[p].next_ms < t_first) {
          t_first = streams_[p].next_ms;
          first = p;
        }
      }
      const double t_event = std::ceil(t_first);
      if (step_t < t1 && static_cast<double>(step_t) <= t_event) {
        fair_step(next_step_++, static_cast<std::uint32_t>(step_t), out);
        continue;
      }
      if (first < 0 || t_event >= static_cast<double>(t1)) break;
      Stream& s = streams_[first];
      s.next_ms += exponential(s.rng.uniform()) / s.rate_per_ms;
      fire(first, static_cast<std::uint32_t>(t_event), out);
    }
    ++minute_;
  }
  events_ += out.size();
  return !out.empty();
}

void SyntheticL2Source::emit(std::vector<L2Event>& out, std::uint32_t t_ms, L2Kind kind, int side, std::int64_t px,
                             std::int64_t sz) {
  L2Event e;
  e.t_ms = t_ms;
  e.kind = kind;
  e.side = side == 0 ? Side::kBid : Side::kAsk;
  e.px = static_cast<std::int32_t>(px);
  e.sz = static_cast<std::int32_t>(sz);
  out.push_back(e);
}

std::int64_t SyntheticL2Source::size_units(double coins) const {
  const double min_coins = kMinNotionalUsd * kPriceScale / static_cast<double>(fair_);
  const auto raw = static_cast<Size>(std::max(coins, min_coins) * kSizeScale);
  return std::clamp<std::int64_t>((raw + grid_.size_unit - 1) / grid_.size_unit, 1, kMaxUnits);
}

void SyntheticL2Source::build_ladder(int side) {
  const bool bid = side == 0;
  std::vector<std::int64_t>& out = ladder_[side];
  out.clear();
  const Price t = arith::tick_at(fair_, min_exp_);
  Price p = bid ? arith::round_down_price(std::max<Price>(fair_ - cfg_.touch_ticks * t, 0), min_exp_)
                : arith::round_up_price(fair_ + cfg_.touch_ticks * t, min_exp_);
  for (int i = 0; i < cfg_.levels && p > 0; ++i) {
    out.push_back(p / grid_.price_unit);
    const Price step = spacing_ * arith::tick_at(p, min_exp_);
    if (bid && p <= step) break;
    p = bid ? arith::round_down_price(p - step, min_exp_) : arith::round_up_price(p + step, min_exp_);
  }
}

std::vector<SyntheticL2Source::Level>::iterator SyntheticL2Source::find_or_insert(int side, std::int64_t px) {
  std::vector<Level>& book = book_[side];
  const auto it = std::lower_bound(book.begin(), book.end(), px, [](const Level& l, std::int64_t p) { return l.px < p; });
  if (it != book.end() && it->px == px) return it;
  return book.insert(it, Level{px, 0, 0});
}

void SyntheticL2Source::fair_step(std::uint64_t i, std::uint32_t t_ms, std::vector<L2Event>& out) {
  if (i > 0) fair_ = bridge_.step(i);
  fair_log_.emplace_back(t_ms, fair_);
  build_ladder(0);
  build_ladder(1);
  // Removals on both sides before any addition: the old and the new ladders may overlap across
  // the spread (the fair moved by more than the spread), and the book must stay uncrossed.
  for (int side = 0; side < 2; ++side) {
    const std::vector<std::int64_t>& want = ladder_[side];
    if (want.empty()) continue;
    const std::int64_t lo = std::min(want.front(), want.back());
    const std::int64_t hi = std::max(want.front(), want.back());
    std::vector<Level>& book = book_[side];
    auto keep_begin = book.begin();
    while (keep_begin != book.end() && keep_begin->px < lo) ++keep_begin;
    auto keep_end = keep_begin;
    while (keep_end != book.end() && keep_end->px <= hi) ++keep_end;
    for (auto it = book.begin(); it != keep_begin; ++it) {
      emit(out, t_ms, L2Kind::kLevel, side, it->px, 0);
      orders_[side] -= it->orders;
    }
    for (auto it = keep_end; it != book.end(); ++it) {
      emit(out, t_ms, L2Kind::kLevel, side, it->px, 0);
      orders_[side] -= it->orders;
    }
    book.erase(keep_end, book.end());
    book.erase(book.begin(), keep_begin);
  }
  for (int side = 0; side < 2; ++side) {
    const std::vector<std::int64_t>& want = ladder_[side];
    for (std::size_t lv = 0; lv < want.size(); ++lv) {
      const auto it = find_or_insert(side, want[lv]);
      if (it->sz > 0) continue;
      const double u = counter_uniform(level_key_, (i * 2 + static_cast<std::uint64_t>(side)) * 256 + lv);
      it->sz = size_units(exponential(u) * cfg_.order_lots * lot_);
      it->orders = 1;
      ++orders_[side];
      emit(out, t_ms, L2Kind::kLevel, side, it->px, it->sz);
    }
  }
}

void SyntheticL2Source::fire(int process, std::uint32_t t_ms, std::vector<L2Event>& out) {
  Stream& s = streams_[process];
  // Every event draws the same two values, used or not, as SyntheticCrowd's do.
  const double u1 = s.rng.uniform();
  const double u2 = s.rng.uniform();
  switch (process) {
    case kAddBid:
    case kAddAsk: {
      const int side = process == kAddBid ? 0 : 1;
      const std::vector<std::int64_t>& want = ladder_[side];
      if (want.empty()) return;
      const std::size_t lv = std::min(want.size() - 1, static_cast<std::size_t>(u1 * static_cast<double>(want.size())));
      const auto it = find_or_insert(side, want[lv]);
      it->sz = std::min(kMaxUnits, it->sz + size_units(exponential(u2) * cfg_.order_lots * lot_));
      ++it->orders;
      ++orders_[side];
      emit(out, t_ms, L2Kind::kLevel, side, it->px, it->sz);
      return;
    }
    case kCancelBid:
    case kCancelAsk: {
      const int side = process == kCancelBid ? 0 : 1;
      if (orders_[side] <= 0) return;
      // One crowd order of the side, uniformly: a level with probability orders / all orders.
      std::int64_t pick = std::min(orders_[side] - 1, static_cast<std::int64_t>(u1 * static_cast<double>(orders_[side])));
      std::vector<Level>& book = book_[side];
      auto it = book.begin();
      while (pick >= it->orders) {
        pick -= it->orders;
        ++it;
      }
      const std::int64_t mean = (it->sz + it->orders / 2) / it->orders;
      const std::int64_t removed = it->orders <= 1 || it->sz <= 1 ? it->sz : std::clamp<std::int64_t>(mean, 1, it->sz - 1);
      it->sz -= removed;
      const std::int64_t gone = it->sz == 0 ? it->orders : 1;
      it->orders -= gone;
      orders_[side] -= gone;
      emit(out, t_ms, L2Kind::kLevel, side, it->px, it->sz);
      if (it->sz == 0) book.erase(it);
      return;
    }
    case kTakerBuy:
    case kTakerSell: {
      const bool buy = process == kTakerBuy;
      const int passive = buy ? 1 : 0;
      const auto reach = static_cast<Price>(std::llround(exponential(u1) / k_ * kPriceScale));
      const Price limit_px = buy ? arith::round_down_price(fair_ + reach, min_exp_)
                                 : arith::round_up_price(std::max<Price>(fair_ - reach, 1), min_exp_);
      const std::int64_t limit = limit_px / grid_.price_unit;
      const std::int64_t extra = size_units(exponential(u2) * cfg_.taker_extra_lots * lot_);
      std::vector<Level>& book = book_[passive];
      const int aggressor = buy ? 0 : 1;
      // The levels touched are contiguous from the best: the asks' front, the bids' back.
      const std::size_t n = book.size();
      std::size_t touched = 0;
      for (; touched < n; ++touched) {
        Level& l = buy ? book[touched] : book[n - 1 - touched];
        if (buy ? l.px > limit : l.px < limit) break;
        const std::int64_t take = l.px == limit ? std::min(extra, l.sz) : l.sz;
        if (take <= 0) break;
        emit(out, t_ms, L2Kind::kTrade, aggressor, l.px, take);
      }
      // The book changes only now, in kLevel events after the prints (the stream's contract).
      const std::size_t base = out.size() - touched;
      std::size_t emptied = 0;
      for (std::size_t i = 0; i < touched; ++i) {
        Level& l = buy ? book[i] : book[n - 1 - i];
        const std::int64_t take = out[base + i].sz;
        if (take >= l.sz) {
          orders_[passive] -= l.orders;
          l.orders = 0;
          ++emptied;
        } else {
          // The front orders of the queue are gone: as many as the print covers at the mean size.
          const std::int64_t gone = std::min(l.orders - 1, take * l.orders / l.sz);
          l.orders -= gone;
          orders_[passive] -= gone;
        }
        l.sz -= std::min(take, l.sz);
        emit(out, t_ms, L2Kind::kLevel, passive, l.px, l.sz);
      }
      // Only the limit's level can survive a print, and it is the last touched.
      if (buy) {
        book.erase(book.begin(), book.begin() + static_cast<std::ptrdiff_t>(emptied));
      } else {
        book.erase(book.end() - static_cast<std::ptrdiff_t>(emptied), book.end());
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace hlmm::backtest
