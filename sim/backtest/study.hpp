// The study: seeds x policies on one preset, seeds spread over a small thread pool, then the
// table of shared/hjb-math.md §8 (final equity, 95% CI, paired delta vs pure_as, win rate,
// inventory RMS, max drawdown, fill rate, Sharpe) with the KPIs and stress windows of
// docs/backtest.md. Results are indexed by seed, so they do not depend on the thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backtest/engine.hpp"
#include "backtest/event_engine.hpp"
#include "backtest/l2_recorded.hpp"
#include "backtest/l2_synthetic.hpp"
#include "backtest/policies.hpp"

namespace hlmm::backtest {

enum class QuoteMode {
  kPipeline,    // the pipeline backend with the policy table (the live path)
  kContinuous,  // the surface in doubles, no tick rounding, no risk stage (the study's model)
};

enum class ExecutionMode {
  kStudy,  // one-minute Poisson fills Λ(δ) = A e^{-kδ} (execution_model.hpp)
  kEvent,  // the exchange core: crowd flow, queues, latencies, blocks, fees (event_engine.hpp)
  kL2,     // the L2 replay: aggregated depth and prints, queue arithmetic, same trader (l2_replay.hpp)
};

std::string_view execution_name(ExecutionMode m);  // "study", "event", "l2"
// Event level: our own orders in blocks with latencies and fees (event or l2).
inline bool event_level(ExecutionMode m) { return m != ExecutionMode::kStudy; }

// The event model's knobs that the command line exposes; the rest are EventRunConfig defaults.
struct EventOptions {
  EventLatency latency;
  exchange::FeeRates fees;    // ours: tier 0 by default; a negative maker rate is a rebate
  CrowdConfig crowd;
  int book_levels = 5;
  // The L2 replay's synthetic stream and its feed's push interval (l2_replay.hpp).
  SyntheticL2Config l2;
  std::uint64_t push_interval_ms = 500;
};

struct StudyConfig {
  std::string preset = "eth";
  int seeds = 100;
  std::uint64_t first_seed = 1;
  double days = 36.0;
  std::vector<std::string> policies;  // empty: backtest_policy_names()
  int threads = 2;
  std::string backend = "sw";
  QuoteMode quotes = QuoteMode::kPipeline;
  bool jumps = false;                 // OU+jump funding in the market (the HJB stays Gaussian)
  double funding_scale = 1.0;         // theta x this, in the market and the HJB (stress)
  double funding_sigma_scale = 1.0;   // sigma_f x this
  std::optional<double> scaled_factor;  // pure_as_scaled: fixed scale; unset: measured RMS ratio
  // A recorded market (recorded.hpp): every seed replays it and only the fill draws differ;
  // `days` and the synthetic market settings are then ignored.
  std::shared_ptr<const MarketPath> recorded;
  // A recorded L2 stream (l2_recorded.hpp) for the L2 replay: every seed replays it (so one seed
  // says all); `recorded` is then its path.
  std::shared_ptr<const RecordedL2> recorded_l2;
  ExecutionMode execution = ExecutionMode::kStudy;
  EventOptions event;
  bool keep_traces = false;  // per-minute traces of the first seed, per policy (the HTML report)
};

struct Moments {
  double mean = 0.0;
  double ci95 = 0.0;  // 1.96 sd / sqrt(n), sd with ddof 1; 0 when n < 2
};

// One stress window kind: per seed the day the market path picks (same day for every policy).
struct WindowSummary {
  std::string name;  // highest_funding, lowest_funding, highest_volatility, calm
  Moments pnl;       // USD over the window
  double inventory_rms = 0.0;
  double funding_paid = 0.0;
  double mean_rate = 0.0;   // fraction/h over the window, averaged over seeds
  double realized_vol = 0.0;  // annualised, averaged over seeds
};

struct PolicySummary {
  std::string name;
  int seeds = 0;
  double scale = 1.0;           // pure_as_scaled's multiplier
  Moments final_equity;
  Moments delta_vs_pure_as;     // paired by seed
  double win_rate = 0.0;        // share of seeds with delta > 0
  double inventory_rms = 0.0;
  double max_drawdown = 0.0;
  double fill_rate = 0.0;
  double sharpe = 0.0;
  double funding_paid = 0.0;
  double spread_captured = 0.0;  // USD, sum |fill price - mid| x size
  double equity_per_day = 0.0;
  double spread_capture_efficiency = 0.0;
  double inventory_efficiency = 0.0;
  double blocked_fills = 0.0;   // per seed
  // Event model only, per seed: fees (USD, negative = rebates), post-only rejects, our actions,
  // fills as taker, the largest |q| seen (coins, worst seed), events processed.
  double fees_paid = 0.0;
  double alo_rejects = 0.0;
  double requests = 0.0;
  double taker_fills = 0.0;
  double max_abs_position = 0.0;
  double events = 0.0;
  std::vector<WindowSummary> windows;
};

// A paired comparison of two policies over the same seeds (attribution of the HJB's gain).
struct PairedDelta {
  std::string policy;
  std::string against;
  Moments delta;
  double win_rate = 0.0;
  // The delta split exactly as equity = spread captured - funding paid + inventory mark-to-market
  // (sum of q x mid change); under the martingale mid the last has mean zero for every policy.
  Moments spread;
  Moments funding_received;
  Moments mark_to_market;
};

// One policy's per-minute path on the first seed (for the report and the dashboard replay).
struct PolicyTrace {
  std::string policy;
  Trace trace;
  PolicyTable table;  // what the pipeline quoted from
  double limit = 0.0; // |q| <= limit, coins
};

struct StudyResult {
  StudyConfig config;
  std::vector<PolicyTrace> traces;  // when config.keep_traces
  MarketPath trace_market;          // the first seed's market path, when config.keep_traces
  int seeds_finished = 0;   // seeds whose every policy ran to the end
  bool interrupted = false;
  double days = 0.0;
  double wall_seconds = 0.0;
  std::uint64_t records = 0;  // pipeline records over all runs
  std::uint64_t events = 0;   // event model: L2 updates + trades over all runs
  std::uint64_t runs = 0;
  std::vector<PolicySummary> policies;
  // hjb_fd against hjb_fd_no_funding (the funding channel) and against pure_as_risk_matched
  // (inventory control alone), when those policies ran.
  std::vector<PairedDelta> attribution;
  std::vector<std::string> notes;  // what was skipped and why
};

struct StudyProgress {
  std::uint64_t runs_done = 0;
  std::uint64_t runs_total = 0;
  double elapsed_s = 0.0;
};
using ProgressFn = std::function<void(const StudyProgress&)>;

class StudyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws StudyError for an unknown preset or policy, a bad count, or a policy that fails to solve.
StudyResult run_study(const StudyConfig& config, const std::atomic<bool>& stop, const ProgressFn& progress = {});

Moments moments(const std::vector<double>& xs);

}  // namespace hlmm::backtest
