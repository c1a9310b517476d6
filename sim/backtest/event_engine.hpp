// One event-level run: the crowd's flow and our trader on the simulated exchange, block by block,
// over the same market path (mid and hourly funding) the study model uses for the seed.
//
// Per block B (every 190 ms): minute marks and the hourly funding due by B (the exchange settles
// q * oracle * rate on every account, we get a kFunding record); the crowd's actions arriving by B;
// the deliveries visible by B to our trader (which may send); our trader's poll; block B runs.
// Metrics are the study engine's (RunResult), marked at each minute's end with the path's mid
// (the fair price's minute endpoint): equity = exchange cash - deposit + q * mid, cash exact at
// 1e-8 USD (the exchange's Money), fees and funding included. The fill rate counts filled size in
// lots: (filled size / lot) / (2 x minutes), comparable with the study's one-lot fills.
#pragma once

#include <atomic>

#include "backtest/crowd_flow.hpp"
#include "backtest/engine.hpp"
#include "backtest/event_trader.hpp"
#include "backtest/event_venue.hpp"
#include "backtest/market.hpp"

namespace hlmm::backtest {

struct EventRunConfig {
  EventVenueConfig venue;
  CrowdConfig crowd;
  EventTraderConfig trader;
  double A = 0.0;            // takers per hour per side at delta 0
  double k = 1.0;            // 1/USD
  double lot = 1.0;          // coins: the crowd's size unit and the fill-rate unit
  double vol_annual = 0.65;  // the fair price's bridge between minute mids
  std::uint64_t seed = 1;
  int minutes_per_day = 1440;
  const std::atomic<bool>* stop = nullptr;  // checked every simulated hour
};

// Throws std::runtime_error when the order manager halts or disables the asset (a tick or lot
// violation is a bug in hlmm's rounding, never a market outcome).
RunResult run_event_engine(const MarketPath& market, engine::Pipeline& pipeline, const PolicyTable& table,
                           const EventRunConfig& config, Trace* trace = nullptr);

}  // namespace hlmm::backtest
