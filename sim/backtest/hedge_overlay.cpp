#include "backtest/hedge_overlay.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "backtest/market.hpp"
#include "backtest/policies.hpp"
#include "backtest/rng.hpp"
#include "engine/backends.hpp"

namespace hlmm::backtest {
namespace {

constexpr double kMinutesPerYear = 525'600.0;
constexpr std::uint64_t kFillStream = 3;  // the study's fill stream: the "no hedge" arm is the study's run

double coins(Size s) { return static_cast<double>(s) / static_cast<double>(kSizeScale); }
double usd(Price p) { return static_cast<double>(p) / static_cast<double>(kPriceScale); }

}  // namespace

HedgeOverlayConfig default_hedge_overlay(const policy::AssetPreset& preset) {
  HedgeOverlayConfig c;
  auto& h = c.hedger;
  h.inventory_threshold = 0.3 * preset.limit;
  const double sigma_minute = preset.vol_annual / std::sqrt(kMinutesPerYear);
  h.var_limit_usd =
      strategies::position_var(h.inventory_threshold, preset.ref_price, sigma_minute, c.confidence, c.horizon_minutes);
  h.eta = 1.0;
  h.lean_bps_per_coin = 1.0 / preset.lot;  // 1 bp per lot of excess
  h.max_lean_bps = 5.0;
  h.min_progress = 0.5;
  h.escalate_after_ns = 15ull * 60'000'000'000ull;
  h.hedge_ratio = 1.0;
  h.hedge_lot = preset.lot;
  // Hyperliquid prices carry 5 significant figures: the tick of a price is 10^(digits - 5).
  const double tick = std::pow(10.0, std::floor(std::log10(preset.ref_price)) - 4.0);
  c.half_spread_usd = tick / 2;
  c.taker_fee = 0.00045;
  return c;
}

HedgeOverlay::HedgeOverlay(const HedgeOverlayConfig& config)
    : cfg_(config),
      hedger_(config.hedger),
      returns_(1, static_cast<std::size_t>(std::max(config.vol_window_minutes, 0))) {
  if (!(cfg_.half_spread_usd >= 0) || !(cfg_.taker_fee >= 0) || !(cfg_.horizon_minutes > 0)) {
    throw std::invalid_argument("hedge overlay: half-spread and taker fee must be >= 0, horizon > 0");
  }
  // The VaR confidence is checked by position_var; check it here so a bad value fails at once.
  strategies::position_var(0, 1, 0, cfg_.confidence, cfg_.horizon_minutes);
}

void HedgeOverlay::on_step(const StepInput& in) {
  if (mid_ > 0 && in.mid > 0) {
    const double r = static_cast<double>(in.mid) / static_cast<double>(mid_) - 1.0;
    returns_.push_returns(std::span<const double>(&r, 1));
  }
  mid_ = in.mid;
  skew_ = 0;
  pending_ = 0;
  const double q = coins(in.position);
  const double sigma = std::sqrt(std::max(returns_.variance(0), 0.0));
  const double var = strategies::position_var(q, usd(in.mid), sigma, cfg_.confidence, cfg_.horizon_minutes);
  const strategies::HedgeDecision d = hedger_.decide(q, var, in.ts_ns);
  if (d.action == strategies::HedgeAction::kLean) {
    skew_ = static_cast<Price>(std::llround(d.skew_bps * 1e-4 * static_cast<double>(in.mid)));
    if (skew_ != 0) ++stats_.lean_steps;
  } else if (d.action == strategies::HedgeAction::kExternal) {
    pending_ = d.ioc_qty;
  }
}

void HedgeOverlay::lean(RestingQuote (&quotes)[2]) const {
  if (skew_ == 0) return;
  // A leaning quote stays a maker quote: at least one price unit from the mid on its own side.
  if (quotes[0].live) quotes[0].price = std::min(quotes[0].price + skew_, mid_ - 1);
  if (quotes[1].live) quotes[1].price = std::max(quotes[1].price + skew_, mid_ + 1);
}

void HedgeOverlay::take_ioc(Price mid, std::vector<ProposedFill>& out) {
  const double qty = pending_;
  pending_ = 0;
  const Size size = static_cast<Size>(std::llround(std::abs(qty) * static_cast<double>(kSizeScale)));
  if (size <= 0) return;
  // Rounded up: the cost model never flatters the hedge.
  const double cross = cfg_.half_spread_usd + cfg_.taker_fee * usd(mid);
  const auto cross_units = static_cast<Price>(std::ceil(cross * static_cast<double>(kPriceScale)));
  const Side side = qty > 0 ? Side::kBid : Side::kAsk;
  out.push_back({side, side == Side::kBid ? mid + cross_units : mid - cross_units, size});
  ++stats_.hedge_trades;
  stats_.hedged_coins += coins(size);
  stats_.hedge_cost_usd += usd(cross_units) * coins(size);
}

void HedgedQuotes::show(RestingQuote (&quotes)[2]) const {
  quotes[0] = unleaned_[0];
  quotes[1] = unleaned_[1];
  overlay_.lean(quotes);
}

void HedgedQuotes::on_step(const StepInput& in, RestingQuote (&quotes)[2]) {
  overlay_.on_step(in);
  inner_.on_step(in, unleaned_);
  show(quotes);
}

void HedgedQuotes::on_fills(std::span<const ProposedFill> fills, std::uint64_t ts_ns, RestingQuote (&quotes)[2]) {
  if (fills.empty()) return;
  inner_.on_fills(fills, ts_ns, unleaned_);
  show(quotes);
}

void HedgedExecution::step(const StepState& state, const RestingQuote (&quotes)[2], std::vector<ProposedFill>& out) {
  overlay_.take_ioc(state.mid, out);
  inner_.step(state, quotes, out);
}

namespace {

struct SeedResult {
  bool done = false;
  RunResult plain, hedged;
  HedgeStats stats;
};

}  // namespace

HedgeComparison run_hedge_comparison(const HedgeCompareConfig& cfg, const std::atomic<bool>& stop) {
  const auto preset = policy::find_preset(cfg.preset);
  if (!preset) throw StudyError(fmt::format("unknown preset '{}'; choose eth, btc or sol", cfg.preset));
  if (cfg.seeds < 1) throw StudyError("--seeds must be at least 1");
  if (!(cfg.days * 1440.0 >= 60.0) || cfg.days > 3650.0) throw StudyError("--days must be between 1/24 and 3650");
  if (cfg.threads < 1) throw StudyError("--threads must be at least 1");
  if (!is_backtest_policy(cfg.policy) || cfg.policy == "pure_as_scaled") {
    throw StudyError(fmt::format("unknown policy '{}' for --compare-hedge; choose one of pure_as, hjb_fd, "
                                 "risk_calibrated, inventory, pure_as_risk_matched, hjb_fd_no_funding",
                                 cfg.policy));
  }
  HedgeComparison out;
  out.config = cfg;
  if (!cfg.overlay_set) out.config.overlay = default_hedge_overlay(*preset);
  const HedgeOverlayConfig overlay_cfg = out.config.overlay;
  try {
    HedgeOverlay probe(overlay_cfg);
  } catch (const std::invalid_argument& e) {
    throw StudyError(e.what());
  }
  const int sz = sz_decimals_for(preset->name).value_or(4);
  auto built = build_policy(cfg.policy, *preset, sz);
  if (!built) throw StudyError(fmt::format("policy {} failed to solve: {}", cfg.policy, built.error().message));
  const PolicySpec spec = std::move(built).value();
  const MarketSpec market = market_spec_for(*preset);
  const int minutes = static_cast<int>(std::lround(cfg.days * 1440.0));
  const Size limit = static_cast<Size>(std::llround(spec.limit * static_cast<double>(kSizeScale)));

  const auto t0 = std::chrono::steady_clock::now();
  std::vector<SeedResult> results(static_cast<std::size_t>(cfg.seeds));
  std::atomic<int> next{0};
  std::mutex err_mu;
  std::string error;
  auto worker = [&] {
    for (;;) {
      if (stop.load()) return;
      const int i = next.fetch_add(1);
      if (i >= cfg.seeds) return;
      try {
        const std::uint64_t seed = cfg.first_seed + static_cast<std::uint64_t>(i);
        const MarketPath path = generate_market(market, seed, minutes);
        EngineConfig ec;
        ec.position_limit = limit;
        ec.stop = &stop;
        SeedResult& r = results[static_cast<std::size_t>(i)];
        {
          StudyExecutionModel exec(preset->A, preset->k, 1.0 / 60.0, stream_key(seed, kFillStream));
          auto pipe = engine::make_pipeline(cfg.backend);
          PipelineQuotes src(*pipe, spec.table, sz, limit);
          r.plain = run_engine(path, src, exec, ec);
        }
        {
          StudyExecutionModel exec(preset->A, preset->k, 1.0 / 60.0, stream_key(seed, kFillStream));
          auto pipe = engine::make_pipeline(cfg.backend);
          PipelineQuotes src(*pipe, spec.table, sz, limit);
          HedgeOverlay overlay(overlay_cfg);
          HedgedQuotes quotes(src, overlay);
          HedgedExecution execution(exec, overlay);
          r.hedged = run_engine(path, quotes, execution, ec);
          r.stats = overlay.stats();
        }
        r.done = r.plain.completed && r.hedged.completed;
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(err_mu);
        if (error.empty()) error = e.what();
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  const int threads = std::min(cfg.threads, cfg.seeds);
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  if (!error.empty()) throw StudyError(fmt::format("hedge comparison failed: {}", error));
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<double> eq[2], deltas;
  out.arms.resize(2);
  out.arms[0].name = "no hedge";
  out.arms[1].name = "delta hedge";
  int reduced = 0;
  for (const SeedResult& r : results) {
    if (!r.done) continue;
    ++out.seeds_finished;
    const RunResult* runs[2] = {&r.plain, &r.hedged};
    for (int a = 0; a < 2; ++a) {
      HedgeArm& arm = out.arms[static_cast<std::size_t>(a)];
      arm.inventory_rms += runs[a]->inventory_rms;
      arm.max_drawdown += runs[a]->max_drawdown;
      arm.funding_paid_usd += runs[a]->funding_paid;
      eq[a].push_back(runs[a]->final_equity);
    }
    out.arms[0].maker_fills += static_cast<double>(r.plain.fills);
    out.arms[0].maker_spread_usd += r.plain.spread_captured;
    HedgeArm& h = out.arms[1];
    h.hedge_cost_usd += r.stats.hedge_cost_usd;
    h.hedge_trades += static_cast<double>(r.stats.hedge_trades);
    h.hedged_coins += r.stats.hedged_coins;
    h.lean_share += r.hedged.minutes > 0 ? static_cast<double>(r.stats.lean_steps) / r.hedged.minutes : 0.0;
    h.maker_fills += static_cast<double>(r.hedged.fills - r.stats.hedge_trades);
    // The engine counts the IOC's (negative) spread too; the cost column has it apart.
    h.maker_spread_usd += r.hedged.spread_captured + r.stats.hedge_cost_usd;
    deltas.push_back(r.hedged.final_equity - r.plain.final_equity);
    if (r.hedged.inventory_rms < r.plain.inventory_rms) ++reduced;
  }
  out.interrupted = out.seeds_finished < cfg.seeds;
  if (out.seeds_finished > 0) {
    const double n = out.seeds_finished;
    for (int a = 0; a < 2; ++a) {
      HedgeArm& arm = out.arms[static_cast<std::size_t>(a)];
      arm.inventory_rms /= n;
      arm.max_drawdown /= n;
      arm.hedge_cost_usd /= n;
      arm.hedge_trades /= n;
      arm.hedged_coins /= n;
      arm.lean_share /= n;
      arm.maker_fills /= n;
      arm.maker_spread_usd /= n;
      arm.funding_paid_usd /= n;
      arm.final_equity = moments(eq[a]);
    }
    const Moments d = moments(deltas);
    out.paired_delta_mean = d.mean;
    out.paired_delta_ci95 = d.ci95;
    out.rms_reduced_share = reduced / n;
  }
  return out;
}

std::string format_hedge_table(const HedgeComparison& c) {
  const HedgeOverlayConfig& o = c.config.overlay;
  const auto& h = o.hedger;
  std::string s = fmt::format(
      "hedge comparison: preset {}, policy {}, {} seeds x {} days (study execution model, paired seeds){}\n",
      c.config.preset, c.config.policy, c.seeds_finished, c.config.days, c.interrupted ? " [interrupted]" : "");
  s += fmt::format(
      "hedger: |q| > {} coins and {:.0f}-minute {:.0f}% VaR > {:.2f} USD; size q (1 - VaR_max/VaR) x {}; lean {} bp per "
      "coin (max {} bp); IOC after {} min without {:.0f}% of the hedge done\n",
      h.inventory_threshold, o.horizon_minutes, o.confidence * 100, h.var_limit_usd, h.eta, h.lean_bps_per_coin,
      h.max_lean_bps, static_cast<double>(h.escalate_after_ns) / 60e9, h.min_progress * 100);
  s += fmt::format(
      "cost model: IOC on the same perp, filled in full at mid +/- ({} USD half-spread + {:.1f} bp taker fee), in lots "
      "of {} coins; no depth or impact\n\n",
      o.half_spread_usd, o.taker_fee * 1e4, h.hedge_lot);
  s += fmt::format("{:<12} {:>14} {:>24} {:>11} {:>11} {:>13} {:>13} {:>8} {:>12} {:>13} {:>13}\n", "",
                   "inventory RMS", "mean equity (95% CI)", "max DD", "hedge cost", "hedge trades", "hedged coins",
                   "leaning", "maker fills", "maker spread", "funding paid");
  for (const HedgeArm& a : c.arms) {
    s += fmt::format(
        "{:<12} {:>14.3f} {:>24} {:>11.2f} {:>11.2f} {:>13.1f} {:>13.1f} {:>7.1f}% {:>12.1f} {:>13.2f} {:>13.2f}\n",
        a.name, a.inventory_rms, fmt::format("{:.2f} +/- {:.2f}", a.final_equity.mean, a.final_equity.ci95),
        a.max_drawdown, a.hedge_cost_usd, a.hedge_trades, a.hedged_coins, a.lean_share * 100, a.maker_fills,
        a.maker_spread_usd, a.funding_paid_usd);
  }
  s += "(per seed: equity, max DD, hedge cost, trades, coins, fills, spread and funding in USD or counts; inventory "
       "RMS in coins)\n";
  s += fmt::format(
      "\npaired (delta hedge - no hedge): terminal PnL {:+.2f} +/- {:.2f} USD; inventory RMS lower on {:.0f}% of seeds "
      "({:.1f} s)\n",
      c.paired_delta_mean, c.paired_delta_ci95, c.rms_reduced_share * 100, c.wall_seconds);
  return s;
}

std::string format_hedge_json(const HedgeComparison& c) {
  const HedgeOverlayConfig& o = c.config.overlay;
  std::string arms;
  for (const HedgeArm& a : c.arms) {
    if (!arms.empty()) arms += ",";
    arms += fmt::format(
        "{{\"name\":\"{}\",\"inventory_rms\":{:.6f},\"mean_equity\":{:.4f},\"equity_ci95\":{:.4f},\"max_drawdown\":{:.4f},"
        "\"hedge_cost\":{:.4f},\"hedge_trades\":{:.3f},\"hedged_coins\":{:.4f},\"lean_share\":{:.6f},\"maker_fills\":{:.3f},"
        "\"maker_spread\":{:.4f},\"funding_paid\":{:.4f}}}",
        a.name, a.inventory_rms, a.final_equity.mean, a.final_equity.ci95, a.max_drawdown, a.hedge_cost_usd,
        a.hedge_trades, a.hedged_coins, a.lean_share, a.maker_fills, a.maker_spread_usd, a.funding_paid_usd);
  }
  return fmt::format(
      "{{\"preset\":\"{}\",\"policy\":\"{}\",\"seeds\":{},\"days\":{},\"interrupted\":{},"
      "\"cost_model\":{{\"instrument\":\"same perp\",\"half_spread_usd\":{},\"taker_fee\":{},\"lot\":{}}},"
      "\"hedger\":{{\"inventory_threshold\":{},\"var_limit_usd\":{:.4f},\"eta\":{},\"escalate_after_min\":{}}},"
      "\"arms\":[{}],\"paired_equity_delta\":{:.4f},\"paired_equity_delta_ci95\":{:.4f},\"rms_reduced_share\":{:.4f},"
      "\"wall_seconds\":{:.3f}}}",
      c.config.preset, c.config.policy, c.seeds_finished, c.config.days, c.interrupted ? "true" : "false",
      o.half_spread_usd, o.taker_fee, o.hedger.hedge_lot, o.hedger.inventory_threshold, o.hedger.var_limit_usd,
      o.hedger.eta, static_cast<double>(o.hedger.escalate_after_ns) / 60e9, arms, c.paired_delta_mean,
      c.paired_delta_ci95, c.rms_reduced_share, c.wall_seconds);
}

}  // namespace hlmm::backtest
