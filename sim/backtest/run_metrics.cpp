#include "backtest/run_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace hlmm::backtest {

RestingQuote quote_of(const orders::Order* o) {
  if (o == nullptr || orders::is_terminal(o->state)) return {};
  return {true, o->price, o->remaining()};
}

MinuteMetrics::MinuteMetrics(int days, int minutes_per_day) : per_day_(minutes_per_day) {
  day_pnl_.assign(static_cast<std::size_t>(days), 0.0);
  day_funding_.assign(static_cast<std::size_t>(days), 0.0);
  day_q2_.assign(static_cast<std::size_t>(days), 0.0);
}

void MinuteMetrics::close_minute(int m, Size q, Cash equity, bool last) {
  if (!have_peak_ || equity > peak_) {
    peak_ = equity;
    have_peak_ = true;
  }
  max_dd_ = std::min(max_dd_, equity - peak_);
  const double qc = static_cast<double>(q) / static_cast<double>(kSizeScale);
  sum_q2_ += qc * qc;
  day_sum_q2_ += qc * qc;
  const double eq = to_usd(equity);
  if ((m + 1) % 60 == 0) {
    const double x = eq - last_hour_;
    last_hour_ = eq;
    ++hours_;
    const double d = x - h_mean_;
    h_mean_ += d / static_cast<double>(hours_);
    h_m2_ += d * (x - h_mean_);
  }
  if ((m + 1) % per_day_ == 0 || last) {
    const auto d = static_cast<std::size_t>(m / per_day_);
    const int in_day = m % per_day_ + 1;
    day_pnl_[d] = eq - day_start_;
    day_funding_[d] = to_usd(funding_today_);
    day_q2_[d] = day_sum_q2_ / in_day;
    day_start_ = eq;
    day_sum_q2_ = 0.0;
    funding_today_ = 0;
  }
}

void MinuteMetrics::finish(RunResult& r, const Totals& t) {
  r.minutes = std::max(t.minutes_run, 0);
  r.completed = t.completed;
  r.final_position = t.position;
  r.final_cash = t.equity - static_cast<Cash>(t.position) * t.last_mid;
  r.final_equity = to_usd(t.equity);
  r.inventory_rms = r.minutes > 0 ? std::sqrt(sum_q2_ / r.minutes) : 0.0;
  r.max_drawdown = to_usd(max_dd_);
  r.fill_rate = r.minutes > 0 ? t.filled_lots / (2.0 * r.minutes) : 0.0;
  r.funding_paid = to_usd(t.funding_paid);
  r.spread_captured = to_usd(t.spread);
  if (hours_ > 1 && h_m2_ > 0) {
    r.sharpe = h_mean_ / std::sqrt(h_m2_ / static_cast<double>(hours_ - 1)) * std::sqrt(8760.0);
  }
  r.day_pnl = std::move(day_pnl_);
  r.day_funding = std::move(day_funding_);
  r.day_q2 = std::move(day_q2_);
  if (!r.completed) {
    const auto full_days = static_cast<std::size_t>(r.minutes / per_day_);
    r.day_pnl.resize(full_days);
    r.day_funding.resize(full_days);
    r.day_q2.resize(full_days);
  }
}

EventLedger::EventLedger(const MarketPath& market, int minutes_per_day, const std::atomic<bool>* stop, double lot,
                         const orders::OrderManager& orders, Trace* trace)
    : market_(market),
      stop_(stop),
      orders_(orders),
      trace_(trace),
      mm_((market.minutes() + minutes_per_day - 1) / minutes_per_day, minutes_per_day),
      n_(market.minutes()),
      start_ms_(market.start_ns / 1'000'000),
      lot_units_(lot * static_cast<double>(kSizeScale)) {}

bool EventLedger::advance(std::uint64_t block_ms, AccountView& account) {
  while (next_minute_ <= n_ && start_ms_ + static_cast<std::uint64_t>(next_minute_) * kMsPerMinute <= block_ms) {
    const int m = next_minute_++;
    const std::uint64_t t_ms = start_ms_ + static_cast<std::uint64_t>(m) * kMsPerMinute;
    if (m > 0) {
      const Price mark = market_.mid[static_cast<std::size_t>(std::min(m, n_ - 1))];
      const Size q = account.position();
      const Cash equity = account.equity(mark);
      mm_.close_minute(m - 1, q, equity, m == n_);
      if (trace_ && trace_->keep_minutes) {
        trace_->position.push_back(q);
        trace_->cash.push_back(equity - static_cast<Cash>(q) * mark);
        trace_->equity.push_back(equity);
        trace_->bid.push_back(quote_of(orders_.current_order(0, Side::kBid)));
        trace_->ask.push_back(quote_of(orders_.current_order(0, Side::kAsk)));
      }
    }
    if (m == n_) return false;
    if (m % 60 == 0 && stop_ && stop_->load(std::memory_order_relaxed)) {
      stopped_ = true;
      return false;
    }
    const Price mid = market_.mid[static_cast<std::size_t>(m)];
    const double rate = market_.rate[static_cast<std::size_t>(m / 60)];
    if (m > 0 && m % 60 == 0) {
      const Size q = account.position();
      if (const auto paid = account.settle_funding(std::llround(rate * 1e8), mid, t_ms)) {
        funding_paid_ += *paid;
        mm_.add_funding(*paid);
        if (trace_) trace_->funding.push_back({m, q, cash_funding(mid, rate), *paid});
      }
    }
    funding_f_ = cash_funding(mid, rate);
  }
  return true;
}

std::optional<Price> EventLedger::take_funding() { return std::exchange(funding_f_, std::nullopt); }

void EventLedger::on_fill(std::uint64_t block_ms, Side side, Price price, Size size, std::int64_t fee_1e8, bool crossed,
                          Price fair) {
  spread_ += static_cast<Cash>(side == Side::kBid ? fair - price : price - fair) * size;
  filled_size_ += static_cast<double>(size);
  fees_paid_ += static_cast<double>(fee_1e8) / kPriceScale;
  ++fills_;
  if (crossed) ++taker_fills_;
  if (trace_) {
    const int minute = static_cast<int>((block_ms - start_ms_) / kMsPerMinute);
    trace_->fills.push_back({minute, side, price, size, fair});
  }
}

void EventLedger::finish(RunResult& r, const AccountView& account, const VenueCounters& venue, std::uint64_t records,
                         const char* model) {
  if (orders_.halted() || orders_.asset_disabled(0)) {
    throw std::runtime_error(std::string(model) +
                             ": the order manager stopped quoting (a tick/lot violation or a refused signer): a bug, "
                             "not a market outcome");
  }
  MinuteMetrics::Totals t;
  t.minutes_run = std::max(std::min(next_minute_ - 1, n_), 0);
  t.completed = !stopped_ && t.minutes_run == n_;
  t.position = account.position();
  t.last_mid = market_.mid[static_cast<std::size_t>(std::max(0, std::min(t.minutes_run, n_) - 1))];
  t.equity = account.equity(t.last_mid);
  t.funding_paid = funding_paid_;
  t.spread = spread_;
  t.filled_lots = filled_size_ / lot_units_;
  mm_.finish(r, t);
  r.fills = fills_;
  r.taker_fills = taker_fills_;
  r.fees_paid = fees_paid_;
  r.max_abs_position = static_cast<double>(max_abs_q_) / static_cast<double>(kSizeScale);
  r.records = records;
  r.alo_rejects = venue.alo_rejects;
  r.requests = venue.requests;
  r.trades = venue.trades;
}

}  // namespace hlmm::backtest
