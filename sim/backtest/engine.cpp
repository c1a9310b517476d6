#include "backtest/engine.hpp"

#include <algorithm>
#include <cmath>

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kNsPerMinute = 60'000'000'000ull;

double to_usd(Cash c) { return static_cast<double>(c) / kCashScale; }

}  // namespace

RunResult run_engine(const MarketPath& market, QuoteSource& source, ExecutionModel& execution,
                     const EngineConfig& cfg, Trace* trace) {
  RunResult r;
  const int n = market.minutes();
  const int days = n > 0 ? (n + cfg.minutes_per_day - 1) / cfg.minutes_per_day : 0;
  r.day_pnl.assign(static_cast<std::size_t>(days), 0.0);
  r.day_funding.assign(static_cast<std::size_t>(days), 0.0);
  r.day_q2.assign(static_cast<std::size_t>(days), 0.0);
  if (trace && trace->keep_minutes) {
    trace->position.reserve(static_cast<std::size_t>(n));
    trace->cash.reserve(static_cast<std::size_t>(n));
    trace->equity.reserve(static_cast<std::size_t>(n));
  }

  Cash cash = 0;
  Size q = 0;
  Cash peak = 0;
  bool have_peak = false;
  Cash max_dd = 0;
  Cash funding_paid = 0;
  Cash spread = 0;
  double sum_q2 = 0.0;
  double day_start_equity = 0.0;
  double day_sum_q2 = 0.0;
  Cash day_funding = 0;
  // Hourly equity changes for the Sharpe ratio (Welford).
  double last_hour_equity = 0.0;
  std::uint64_t hours = 0;
  double h_mean = 0.0, h_m2 = 0.0;

  RestingQuote quotes[2];
  std::vector<ProposedFill> proposed;
  std::vector<ProposedFill> applied;
  proposed.reserve(4);
  applied.reserve(4);
  const double q_scale = static_cast<double>(kSizeScale);

  int m = 0;
  for (; m < n; ++m) {
    if (cfg.stop && m % 60 == 0 && cfg.stop->load(std::memory_order_relaxed)) break;
    const Price mid = market.mid[static_cast<std::size_t>(m)];
    const double rate = market.rate[static_cast<std::size_t>(m / 60)];
    const Price f = cash_funding(mid, rate);
    const std::uint64_t ts = market.start_ns + static_cast<std::uint64_t>(m) * kNsPerMinute;

    if (m > 0 && m % cfg.minutes_per_funding == 0) {
      const Cash pay = static_cast<Cash>(q) * f;
      cash -= pay;
      funding_paid += pay;
      day_funding += pay;
      if (trace) trace->funding.push_back({m, q, f, pay});
    }

    source.on_step(StepInput{m, ts, mid, f, q}, quotes);
    if (trace && trace->keep_minutes) {
      trace->bid.push_back(quotes[0]);
      trace->ask.push_back(quotes[1]);
    }
    proposed.clear();
    execution.step(StepState{m, ts, mid, q}, quotes, proposed);
    applied.clear();
    for (const ProposedFill& p : proposed) {
      const Size next = p.side == Side::kBid ? q + p.size : q - p.size;
      if (next > cfg.position_limit || next < -cfg.position_limit) {
        ++r.blocked_fills;
        continue;
      }
      q = next;
      const Cash notional = static_cast<Cash>(p.price) * p.size;
      cash += p.side == Side::kBid ? -notional : notional;
      spread += static_cast<Cash>(p.side == Side::kBid ? mid - p.price : p.price - mid) * p.size;
      applied.push_back(p);
      ++r.fills;
      if (trace) trace->fills.push_back({m, p.side, p.price, p.size, mid});
    }
    source.on_fills(applied, ts, quotes);

    const Cash equity = cash + static_cast<Cash>(q) * mid;
    if (!have_peak || equity > peak) {
      peak = equity;
      have_peak = true;
    }
    max_dd = std::min(max_dd, equity - peak);
    const double qc = static_cast<double>(q) / q_scale;
    sum_q2 += qc * qc;
    day_sum_q2 += qc * qc;
    if (trace && trace->keep_minutes) {
      trace->position.push_back(q);
      trace->cash.push_back(cash);
      trace->equity.push_back(equity);
    }

    const double eq_usd = to_usd(equity);
    if ((m + 1) % 60 == 0) {
      const double x = eq_usd - last_hour_equity;
      last_hour_equity = eq_usd;
      ++hours;
      const double d = x - h_mean;
      h_mean += d / static_cast<double>(hours);
      h_m2 += d * (x - h_mean);
    }
    if ((m + 1) % cfg.minutes_per_day == 0 || m + 1 == n) {
      const auto d = static_cast<std::size_t>(m / cfg.minutes_per_day);
      const int in_day = m % cfg.minutes_per_day + 1;
      r.day_pnl[d] = eq_usd - day_start_equity;
      r.day_funding[d] = to_usd(day_funding);
      r.day_q2[d] = day_sum_q2 / in_day;
      day_start_equity = eq_usd;
      day_sum_q2 = 0.0;
      day_funding = 0;
    }
  }

  r.minutes = m;
  r.completed = m == n;
  r.final_position = q;
  r.final_cash = cash;
  const Price last_mid = m > 0 ? market.mid[static_cast<std::size_t>(m - 1)] : 0;
  r.final_equity = to_usd(cash + static_cast<Cash>(q) * last_mid);
  r.inventory_rms = m > 0 ? std::sqrt(sum_q2 / m) : 0.0;
  r.max_drawdown = to_usd(max_dd);
  r.fill_rate = m > 0 ? static_cast<double>(r.fills) / (2.0 * m) : 0.0;
  r.funding_paid = to_usd(funding_paid);
  r.spread_captured = to_usd(spread);
  if (hours > 1 && h_m2 > 0) r.sharpe = h_mean / std::sqrt(h_m2 / static_cast<double>(hours - 1)) * std::sqrt(8760.0);
  r.records = source.records();
  if (!r.completed) {
    const auto full_days = static_cast<std::size_t>(m / cfg.minutes_per_day);
    r.day_pnl.resize(full_days);
    r.day_funding.resize(full_days);
    r.day_q2.resize(full_days);
  }
  return r;
}

}  // namespace hlmm::backtest
