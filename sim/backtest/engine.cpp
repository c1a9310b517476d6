#include "backtest/engine.hpp"

#include <algorithm>

#include "backtest/run_metrics.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kNsPerMinute = 60'000'000'000ull;

}  // namespace

RunResult run_engine(const MarketPath& market, QuoteSource& source, ExecutionModel& execution,
                     const EngineConfig& cfg, Trace* trace) {
  RunResult r;
  const int n = market.minutes();
  const int days = n > 0 ? (n + cfg.minutes_per_day - 1) / cfg.minutes_per_day : 0;
  MinuteMetrics mm(days, cfg.minutes_per_day);
  if (trace && trace->keep_minutes) {
    trace->position.reserve(static_cast<std::size_t>(n));
    trace->cash.reserve(static_cast<std::size_t>(n));
    trace->equity.reserve(static_cast<std::size_t>(n));
  }

  Cash cash = 0;
  Size q = 0;
  Cash funding_paid = 0;
  Cash spread = 0;

  RestingQuote quotes[2];
  std::vector<ProposedFill> proposed;
  std::vector<ProposedFill> applied;
  proposed.reserve(4);
  applied.reserve(4);

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
      mm.add_funding(pay);
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
    mm.close_minute(m, q, equity, m + 1 == n);
    if (trace && trace->keep_minutes) {
      trace->position.push_back(q);
      trace->cash.push_back(cash);
      trace->equity.push_back(equity);
    }
  }

  MinuteMetrics::Totals t;
  t.minutes_run = m;
  t.completed = m == n;
  t.position = q;
  t.last_mid = m > 0 ? market.mid[static_cast<std::size_t>(m - 1)] : 0;
  t.equity = cash + static_cast<Cash>(q) * t.last_mid;
  t.funding_paid = funding_paid;
  t.spread = spread;
  t.filled_lots = static_cast<double>(r.fills);  // one lot per fill in the study model
  mm.finish(r, t);
  r.records = source.records();
  return r;
}

}  // namespace hlmm::backtest
