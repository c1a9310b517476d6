#include "backtest/event_engine.hpp"

#include <algorithm>

#include "backtest/run_metrics.hpp"

namespace hlmm::backtest {

namespace {

// Our account as the exchange core keeps it, net of the deposit.
class ExchangeAccount final : public AccountView {
 public:
  ExchangeAccount(exchange::Exchange& ex, std::uint32_t asset, exchange::Money deposit)
      : ex_(ex), asset_(asset), deposit_(static_cast<Cash>(deposit) * kMoneyToCash) {}
  Size position() const override { return ex_.position(EventVenue::us(), asset_); }
  Cash equity(Price mark) const override {
    return static_cast<Cash>(ex_.cash(EventVenue::us())) * kMoneyToCash - deposit_ + static_cast<Cash>(position()) * mark;
  }
  std::optional<Cash> settle_funding(std::int64_t rate_1e8, Price mid, std::uint64_t t_ms) override {
    std::optional<Cash> paid;
    for (const exchange::FundingEvent& f : ex_.settle_funding(asset_, rate_1e8, mid, t_ms)) {
      if (f.user == EventVenue::us()) paid = -static_cast<Cash>(f.funding.usdc) * kMoneyToCash;
    }
    return paid;
  }

 private:
  exchange::Exchange& ex_;
  std::uint32_t asset_;
  Cash deposit_;
};

}  // namespace

RunResult run_event_engine(const MarketPath& market, engine::Pipeline& pipeline, const PolicyTable& table,
                           const EventRunConfig& cfg, Trace* trace) {
  RunResult r;
  if (market.minutes() <= 0) return r;
  EventVenue venue(cfg.venue);
  exchange::Exchange& ex = venue.exchange();
  SyntheticCrowd crowd(market, venue.asset(), cfg.venue.sz_decimals, cfg.A, cfg.k, cfg.lot, cfg.vol_annual, cfg.seed,
                       cfg.crowd, ex);
  venue.set_crowd(&crowd);
  EventTrader trader(pipeline, table, cfg.trader, venue.binding(), venue);
  ExchangeAccount account(ex, venue.asset(), cfg.venue.deposit);
  EventLedger ledger(market, cfg.minutes_per_day, cfg.stop, cfg.lot, trader.orders(), trace);
  const hl::Address me = EventVenue::us();
  const std::uint64_t interval = cfg.venue.sequencing.block_interval_ms;
  std::vector<FeedDelivery> visible;

  for (std::uint64_t block = ledger.first_block(interval); ledger.advance(block, account); block += interval) {
    venue.crowd_until(block);
    venue.take_visible(block, visible);
    for (const FeedDelivery& d : visible) trader.on_delivery(d);
    // activeAssetCtx: the cash funding the pipeline's table is indexed by (given after this
    // block's deliveries, so record times never go backwards).
    if (const auto f = ledger.take_funding()) trader.on_funding(*f, block);
    trader.poll(block);
    for (const exchange::BlockOutput& b : venue.execute(block)) {
      for (const exchange::UserFillEvent& f : b.fills) {
        if (!(f.user == me)) continue;
        ledger.on_fill(b.block_time_ms, f.fill.is_buy ? Side::kBid : Side::kAsk, f.fill.price, f.fill.size, f.fill.fee,
                       f.fill.crossed, crowd.fair());
      }
      ledger.on_position(account.position());
    }
  }
  ledger.finish(r, account, venue.counters(), trader.records(), "event model");
  r.events = venue.events();
  return r;
}

}  // namespace hlmm::backtest
