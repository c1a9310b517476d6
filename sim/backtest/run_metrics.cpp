#include "backtest/run_metrics.hpp"

#include <algorithm>
#include <cmath>

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

}  // namespace hlmm::backtest
