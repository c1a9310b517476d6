// One backtest run: a market path, a quote source (the pipeline with a policy table, normally)
// and an execution model, stepped once per minute (shared/hjb-math.md §8):
//   1. at each clock hour after the first, funding settles: cash -= q * f, f = mid * rate;
//   2. the quote source gets the step's records and returns the resting quotes;
//   3. the execution model proposes fills; the engine applies them bid first and blocks any that
//      would take |q| beyond the limit; the applied fills go back to the quote source (kFill);
//   4. equity = cash + q * mid is marked.
// Cash is kept exactly: an int128 count of 1e-16 USD (price units x size units), so the
// accounting identity holds to the last unit and funding signs can be checked exactly.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "backtest/execution_model.hpp"
#include "backtest/market.hpp"
#include "backtest/quote_source.hpp"

namespace hlmm::backtest {

__extension__ typedef __int128 Cash;  // 1e-16 USD
inline constexpr double kCashScale = 1e16;

struct EngineConfig {
  Size position_limit = 0;           // |q| <= limit, size units
  int minutes_per_funding = 60;      // funding settles at every multiple (the venue: hourly)
  int minutes_per_day = 1440;
  const std::atomic<bool>* stop = nullptr;  // checked every simulated hour; set: the run ends early
};

struct TraceFill {
  int minute;
  Side side;
  Price price;
  Size size;
  Price mid;
};

struct TraceFunding {
  int minute;
  Size position;
  Price funding;  // cash funding f the payment used
  Cash paid;      // q * f, positive: we paid
};

// Everything a test needs to re-derive the run independently. Minute arrays are filled only when
// `minutes` is requested (memory: 4 x 8 bytes per minute).
struct Trace {
  bool keep_minutes = false;
  std::vector<TraceFill> fills;
  std::vector<TraceFunding> funding;
  std::vector<Size> position;  // after the step's fills
  std::vector<Cash> cash;
  std::vector<Cash> equity;
  std::vector<RestingQuote> bid, ask;  // the quotes that rested over the step
};

struct RunResult {
  bool completed = false;      // false: stopped early (SIGINT); the metrics cover the steps run
  int minutes = 0;
  double final_equity = 0.0;   // USD
  double inventory_rms = 0.0;  // coins, over every step
  double max_drawdown = 0.0;   // USD, min(equity - running max), <= 0
  double fill_rate = 0.0;      // fills / (2 x steps)
  double funding_paid = 0.0;   // USD, positive: paid
  double spread_captured = 0.0;  // USD, sum |fill price - mid| x size
  double sharpe = 0.0;         // hourly equity changes, mean / sd x sqrt(8760)
  std::uint64_t fills = 0;
  std::uint64_t blocked_fills = 0;  // proposed fills the limit check refused
  std::uint64_t records = 0;        // records pushed through the pipeline
  Size final_position = 0;
  Cash final_cash = 0;
  std::vector<double> day_pnl;      // equity change per full or partial day, USD
  std::vector<double> day_funding;  // funding paid per day, USD
  std::vector<double> day_q2;       // mean q^2 per day, coins^2
  // Event-level execution model only (event_engine.hpp); zero under the study model.
  double fees_paid = 0.0;           // USD; negative: rebates received
  double max_abs_position = 0.0;    // coins, at any committed block
  std::uint64_t alo_rejects = 0;    // our post-only orders refused because they would cross
  std::uint64_t requests = 0;       // our actions submitted
  std::uint64_t taker_fills = 0;    // our fills as taker (0 while every quote is ALO)
  std::uint64_t events = 0;         // L2 updates + trades processed (the benchmark's unit)
  std::uint64_t trades = 0;         // public prints
};

RunResult run_engine(const MarketPath& market, QuoteSource& quotes, ExecutionModel& execution,
                     const EngineConfig& config, Trace* trace = nullptr);

}  // namespace hlmm::backtest
