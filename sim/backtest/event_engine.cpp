#include "backtest/event_engine.hpp"

#include <algorithm>
#include <stdexcept>

#include "backtest/run_metrics.hpp"

namespace hlmm::backtest {

RunResult run_event_engine(const MarketPath& market, engine::Pipeline& pipeline, const PolicyTable& table,
                           const EventRunConfig& cfg, Trace* trace) {
  RunResult r;
  const int n = market.minutes();
  if (n <= 0) return r;
  const int days = (n + cfg.minutes_per_day - 1) / cfg.minutes_per_day;
  MinuteMetrics mm(days, cfg.minutes_per_day);

  EventVenue venue(cfg.venue);
  exchange::Exchange& ex = venue.exchange();
  SyntheticCrowd crowd(market, venue.asset(), cfg.venue.sz_decimals, cfg.A, cfg.k, cfg.lot, cfg.vol_annual, cfg.seed,
                       cfg.crowd, ex);
  venue.set_crowd(&crowd);
  EventTrader trader(pipeline, table, cfg.trader, venue.binding(), venue);
  const hl::Address me = EventVenue::us();

  const std::uint64_t interval = cfg.venue.sequencing.block_interval_ms;
  const std::uint64_t start_ms = market.start_ns / 1'000'000;
  const std::uint64_t end_ms = start_ms + static_cast<std::uint64_t>(n) * kMsPerMinute;
  const Cash deposit = static_cast<Cash>(cfg.venue.deposit) * kMoneyToCash;
  const double lot_units = cfg.lot * static_cast<double>(kSizeScale);

  Cash funding_paid = 0;
  Cash spread = 0;
  double filled_size = 0.0;
  Size max_abs_q = 0;
  std::vector<FeedDelivery> visible;
  int next_minute = 0;  // the next minute boundary to handle (0: the start)
  bool stopped = false;
  bool funding_due = false;
  Price funding_f = 0;

  auto equity_now = [&](Price mark) {
    const Size q = ex.position(me, venue.asset());
    return static_cast<Cash>(ex.cash(me)) * kMoneyToCash - deposit + static_cast<Cash>(q) * mark;
  };

  for (std::uint64_t block = (start_ms / interval + 1) * interval;; block += interval) {
    // Minute boundaries due by this block: close the minute before, settle funding on the hour.
    while (next_minute <= n && start_ms + static_cast<std::uint64_t>(next_minute) * kMsPerMinute <= block) {
      const int m = next_minute++;
      const std::uint64_t t_ms = start_ms + static_cast<std::uint64_t>(m) * kMsPerMinute;
      if (m > 0) {
        const int closed = m - 1;
        const Price mark = market.mid[static_cast<std::size_t>(std::min(m, n - 1))];
        const Size q = ex.position(me, venue.asset());
        const Cash equity = equity_now(mark);
        mm.close_minute(closed, q, equity, m == n);
        if (trace && trace->keep_minutes) {
          trace->position.push_back(q);
          trace->cash.push_back(equity - static_cast<Cash>(q) * mark);
          trace->equity.push_back(equity);
          trace->bid.push_back(quote_of(trader.orders().current_order(0, Side::kBid)));
          trace->ask.push_back(quote_of(trader.orders().current_order(0, Side::kAsk)));
        }
      }
      if (m == n) break;
      if (m % 60 == 0 && cfg.stop && cfg.stop->load(std::memory_order_relaxed)) {
        stopped = true;
        break;
      }
      const Price mid = market.mid[static_cast<std::size_t>(m)];
      const double rate = market.rate[static_cast<std::size_t>(m / 60)];
      if (m > 0 && m % 60 == 0) {
        const auto rate_1e8 = static_cast<std::int64_t>(std::llround(rate * 1e8));
        for (const exchange::FundingEvent& f : ex.settle_funding(venue.asset(), rate_1e8, mid, t_ms)) {
          if (!(f.user == me)) continue;
          const Cash paid = -static_cast<Cash>(f.funding.usdc) * kMoneyToCash;
          funding_paid += paid;
          mm.add_funding(paid);
          if (trace) trace->funding.push_back({m, f.funding.position, cash_funding(mid, rate), paid});
        }
      }
      // activeAssetCtx: the cash funding the pipeline's table is indexed by (given after this
      // block's deliveries, so record times never go backwards).
      funding_due = true;
      funding_f = cash_funding(mid, rate);
    }
    if (stopped || next_minute > n || block > end_ms + interval) break;

    venue.crowd_until(block);
    venue.take_visible(block, visible);
    for (const FeedDelivery& d : visible) trader.on_delivery(d);
    if (funding_due) trader.on_funding(funding_f, block);
    funding_due = false;
    trader.poll(block);
    for (const exchange::BlockOutput& b : venue.execute(block)) {
      for (const exchange::UserFillEvent& f : b.fills) {
        if (!(f.user == me)) continue;
        const Price fair = crowd.fair();
        const Side side = f.fill.is_buy ? Side::kBid : Side::kAsk;
        spread += static_cast<Cash>(side == Side::kBid ? fair - f.fill.price : f.fill.price - fair) * f.fill.size;
        filled_size += static_cast<double>(f.fill.size);
        r.fees_paid += static_cast<double>(f.fill.fee) / kPriceScale;
        ++r.fills;
        if (f.fill.crossed) ++r.taker_fills;
        if (trace) {
          const int minute = static_cast<int>((b.block_time_ms - start_ms) / kMsPerMinute);
          trace->fills.push_back({minute, side, f.fill.price, f.fill.size, fair});
        }
      }
      const Size q = ex.position(me, venue.asset());
      max_abs_q = std::max(max_abs_q, q < 0 ? -q : q);
    }
  }
  if (trader.orders().halted() || trader.orders().asset_disabled(0)) {
    throw std::runtime_error("event model: the order manager stopped quoting (a tick/lot violation or a refused "
                             "signer): a bug, not a market outcome");
  }

  const int m_done = std::min(next_minute - 1, n);
  MinuteMetrics::Totals t;
  t.minutes_run = std::max(m_done, 0);
  t.completed = !stopped && t.minutes_run == n;
  t.position = ex.position(me, venue.asset());
  t.last_mid = market.mid[static_cast<std::size_t>(std::max(0, std::min(t.minutes_run, n) - 1))];
  t.equity = equity_now(t.last_mid);
  t.funding_paid = funding_paid;
  t.spread = spread;
  t.filled_lots = filled_size / lot_units;
  mm.finish(r, t);
  r.records = trader.records();
  r.max_abs_position = static_cast<double>(max_abs_q) / static_cast<double>(kSizeScale);
  r.alo_rejects = venue.counters().alo_rejects;
  r.requests = venue.counters().requests;
  r.events = venue.events();
  r.trades = venue.counters().trades;
  return r;
}

}  // namespace hlmm::backtest
