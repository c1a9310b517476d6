// The delta-hedge overlay of the study model (issue #11): host/strategies' DeltaHedger wrapped
// around a quote source and an execution model, so the engine runs unchanged.
//
// Each minute, before the quotes, the overlay updates a rolling one-minute return variance of the
// mid, computes the position's parametric VaR (z_c |q mid| sigma sqrt(horizon)) and asks the
// hedger. A lean shifts both resting quotes (never across the mid). An external hedge is an IOC
// on the SAME perp (no second instrument in the study model), filled in full at
//   mid +/- (half-spread + taker fee x mid), rounded against us to the price unit,
// i.e. it crosses half a one-tick spread and pays the taker fee; depth and impact are not modelled.
// The fill goes through the engine like any other (position, cash, the pipeline's kFill), so the
// equity includes its cost; the overlay also counts it apart.
//
// run_hedge_comparison runs the same seeds (same market path, same fill uniforms) without and
// with the overlay and summarises inventory RMS, terminal PnL, hedge cost and hedge trades.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "backtest/engine.hpp"
#include "backtest/quote_source.hpp"
#include "backtest/study.hpp"
#include "policy/presets.hpp"
#include "strategies/delta_hedge.hpp"

namespace hlmm::backtest {

struct HedgeOverlayConfig {
  strategies::DeltaHedgeConfig hedger;
  int vol_window_minutes = 60;   // one-minute returns behind sigma
  double confidence = 0.99;      // VaR level
  double horizon_minutes = 60;   // VaR horizon
  double half_spread_usd = 0.05; // the IOC crosses this from the mid
  double taker_fee = 0.00045;    // fraction of notional (Hyperliquid base tier)
};

// The defaults for a preset: threshold 0.3 x limit; VaR limit = the VaR of that inventory at the
// preset's volatility (so, at nominal volatility, the hedge brings |q| back to the threshold);
// eta 1; lean 1 bp per coin up to 5 bp; escalation after 15 minutes without half the hedge size
// done; IOCs in whole preset lots (the policy's inventory grid); half a one-tick spread at 5
// significant figures; taker fee 4.5 bp.
HedgeOverlayConfig default_hedge_overlay(const policy::AssetPreset& preset);

struct HedgeStats {
  std::uint64_t hedge_trades = 0;  // IOCs filled
  double hedged_coins = 0;         // sum of |IOC size|
  double hedge_cost_usd = 0;       // sum |fill price - mid| x size over the IOCs
  std::uint64_t lean_steps = 0;    // minutes with the quotes leaning
};

class HedgeOverlay {
 public:
  explicit HedgeOverlay(const HedgeOverlayConfig& config);  // throws std::invalid_argument on a bad config
  // The step's decision, from the engine's position at its start.
  void on_step(const StepInput& in);
  // Moves both quotes by the current lean (none when not leaning), never across the mid. Give it
  // a copy of the source's own quotes: quotes already leaned would move twice.
  void lean(RestingQuote (&quotes)[2]) const;
  // Appends the step's IOC, if the decision was external, as a fill at the cost model's price.
  void take_ioc(Price mid, std::vector<ProposedFill>& out);
  const HedgeStats& stats() const { return stats_; }

 private:
  HedgeOverlayConfig cfg_;
  strategies::DeltaHedger hedger_;
  strategies::RollingReturns returns_;
  Price mid_ = 0;
  Price skew_ = 0;       // price units added to both quotes
  double pending_ = 0;   // coins, signed; 0: no IOC this step
  HedgeStats stats_;
};

// The quote source with the overlay's lean applied to every quote it rests. A source may leave a
// side untouched when it has nothing new to say (the pipeline's hysteresis sends no intent), so it
// keeps its own copy of the quotes: leaning the engine's array in place would lean again, each
// minute, a price that already carries the lean.
class HedgedQuotes final : public QuoteSource {
 public:
  HedgedQuotes(QuoteSource& inner, HedgeOverlay& overlay) : inner_(inner), overlay_(overlay) {}
  std::string_view name() const override { return inner_.name(); }
  void on_step(const StepInput& in, RestingQuote (&quotes)[2]) override;
  void on_fills(std::span<const ProposedFill> fills, std::uint64_t ts_ns, RestingQuote (&quotes)[2]) override;
  std::uint64_t records() const override { return inner_.records(); }

 private:
  void show(RestingQuote (&quotes)[2]) const;  // quotes = unleaned_ with this minute's lean

  QuoteSource& inner_;
  HedgeOverlay& overlay_;
  RestingQuote unleaned_[2];  // what the inner source last said, never leaned
};

// The execution model with the overlay's IOC first in each step (it only reduces |q|, so the
// engine's limit never blocks it), then the inner model's fills.
class HedgedExecution final : public ExecutionModel {
 public:
  HedgedExecution(ExecutionModel& inner, HedgeOverlay& overlay) : inner_(inner), overlay_(overlay) {}
  std::string_view name() const override { return inner_.name(); }
  void step(const StepState& state, const RestingQuote (&quotes)[2], std::vector<ProposedFill>& out) override;

 private:
  ExecutionModel& inner_;
  HedgeOverlay& overlay_;
};

struct HedgeCompareConfig {
  std::string preset = "eth";
  std::string policy = "hjb_fd";
  int seeds = 20;
  std::uint64_t first_seed = 1;
  double days = 36.0;
  int threads = 2;
  std::string backend = "sw";
  bool overlay_set = false;       // false: default_hedge_overlay(preset)
  HedgeOverlayConfig overlay;
};

struct HedgeArm {
  std::string name;              // "no hedge", "delta hedge"
  double inventory_rms = 0;      // coins, mean over seeds of each run's RMS
  Moments final_equity;          // terminal PnL, USD
  double max_drawdown = 0;       // USD, mean over seeds
  double hedge_cost_usd = 0;     // per seed
  double hedge_trades = 0;       // per seed
  double hedged_coins = 0;       // per seed
  double lean_share = 0;         // share of minutes leaning
  double maker_fills = 0;        // per seed, the policy's own fills
  // Where the equity difference comes from, per seed (equity = spread - funding - hedge cost + mark).
  double maker_spread_usd = 0;   // sum |fill price - mid| x size over the policy's own fills
  double funding_paid_usd = 0;   // positive: paid
};

struct HedgeComparison {
  HedgeCompareConfig config;
  int seeds_finished = 0;
  bool interrupted = false;
  double wall_seconds = 0;
  std::vector<HedgeArm> arms;    // [0] no hedge, [1] delta hedge
  double paired_delta_mean = 0;  // delta hedge - no hedge, terminal PnL, USD
  double paired_delta_ci95 = 0;
  double rms_reduced_share = 0;  // seeds where hedging lowered the inventory RMS
};

// Throws StudyError for an unknown preset or policy, bad counts, a policy that fails to solve, or
// an invalid overlay config.
HedgeComparison run_hedge_comparison(const HedgeCompareConfig& config, const std::atomic<bool>& stop);

std::string format_hedge_table(const HedgeComparison& c);
std::string format_hedge_json(const HedgeComparison& c);

}  // namespace hlmm::backtest
