#include "app/backtest_command.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli.hpp"
#include "app/dashboard_option.hpp"
#include <algorithm>
#include <cctype>
#include <fstream>

#include "backtest/dashboard_replay.hpp"
#include "backtest/hedge_overlay.hpp"
#include "backtest/html_report.hpp"
#include "backtest/recorded.hpp"
#include "backtest/report.hpp"
#include "backtest/study.hpp"

namespace hlmm::app {
namespace {

// The handler may only touch a lock-free atomic; the study polls it between simulated hours.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_sigint(int) { g_stop.store(true); }

struct BacktestOptions {
  std::string preset = "eth";
  int seeds = 100;
  std::uint64_t first_seed = 1;
  double days = 36.0;
  std::string policies;
  bool json = false;
  std::string backend = "sw";
  int threads = 2;
  std::string quotes = "pipeline";
  bool jumps = false;
  double funding_scale = 1.0;
  double funding_sigma_scale = 1.0;
  double scaled_factor = 0.0;
  std::string progress = "auto";
  std::string candles;
  std::string funding;
  std::string execution = "study";
  std::string report;
  std::uint64_t feed_latency_ms = 20;
  std::uint64_t order_latency_ms = 20;
  std::int32_t maker_fee_ppm = 150;
  std::int32_t taker_fee_ppm = 450;
  double crowd_churn = 1.0;
  int book_levels = 5;
  double l2_churn = backtest::SyntheticL2Config{}.churn_per_s;
  int l2_fair_steps = backtest::SyntheticL2Config{}.fair_steps_per_minute;
  std::uint64_t push_interval_ms = 500;
  std::string l2book;
  std::string trades;
  DashboardFlags dashboard;
  double replay_speed = 60.0;  // simulated minutes per wall second
  std::string replay_policy;   // empty: hjb_fd when it ran, else the first policy
  bool compare_hedge = false;  // the delta-hedge comparison instead of the study table
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// The first seed's trace of one policy, replayed on the dashboard until its end or SIGINT.
int replay_on_dashboard(const BacktestOptions& o, const backtest::StudyResult& result) {
  const std::string wanted = !o.replay_policy.empty() ? o.replay_policy : "hjb_fd";
  auto it = std::find_if(result.traces.begin(), result.traces.end(),
                         [&](const backtest::PolicyTrace& t) { return t.policy == wanted; });
  if (it == result.traces.end() && o.replay_policy.empty()) it = result.traces.begin();
  if (it == result.traces.end()) {
    std::cerr << "hlmm backtest: --replay-policy " << wanted << " did not run\n";
    return kExitUsage;
  }
  std::string coin = o.preset;
  std::transform(coin.begin(), coin.end(), coin.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  try {
    const backtest::DashboardReplay replay(*it, result.trace_market, coin,
                                           o.backend + " (" + o.execution + " model)");
    std::unique_ptr<dashboard::DashboardServer> board = start_dashboard(o.dashboard, {});
    std::cerr << fmt::format("hlmm backtest: replaying {} (seed {}, {} minutes) at {} minutes/s on {}\n", it->policy,
                             o.first_seed, replay.minutes(), o.replay_speed, board->url());
    g_stop.store(false);
    auto* previous = std::signal(SIGINT, on_sigint);
    backtest::replay_to_dashboard(replay, *board, o.replay_speed, g_stop);
    std::signal(SIGINT, previous);
    board->stop();
  } catch (const std::exception& e) {
    std::cerr << "hlmm backtest: " << e.what() << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

// `--compare-hedge`: one policy on the preset without and with the delta-hedge overlay (issue #11).
int run_compare_hedge(const BacktestOptions& o) {
  backtest::HedgeCompareConfig cfg;
  cfg.preset = o.preset;
  cfg.seeds = o.seeds;
  cfg.first_seed = o.first_seed;
  cfg.days = o.days;
  cfg.threads = o.threads;
  cfg.backend = o.backend;
  const std::vector<std::string> policies = split_list(o.policies);
  if (policies.size() > 1) {
    std::cerr << "hlmm backtest: --compare-hedge takes one policy in --policies (default hjb_fd)\n";
    return kExitUsage;
  }
  if (!policies.empty()) cfg.policy = policies.front();
  if (o.execution != "study" || o.quotes != "pipeline" || !o.candles.empty() || !o.report.empty() ||
      !o.dashboard.listen.empty()) {
    std::cerr << "hlmm backtest: --compare-hedge runs the study execution model on the pipeline's quotes over the "
                 "synthetic preset market; drop --execution/--quotes/--candles/--report/--dashboard\n";
    return kExitUsage;
  }
  g_stop.store(false);
  auto* previous = std::signal(SIGINT, on_sigint);
  backtest::HedgeComparison result;
  try {
    result = backtest::run_hedge_comparison(cfg, g_stop);
  } catch (const backtest::StudyError& e) {
    std::signal(SIGINT, previous);
    std::cerr << "hlmm backtest: " << e.what() << "\n";
    const std::string what = e.what();
    const bool usage = what.find("unknown") != std::string::npos || what.find("must") != std::string::npos;
    return usage ? kExitUsage : kExitFailure;
  }
  std::signal(SIGINT, previous);
  std::cout << (o.json ? backtest::format_hedge_json(result) + "\n" : backtest::format_hedge_table(result)) << std::flush;
  return result.interrupted ? kExitInterrupted : kExitOk;
}

int run_backtest(const BacktestOptions& o) {
  if (o.compare_hedge) return run_compare_hedge(o);
  backtest::StudyConfig cfg;
  cfg.preset = o.preset;
  cfg.seeds = o.seeds;
  cfg.first_seed = o.first_seed;
  cfg.days = o.days;
  cfg.policies = split_list(o.policies);
  cfg.backend = o.backend;
  cfg.threads = o.threads;
  cfg.quotes = o.quotes == "continuous" ? backtest::QuoteMode::kContinuous : backtest::QuoteMode::kPipeline;
  cfg.jumps = o.jumps;
  cfg.funding_scale = o.funding_scale;
  cfg.funding_sigma_scale = o.funding_sigma_scale;
  if (o.scaled_factor > 0.0) cfg.scaled_factor = o.scaled_factor;
  cfg.execution = o.execution == "event" ? backtest::ExecutionMode::kEvent
                  : o.execution == "l2"  ? backtest::ExecutionMode::kL2
                                         : backtest::ExecutionMode::kStudy;
  cfg.event.latency.feed_ms = o.feed_latency_ms;
  cfg.event.latency.order_ms = o.order_latency_ms;
  cfg.event.fees.maker_ppm = o.maker_fee_ppm;
  cfg.event.fees.taker_ppm = o.taker_fee_ppm;
  cfg.event.crowd.churn_per_s = o.crowd_churn;
  cfg.event.book_levels = o.book_levels;
  cfg.event.l2.churn_per_s = o.l2_churn;
  cfg.event.l2.fair_steps_per_minute = o.l2_fair_steps;
  cfg.event.push_interval_ms = o.push_interval_ms;
  cfg.keep_traces = !o.report.empty() || !o.dashboard.listen.empty();
  // The replay comes after the whole study: what would refuse it is found before the study runs.
  try {
    check_dashboard(o.dashboard);
  } catch (const std::exception& e) {
    std::cerr << "hlmm backtest: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!o.replay_policy.empty()) {
    const std::vector<std::string> known = cfg.policies.empty() ? backtest::backtest_policy_names() : cfg.policies;
    if (std::find(known.begin(), known.end(), o.replay_policy) == known.end()) {
      std::cerr << "hlmm backtest: --replay-policy " << o.replay_policy << " is not among the policies run\n";
      return kExitUsage;
    }
  }
  if (o.execution != "study" && !o.candles.empty()) {
    std::cerr << "hlmm backtest: --candles is a minute panel for the study model; the event-level models replay a crowd "
                 "(--execution l2 --l2book FILE replays a recorded book)\n";
    return kExitUsage;
  }
  if (!o.l2book.empty() || !o.trades.empty()) {
    if (o.execution != "l2" || o.l2book.empty()) {
      std::cerr << "hlmm backtest: --l2book (and --trades) go with --execution l2\n";
      return kExitUsage;
    }
    const std::optional<int> sz_decimals = backtest::sz_decimals_for(o.preset);
    if (!sz_decimals) {
      std::cerr << "hlmm backtest: unknown preset " << o.preset << " (eth, btc, sol)\n";
      return kExitUsage;
    }
    try {
      const std::string funding = o.funding.empty() ? std::string() : backtest::read_text_file(o.funding);
      auto rec = std::make_shared<backtest::RecordedL2>(backtest::read_recorded_l2(
          backtest::read_text_file(o.l2book), o.trades.empty() ? std::string() : backtest::read_text_file(o.trades),
          *sz_decimals, funding));
      std::string coin = o.preset;
      std::transform(coin.begin(), coin.end(), coin.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (rec->coin != coin) {
        std::cerr << "hlmm backtest: the recorded book is " << rec->coin << ", the preset " << coin << "\n";
        return kExitUsage;
      }
      std::cerr << fmt::format("hlmm backtest: recorded L2: {} snapshots, {} trades, {} events, {} minutes; skipped {} "
                               "lines ({} crossed or out of order), dropped {} trades outside the span\n",
                               rec->snapshots, rec->trades, rec->events->size(), rec->path.minutes(), rec->skipped_lines,
                               rec->bad_snapshots, rec->dropped_trades);
      if (cfg.seeds > 1) {
        std::cerr << "hlmm backtest: one seed: a recorded stream has no random draws, every seed would repeat it\n";
        cfg.seeds = 1;
      }
      cfg.recorded = std::make_shared<const backtest::MarketPath>(rec->path);
      cfg.recorded_l2 = std::move(rec);
    } catch (const backtest::RecordedDataError& e) {
      std::cerr << "hlmm backtest: " << e.what() << "\n";
      return kExitFailure;
    }
  } else if (o.candles.empty() != o.funding.empty()) {
    std::cerr << "hlmm backtest: --candles and --funding go together\n";
    return kExitUsage;
  }
  if (!o.candles.empty()) {
    try {
      backtest::RecordedStats st;
      cfg.recorded = std::make_shared<const backtest::MarketPath>(backtest::market_from_recorded(
          backtest::read_text_file(o.candles), backtest::read_text_file(o.funding), &st));
      std::cerr << fmt::format("hlmm backtest: recorded market: {} candles, {} minutes, {} gap minutes filled, {} funding records\n",
                               st.candles, cfg.recorded->minutes(), st.gap_minutes, st.funding_records);
    } catch (const backtest::RecordedDataError& e) {
      std::cerr << "hlmm backtest: " << e.what() << "\n";
      return kExitFailure;
    }
  }

  // Progress on stderr only: auto shows it on a terminal once the run passes two seconds.
  const bool tty = isatty(STDERR_FILENO) != 0;
  const bool show = o.progress == "on" || (o.progress == "auto" && tty);
  bool drawn = false;
  auto progress = [&](const backtest::StudyProgress& p) {
    if (!show || p.elapsed_s < 2.0 || p.runs_total == 0) return;
    const double frac = static_cast<double>(p.runs_done) / static_cast<double>(p.runs_total);
    const int width = 30;
    const int filled = static_cast<int>(frac * width);
    const double eta = frac > 0 ? p.elapsed_s * (1.0 - frac) / frac : 0.0;
    std::cerr << fmt::format("\r[{}{}] {}/{} runs {:5.1f} s, ~{:.0f} s left   ", std::string(static_cast<std::size_t>(filled), '#'),
                             std::string(static_cast<std::size_t>(width - filled), '.'), p.runs_done, p.runs_total,
                             p.elapsed_s, eta)
              << std::flush;
    drawn = true;
  };

  g_stop.store(false);
  auto* previous = std::signal(SIGINT, on_sigint);
  backtest::StudyResult result;
  try {
    result = backtest::run_study(cfg, g_stop, progress);
  } catch (const backtest::StudyError& e) {
    std::signal(SIGINT, previous);
    if (drawn) std::cerr << "\n";
    std::cerr << "hlmm backtest: " << e.what() << "\n";
    const std::string what = e.what();
    const bool usage = what.find("unknown") != std::string::npos || what.find("must") != std::string::npos;
    return usage ? kExitUsage : kExitFailure;
  }
  std::signal(SIGINT, previous);
  if (drawn) std::cerr << "\n";
  if (result.interrupted) {
    std::cerr << fmt::format("hlmm backtest: interrupted; partial results over {} finished seeds\n", result.seeds_finished);
  }
  if (!o.report.empty()) {
    std::ofstream file(o.report, std::ios::binary | std::ios::trunc);
    file << backtest::format_html_report(result);
    file.close();
    if (!file) {
      std::cerr << "hlmm backtest: cannot write the report to " << o.report << "\n";
      return kExitFailure;
    }
    std::cerr << "hlmm backtest: report written to " << o.report << "\n";
  }
  if (o.json) {
    std::cout << backtest::format_json(result) << "\n";
  } else {
    std::cout << backtest::format_table(result);
  }
  std::cout << std::flush;
  if (!o.dashboard.listen.empty() && !result.interrupted) {
    const int replayed = replay_on_dashboard(o, result);
    if (replayed != kExitOk) return replayed;
  }
  return result.interrupted ? kExitInterrupted : kExitOk;
}

}  // namespace

void add_backtest_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<BacktestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "backtest", "Replay markets through a policy and print the study's table (funding-aware HJB study)");
  cmd->add_option("--preset", opts->preset, "Synthetic market and calibration: eth, btc or sol")->capture_default_str();
  cmd->add_option("--seeds", opts->seeds, "Number of seeds (paired across policies)")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--first-seed", opts->first_seed, "First seed; seeds are first .. first + seeds - 1")->capture_default_str();
  cmd->add_option("--days", opts->days, "Days of 1-minute steps per seed")->capture_default_str();
  cmd->add_option("--policies", opts->policies,
                  "Comma list of pure_as, pure_as_scaled, hjb_fd, risk_calibrated, inventory, pure_as_risk_matched, "
                  "hjb_fd_no_funding (default: all)");
  cmd->add_flag("--json", opts->json, "Print the table as one JSON object");
  cmd->add_option("--backend", opts->backend, "Pipeline backend (see `hlmm devices`)")->capture_default_str();
  cmd->add_option("--threads", opts->threads, "Worker threads (seeds run in parallel)")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--quotes", opts->quotes,
                  "pipeline: the pipeline with the policy table (live path); continuous: the surface in doubles, no "
                  "tick rounding (the study's model, a diagnostic)")
      ->capture_default_str()
      ->check(CLI::IsMember({"pipeline", "continuous"}));
  cmd->add_flag("--jumps", opts->jumps, "Funding with the OU+jump fit's hourly jumps");
  cmd->add_option("--funding-scale", opts->funding_scale, "Multiply the funding mean theta (stress: 10)")->capture_default_str();
  cmd->add_option("--funding-sigma-scale", opts->funding_sigma_scale, "Multiply the funding volatility (stress: 3)")
      ->capture_default_str();
  cmd->add_option("--scaled-factor", opts->scaled_factor,
                  "pure_as_scaled lot/limit multiplier (default: measured hjb_fd / pure_as inventory RMS)");
  cmd->add_option("--progress", opts->progress, "Progress bar on stderr: auto (terminal only), on, off")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "on", "off"}));
  cmd->add_option("--candles", opts->candles,
                  "Recorded 1-minute candles (Hyperliquid candleSnapshot JSON): the mid panel; every seed replays it")
      ->check(CLI::ExistingFile);
  cmd->add_option("--funding", opts->funding, "Recorded funding history (Hyperliquid fundingHistory JSON), with --candles")
      ->check(CLI::ExistingFile);
  cmd->add_option("--execution", opts->execution,
                  "study: one-minute Poisson fills (the study's model); event: the exchange core with crowd flow, queue "
                  "position, latencies, post-only rejects, fees and block sequencing; l2: the same trader on aggregated "
                  "depth and prints (the L2 replay: fast, and the one that replays a recorded book)")
      ->capture_default_str()
      ->check(CLI::IsMember({"study", "event", "l2"}));
  cmd->add_option("--report", opts->report, "Write an HTML report (equity, inventory, quote skew against funding) to FILE");
  cmd->add_option("--feed-latency-ms", opts->feed_latency_ms, "Event model: committed block -> our feed")->capture_default_str();
  cmd->add_option("--order-latency-ms", opts->order_latency_ms, "Event model: our send -> arrival at the exchange")
      ->capture_default_str();
  cmd->add_option("--maker-fee-ppm", opts->maker_fee_ppm, "Event model: our maker fee in millionths (negative: rebate)")
      ->capture_default_str()
      ->check(CLI::Range(-1000, 10000));
  cmd->add_option("--taker-fee-ppm", opts->taker_fee_ppm, "Event model: our taker fee in millionths")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  cmd->add_option("--crowd-churn", opts->crowd_churn, "Event model: crowd adds (and cancels) per second per side")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--book-levels", opts->book_levels, "Event model: book levels per side in each snapshot the pipeline gets")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  cmd->add_option("--l2-churn", opts->l2_churn,
                  "L2 replay: the synthetic crowd's adds (and cancels) per second per side (the stream's density)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10000.0));
  cmd->add_option("--l2-fair-steps", opts->l2_fair_steps,
                  "L2 replay: the synthetic fair price's steps per minute (the crowd re-centres its ladder at each)")
      ->capture_default_str()
      ->check(CLI::Range(1, 6000));
  cmd->add_option("--push-interval-ms", opts->push_interval_ms,
                  "L2 replay: the feed pushes a changed book at most this often (the venue: 500)")
      ->capture_default_str()
      ->check(CLI::Range(0, 60'000));
  cmd->add_option("--l2book", opts->l2book,
                  "L2 replay of a recorded book: Hyperliquid archive l2Book snapshots (JSON lines, LZ4 or plain); with "
                  "--execution l2, the preset's coin, optional --trades and --funding")
      ->check(CLI::ExistingFile);
  cmd->add_option("--trades", opts->trades, "With --l2book: the coin's trades (WS trades lines or a JSON array)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--compare-hedge", opts->compare_hedge,
                "Market making without and with the delta hedge (lean, then IOC on the perp) on the preset: inventory "
                "RMS, terminal PnL, hedge cost, hedge trades (one policy from --policies, default hjb_fd)");
  add_dashboard_options(cmd, opts->dashboard, /*with_kill=*/false);
  cmd->add_option("--replay-speed", opts->replay_speed,
                  "With --dashboard: simulated minutes per second of the replay after the run")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1e7));
  cmd->add_option("--replay-policy", opts->replay_policy,
                  "With --dashboard: the policy whose first seed is replayed (default hjb_fd, else the first)");
  cmd->callback([opts, &exit_code] { exit_code = run_backtest(*opts); });
}

}  // namespace hlmm::app
