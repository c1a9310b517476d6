#include "backtest/study.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "backtest/l2_replay.hpp"
#include "backtest/rng.hpp"
#include "engine/backends.hpp"

namespace hlmm::backtest {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kFillStream = 3;
constexpr int kMinutesPerDay = 1440;

struct DayStats {
  double mean_rate = 0.0;
  double realized_vol = 0.0;  // annualised from one-minute log returns
};

std::vector<DayStats> day_stats(const MarketPath& m) {
  const int days = m.minutes() / kMinutesPerDay;
  std::vector<DayStats> out(static_cast<std::size_t>(days));
  for (int d = 0; d < days; ++d) {
    double rate = 0.0, sq = 0.0;
    for (int i = d * kMinutesPerDay; i < (d + 1) * kMinutesPerDay; ++i) {
      rate += m.rate[static_cast<std::size_t>(i / 60)];
      if (i > 0) {
        const double r = std::log(static_cast<double>(m.mid[static_cast<std::size_t>(i)]) /
                                  static_cast<double>(m.mid[static_cast<std::size_t>(i - 1)]));
        sq += r * r;
      }
    }
    out[static_cast<std::size_t>(d)] = {rate / kMinutesPerDay, std::sqrt(sq * 365.0)};
  }
  return out;
}

// Per seed, the day each window picks: highest / lowest mean funding, highest realised
// volatility, lowest realised volatility (calm).
constexpr const char* kWindowNames[] = {"highest_funding", "lowest_funding", "highest_volatility", "calm"};

std::vector<int> pick_windows(const std::vector<DayStats>& s) {
  if (s.empty()) return {};
  auto by = [&](auto key, bool max) {
    int best = 0;
    for (int d = 1; d < static_cast<int>(s.size()); ++d) {
      const double x = key(s[static_cast<std::size_t>(d)]), y = key(s[static_cast<std::size_t>(best)]);
      if (max ? x > y : x < y) best = d;
    }
    return best;
  };
  auto rate = [](const DayStats& d) { return d.mean_rate; };
  auto vol = [](const DayStats& d) { return d.realized_vol; };
  return {by(rate, true), by(rate, false), by(vol, true), by(vol, false)};
}

policy::AssetPreset stressed(policy::AssetPreset a, double funding_scale, double sigma_scale) {
  a.theta *= funding_scale;
  a.jump_theta *= funding_scale;
  a.sigma *= sigma_scale;
  a.jump_sigma *= sigma_scale;
  return a;
}

struct Runner {
  const StudyConfig& cfg;
  const policy::AssetPreset& preset;
  MarketSpec market;
  int sz_decimals;
  int minutes;
  const std::atomic<bool>& stop;

  RunResult run(const PolicySpec& spec, const MarketPath& path, std::uint64_t seed, Trace* trace = nullptr) const {
    const Size limit = static_cast<Size>(std::llround(spec.limit * static_cast<double>(kSizeScale)));
    if (cfg.execution == ExecutionMode::kL2) {
      L2ReplayConfig l2;
      l2.coin = preset.name;
      l2.sz_decimals = static_cast<std::uint8_t>(sz_decimals);
      l2.latency = cfg.event.latency;
      l2.fees = cfg.event.fees;
      l2.book_levels = cfg.event.book_levels;
      l2.push_interval_ms = cfg.event.push_interval_ms;
      l2.trader.position_limit = limit;
      l2.lot = preset.lot;
      l2.stop = &stop;
      auto pipe = engine::make_pipeline(cfg.backend);
      if (cfg.recorded_l2) {
        VectorL2Source source(cfg.recorded_l2->grid, cfg.recorded_l2->events);
        return run_l2_replay(path, source, *pipe, spec.table, l2, trace);
      }
      SyntheticL2Source source(path, sz_decimals, preset.A, preset.k, preset.lot, market.vol_annual, seed, cfg.event.l2);
      return run_l2_replay(path, source, *pipe, spec.table, l2, trace);
    }
    if (cfg.execution == ExecutionMode::kEvent) {
      EventRunConfig ev;
      ev.venue.coin = preset.name;
      ev.venue.sz_decimals = static_cast<std::uint8_t>(sz_decimals);
      ev.venue.latency = cfg.event.latency;
      ev.venue.fees = cfg.event.fees;
      ev.venue.book_levels = cfg.event.book_levels;
      ev.crowd = cfg.event.crowd;
      ev.trader.position_limit = limit;
      ev.A = preset.A;
      ev.k = preset.k;
      ev.lot = preset.lot;  // the crowd's size unit is the preset's lot for every policy
      ev.vol_annual = market.vol_annual;
      ev.seed = seed;
      ev.stop = &stop;
      auto pipe = engine::make_pipeline(cfg.backend);
      return run_event_engine(path, *pipe, spec.table, ev, trace);
    }
    StudyExecutionModel exec(preset.A, preset.k, 1.0 / 60.0, stream_key(seed, kFillStream));
    EngineConfig ec;
    ec.position_limit = limit;
    ec.stop = &stop;
    if (cfg.quotes == QuoteMode::kContinuous) {
      SurfaceQuotes src(spec.surface, ec.position_limit, sz_decimals);
      return run_engine(path, src, exec, ec, trace);
    }
    auto pipe = engine::make_pipeline(cfg.backend);
    PipelineQuotes src(*pipe, spec.table, sz_decimals, ec.position_limit);
    return run_engine(path, src, exec, ec, trace);
  }
};

// Runs job(i) for i in [0, n) on `threads` workers; returns the first exception's text, if any.
template <typename Job, typename Tick>
std::string parallel_for(int n, int threads, const std::atomic<bool>& stop, Job job, Tick tick) {
  std::atomic<int> next{0};
  std::atomic<int> running{threads};
  std::mutex err_mu;
  std::string error;
  std::atomic<bool> failed{false};
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (;;) {
        if (stop.load() || failed.load()) break;
        const int i = next.fetch_add(1);
        if (i >= n) break;
        try {
          job(i);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> lock(err_mu);
          if (error.empty()) error = e.what();
          failed = true;
        }
      }
      running.fetch_sub(1);
    });
  }
  while (running.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    tick();
  }
  for (auto& th : pool) th.join();
  return error;
}

}  // namespace

std::string_view execution_name(ExecutionMode m) {
  switch (m) {
    case ExecutionMode::kStudy: return "study";
    case ExecutionMode::kEvent: return "event";
    case ExecutionMode::kL2: return "l2";
  }
  return "?";
}

Moments moments(const std::vector<double>& xs) {
  Moments m;
  if (xs.empty()) return m;
  double sum = 0.0;
  for (double x : xs) sum += x;
  m.mean = sum / static_cast<double>(xs.size());
  if (xs.size() < 2) return m;
  double ss = 0.0;
  for (double x : xs) ss += (x - m.mean) * (x - m.mean);
  m.ci95 = 1.96 * std::sqrt(ss / static_cast<double>(xs.size() - 1)) / std::sqrt(static_cast<double>(xs.size()));
  return m;
}

StudyResult run_study(const StudyConfig& cfg, const std::atomic<bool>& stop, const ProgressFn& progress) {
  const auto found = policy::find_preset(cfg.preset);
  if (!found) throw StudyError(fmt::format("unknown preset '{}'; choose eth, btc or sol", cfg.preset));
  if (cfg.seeds < 1) throw StudyError("--seeds must be at least 1");
  if (cfg.recorded_l2 && (cfg.execution != ExecutionMode::kL2 || !cfg.recorded)) {
    throw StudyError("a recorded L2 stream is replayed with --execution l2 over its own path");
  }
  if (!cfg.recorded && (!(cfg.days * kMinutesPerDay >= 60.0) || cfg.days > 3650.0)) {
    throw StudyError("--days must be between 1/24 and 3650");
  }
  if (cfg.recorded && cfg.recorded->minutes() < 60) throw StudyError("the recorded market has less than one hour");
  if (cfg.threads < 1) throw StudyError("--threads must be at least 1");
  if (!(cfg.funding_scale >= 0.0) || !(cfg.funding_sigma_scale >= 0.0)) throw StudyError("funding scales must be >= 0");
  if (cfg.execution == ExecutionMode::kEvent && cfg.quotes == QuoteMode::kContinuous) {
    throw StudyError("--quotes continuous must be used with --execution study (the event model trades the pipeline's quotes)");
  }
  const policy::AssetPreset preset = stressed(*found, cfg.funding_scale, cfg.funding_sigma_scale);
  const int sz = sz_decimals_for(preset.name).value_or(4);

  // The run order: pure_as first (every delta is taken against it), pure_as_scaled last (its
  // scale is measured from the others), the rest as asked.
  std::vector<std::string> names = cfg.policies.empty() ? backtest_policy_names() : cfg.policies;
  for (const auto& n : names) {
    if (!is_backtest_policy(n)) {
      throw StudyError(fmt::format("unknown policy '{}'; choose from pure_as, pure_as_scaled, hjb_fd, risk_calibrated, "
                                   "inventory, pure_as_risk_matched, hjb_fd_no_funding",
                                   n));
    }
  }
  StudyResult res;
  res.config = cfg;
  auto has = [&](const char* n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  const bool want_scaled = has("pure_as_scaled");
  std::vector<std::string> phase1{"pure_as"};
  for (const auto& n : names) {
    if (n != "pure_as" && n != "pure_as_scaled" && std::find(phase1.begin(), phase1.end(), n) == phase1.end()) phase1.push_back(n);
  }
  if (!has("pure_as")) res.notes.push_back("pure_as added: every delta is taken against it");
  if (want_scaled && !cfg.scaled_factor && std::find(phase1.begin(), phase1.end(), "hjb_fd") == phase1.end()) {
    phase1.push_back("hjb_fd");
    res.notes.push_back("hjb_fd added: pure_as_scaled's scale is hjb_fd's inventory RMS over pure_as's");
  }

  std::vector<PolicySpec> specs;
  for (const auto& n : phase1) {
    auto spec = build_policy(n, preset, sz);
    if (!spec) throw StudyError(fmt::format("policy {}: {}", n, spec.error().message));
    specs.push_back(std::move(spec.value()));
  }

  const int minutes = cfg.recorded ? cfg.recorded->minutes() : static_cast<int>(std::llround(cfg.days * kMinutesPerDay));
  res.days = minutes / static_cast<double>(kMinutesPerDay);
  const Runner runner{cfg, preset, market_spec_for(preset, cfg.jumps), sz, minutes, stop};
  const int n_seeds = cfg.seeds;
  const auto n_pol = specs.size() + (want_scaled ? 1 : 0);
  // results[policy][seed]
  std::vector<std::vector<RunResult>> results(n_pol, std::vector<RunResult>(static_cast<std::size_t>(n_seeds)));
  std::vector<std::vector<DayStats>> stats(static_cast<std::size_t>(n_seeds));
  std::vector<char> phase1_done(static_cast<std::size_t>(n_seeds), 0);
  // Traces of the first seed (seed index 0 runs on one worker: no sharing).
  std::vector<Trace> phase1_traces(specs.size());
  for (Trace& t : phase1_traces) t.keep_minutes = cfg.keep_traces;
  Trace scaled_trace;
  scaled_trace.keep_minutes = cfg.keep_traces;

  std::atomic<std::uint64_t> runs_done{0};
  const std::uint64_t runs_total = static_cast<std::uint64_t>(n_seeds) * n_pol;
  const auto t0 = Clock::now();
  auto tick = [&] {
    if (progress) {
      progress({runs_done.load(), runs_total, std::chrono::duration<double>(Clock::now() - t0).count()});
    }
  };
  const int threads = std::min(cfg.threads, n_seeds);

  std::string err = parallel_for(n_seeds, threads, stop, [&](int i) {
    const std::uint64_t seed = cfg.first_seed + static_cast<std::uint64_t>(i);
    MarketPath generated;
    if (!cfg.recorded) generated = generate_market(runner.market, seed, minutes);
    const MarketPath& path = cfg.recorded ? *cfg.recorded : generated;
    stats[static_cast<std::size_t>(i)] = day_stats(path);
    if (i == 0 && cfg.keep_traces) res.trace_market = path;
    bool all = true;
    for (std::size_t p = 0; p < specs.size(); ++p) {
      RunResult r = runner.run(specs[p], path, seed, i == 0 ? &phase1_traces[p] : nullptr);
      all = all && r.completed;
      results[p][static_cast<std::size_t>(i)] = std::move(r);
      runs_done.fetch_add(1);
      if (!all) break;
    }
    phase1_done[static_cast<std::size_t>(i)] = all ? 1 : 0;
  }, tick);
  if (!err.empty()) throw StudyError(err);

  std::vector<int> finished;
  for (int i = 0; i < n_seeds; ++i) {
    if (phase1_done[static_cast<std::size_t>(i)]) finished.push_back(i);
  }
  auto mean_rms = [&](const std::string& name) {
    for (std::size_t p = 0; p < specs.size(); ++p) {
      if (specs[p].name != name) continue;
      double s = 0.0;
      for (int i : finished) s += results[p][static_cast<std::size_t>(i)].inventory_rms;
      return finished.empty() ? 0.0 : s / static_cast<double>(finished.size());
    }
    return 0.0;
  };

  bool scaled_ran = false;
  if (want_scaled && !finished.empty() && !stop.load()) {
    const double scale = cfg.scaled_factor ? *cfg.scaled_factor : mean_rms("hjb_fd") / mean_rms("pure_as");
    auto spec = build_policy("pure_as_scaled", preset, sz, scale);
    if (!spec) throw StudyError(fmt::format("policy pure_as_scaled: {}", spec.error().message));
    specs.push_back(std::move(spec.value()));
    const std::size_t p = specs.size() - 1;
    std::vector<char> done(static_cast<std::size_t>(n_seeds), 0);
    err = parallel_for(static_cast<int>(finished.size()), threads, stop, [&](int k) {
      const int i = finished[static_cast<std::size_t>(k)];
      const std::uint64_t seed = cfg.first_seed + static_cast<std::uint64_t>(i);
      MarketPath generated;
      if (!cfg.recorded) generated = generate_market(runner.market, seed, minutes);
      const MarketPath& path = cfg.recorded ? *cfg.recorded : generated;
      RunResult r = runner.run(specs[p], path, seed, i == 0 ? &scaled_trace : nullptr);
      done[static_cast<std::size_t>(i)] = r.completed ? 1 : 0;
      results[p][static_cast<std::size_t>(i)] = std::move(r);
      runs_done.fetch_add(1);
    }, tick);
    if (!err.empty()) throw StudyError(err);
    std::vector<int> kept;
    for (int i : finished) {
      if (done[static_cast<std::size_t>(i)]) kept.push_back(i);
    }
    scaled_ran = !kept.empty();
    if (scaled_ran) {
      finished = std::move(kept);
    } else {
      specs.pop_back();  // interrupted before any seed finished it: report without it
    }
  }
  if (want_scaled && !scaled_ran) res.notes.push_back("pure_as_scaled skipped: the run was interrupted before it");
  tick();

  res.interrupted = stop.load();
  res.seeds_finished = static_cast<int>(finished.size());
  res.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  for (const auto& per_policy : results) {
    for (const auto& r : per_policy) {
      res.records += r.records;
      res.events += r.events;
      if (r.minutes > 0) ++res.runs;
    }
  }
  if (cfg.keep_traces) {
    for (std::size_t p = 0; p < specs.size(); ++p) {
      if (p < phase1_traces.size()) {
        if (!phase1_traces[p].position.empty()) res.traces.push_back({specs[p].name, std::move(phase1_traces[p]), specs[p].table, specs[p].limit});
      } else if (!scaled_trace.position.empty()) {
        res.traces.push_back({specs[p].name, std::move(scaled_trace), specs[p].table, specs[p].limit});
      }
    }
  }

  // pure_as is specs[0]; the table lists policies in the order asked.
  const auto& base = results[0];
  std::vector<std::string> order{"pure_as"};
  for (const auto& n : names) {
    if (n != "pure_as") order.push_back(n);
  }
  for (const auto& n : phase1) {
    if (std::find(order.begin(), order.end(), n) == order.end()) order.push_back(n);
  }
  for (const auto& n : order) {
    std::size_t p = specs.size();
    for (std::size_t j = 0; j < specs.size(); ++j) {
      if (specs[j].name == n) p = j;
    }
    if (p == specs.size()) continue;
    PolicySummary s;
    s.name = n;
    s.scale = specs[p].scale;
    s.seeds = static_cast<int>(finished.size());
    std::vector<double> eq, delta;
    double wins = 0, rms = 0, dd = 0, fr = 0, sh = 0, fp = 0, sce = 0, ie = 0, blocked = 0;
    for (int i : finished) {
      const RunResult& r = results[p][static_cast<std::size_t>(i)];
      eq.push_back(r.final_equity);
      const double d = r.final_equity - base[static_cast<std::size_t>(i)].final_equity;
      delta.push_back(d);
      wins += d > 0 ? 1 : 0;
      rms += r.inventory_rms;
      dd += r.max_drawdown;
      fr += r.fill_rate;
      sh += r.sharpe;
      fp += r.funding_paid;
      sce += r.spread_captured > 0 ? r.final_equity / r.spread_captured : 0.0;
      ie += r.inventory_rms > 0 ? r.final_equity / (r.inventory_rms * preset.ref_price) : 0.0;
      blocked += static_cast<double>(r.blocked_fills);
      s.fees_paid += r.fees_paid;
      s.alo_rejects += static_cast<double>(r.alo_rejects);
      s.requests += static_cast<double>(r.requests);
      s.taker_fills += static_cast<double>(r.taker_fills);
      s.events += static_cast<double>(r.events);
      s.max_abs_position = std::max(s.max_abs_position, r.max_abs_position);
    }
    const double k = finished.empty() ? 1.0 : static_cast<double>(finished.size());
    s.final_equity = moments(eq);
    s.delta_vs_pure_as = moments(delta);
    s.win_rate = wins / k;
    s.inventory_rms = rms / k;
    s.max_drawdown = dd / k;
    s.fill_rate = fr / k;
    s.sharpe = sh / k;
    s.funding_paid = fp / k;
    double spread_sum = 0;
    for (int i : finished) spread_sum += results[p][static_cast<std::size_t>(i)].spread_captured;
    s.spread_captured = spread_sum / k;
    s.equity_per_day = s.final_equity.mean / res.days;
    s.spread_capture_efficiency = sce / k;
    s.inventory_efficiency = ie / k;
    s.blocked_fills = blocked / k;
    s.fees_paid /= k;
    s.alo_rejects /= k;
    s.requests /= k;
    s.taker_fills /= k;
    s.events /= k;
    for (int w = 0; w < 4; ++w) {
      WindowSummary ws;
      ws.name = kWindowNames[w];
      std::vector<double> pnl;
      double wr = 0, wf = 0, rate = 0, vol = 0;
      for (int i : finished) {
        const auto picks = pick_windows(stats[static_cast<std::size_t>(i)]);
        const RunResult& r = results[p][static_cast<std::size_t>(i)];
        if (picks.empty()) continue;
        const auto d = static_cast<std::size_t>(picks[static_cast<std::size_t>(w)]);
        if (d >= r.day_pnl.size()) continue;
        pnl.push_back(r.day_pnl[d]);
        wr += std::sqrt(r.day_q2[d]);
        wf += r.day_funding[d];
        rate += stats[static_cast<std::size_t>(i)][d].mean_rate;
        vol += stats[static_cast<std::size_t>(i)][d].realized_vol;
      }
      if (pnl.empty()) continue;
      const double m = static_cast<double>(pnl.size());
      ws.pnl = moments(pnl);
      ws.inventory_rms = wr / m;
      ws.funding_paid = wf / m;
      ws.mean_rate = rate / m;
      ws.realized_vol = vol / m;
      s.windows.push_back(ws);
    }
    res.policies.push_back(std::move(s));
  }

  auto index_of = [&](const char* name) {
    for (std::size_t j = 0; j < specs.size(); ++j) {
      if (specs[j].name == name) return static_cast<int>(j);
    }
    return -1;
  };
  const int hjb = index_of("hjb_fd");
  for (const char* against : {"hjb_fd_no_funding", "pure_as_risk_matched"}) {
    const int other = index_of(against);
    if (hjb < 0 || other < 0) continue;
    PairedDelta pd;
    pd.policy = "hjb_fd";
    pd.against = against;
    std::vector<double> d, sp, fr, mtm;
    double wins = 0;
    for (int i : finished) {
      const RunResult& x = results[static_cast<std::size_t>(hjb)][static_cast<std::size_t>(i)];
      const RunResult& y = results[static_cast<std::size_t>(other)][static_cast<std::size_t>(i)];
      d.push_back(x.final_equity - y.final_equity);
      sp.push_back(x.spread_captured - y.spread_captured);
      fr.push_back(y.funding_paid - x.funding_paid);
      mtm.push_back(d.back() - sp.back() - fr.back());
      wins += d.back() > 0 ? 1 : 0;
    }
    pd.delta = moments(d);
    pd.spread = moments(sp);
    pd.funding_received = moments(fr);
    pd.mark_to_market = moments(mtm);
    pd.win_rate = finished.empty() ? 0.0 : wins / static_cast<double>(finished.size());
    res.attribution.push_back(pd);
  }
  return res;
}

}  // namespace hlmm::backtest
