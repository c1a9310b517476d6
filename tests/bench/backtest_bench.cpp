// Backtester benchmark (not a test): prints
//  1. the engine loop's replay rate on one core: pipeline records per second (sw backend) for a
//     36-day ETH hjb_fd run, market generated beforehand; and the raw pipeline replay of the same
//     records without the engine around it;
//  2. the full study, 3 assets x 4 policies x seeds x days, on the thread pool (default 2).
// Usage: hlmm_backtest_bench [--seeds N] [--days D] [--threads T] [--json] [--skip-full]
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backtest/engine.hpp"
#include "backtest/market.hpp"
#include "backtest/policies.hpp"
#include "backtest/rng.hpp"
#include "backtest/study.hpp"
#include "engine/backends.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace hlmm;
using namespace hlmm::backtest;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct LoopFigures {
  double engine_records_per_s = 0;
  double engine_minutes_per_s = 0;
  double replay_records_per_s = 0;
  std::uint64_t records = 0;
};

LoopFigures engine_loop(double days) {
  const auto a = *policy::find_preset("eth");
  const int sz = *sz_decimals_for("eth");
  auto spec = build_policy("hjb_fd", a, sz);
  if (!spec) {
    std::cerr << "hjb_fd: " << spec.error().message << "\n";
    std::exit(1);
  }
  const int minutes = static_cast<int>(days * 1440);
  const MarketPath path = generate_market(market_spec_for(a), 1, minutes);
  const Size limit = static_cast<Size>(std::llround(a.limit * kSizeScale));
  LoopFigures out;
  double best = 1e30;
  RunResult r;
  for (int rep = 0; rep < 3; ++rep) {
    auto pipe = engine::make_pipeline("sw");
    PipelineQuotes src(*pipe, spec.value().table, sz, limit);
    StudyExecutionModel exec(a.A, a.k, 1.0 / 60.0, stream_key(1, 3));
    EngineConfig ec;
    ec.position_limit = limit;
    const auto t0 = Clock::now();
    r = run_engine(path, src, exec, ec);
    best = std::min(best, seconds_since(t0));
  }
  out.records = r.records;
  out.engine_records_per_s = static_cast<double>(r.records) / best;
  out.engine_minutes_per_s = minutes / best;

  // The same kind of records replayed straight into the pipeline in large batches: what the
  // pipeline alone sustains, the ceiling of any engine loop around it.
  std::vector<MarketEvent> records;
  records.reserve(static_cast<std::size_t>(minutes) * 4);
  std::uint32_t seq = 0;
  for (int m = 0; m < minutes; ++m) {
    const Price mid = path.mid[static_cast<std::size_t>(m)];
    const std::uint64_t ts = path.start_ns + static_cast<std::uint64_t>(m) * 60'000'000'000ull;
    const Price f = cash_funding(mid, path.rate[static_cast<std::size_t>(m / 60)]);
    records.push_back({EventKind::kFunding, 0, Side::kBid, 0, seq++, f, 0, ts});
    records.push_back({EventKind::kBookClear, 0, Side::kBoth, 0, seq++, 0, 0, ts});
    records.push_back({EventKind::kBookLevel, 0, Side::kBid, 0, seq++, mid - 1, kSizeScale, ts});
    records.push_back({EventKind::kBookLevel, 0, Side::kAsk, kFlagEndOfSnapshot, seq++, mid + 1, kSizeScale, ts});
  }
  best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    auto pipe = engine::make_pipeline("sw");
    AssetConfig cfg{};
    cfg.enabled = 1;
    cfg.sz_decimals = static_cast<std::uint8_t>(sz);
    cfg.position_limit = limit;
    pipe->configure_asset(0, cfg);
    pipe->load_table(0, spec.value().table);
    pipe->swap_table(0);
    std::vector<QuoteIntent> intents;
    intents.reserve(1 << 16);
    const auto t0 = Clock::now();
    constexpr std::size_t kBatch = 4096;
    for (std::size_t i = 0; i < records.size(); i += kBatch) {
      const std::size_t n = std::min(kBatch, records.size() - i);
      pipe->push(std::span<const MarketEvent>(records.data() + i, n));
      intents.clear();
      pipe->drain(intents);
    }
    best = std::min(best, seconds_since(t0));
  }
  out.replay_records_per_s = static_cast<double>(records.size()) / best;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 100;
  double days = 36.0;
  int threads = 2;
  bool json = false;
  bool skip_full = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--seeds") {
      seeds = std::atoi(value().c_str());
    } else if (arg == "--days") {
      days = std::atof(value().c_str());
    } else if (arg == "--threads") {
      threads = std::atoi(value().c_str());
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--skip-full") {
      skip_full = true;
    } else {
      std::cerr << "usage: hlmm_backtest_bench [--seeds N] [--days D] [--threads T] [--json] [--skip-full]\n";
      return 2;
    }
  }
  if (seeds < 1 || threads < 1 || !(days > 0.05)) {
    std::cerr << "seeds and threads must be >= 1 and days > 0.05\n";
    return 2;
  }

  const LoopFigures loop = engine_loop(days);
  double full_s = 0.0;
  std::uint64_t full_runs = 0, full_records = 0;
  if (!skip_full) {
    std::atomic<bool> stop{false};
    const auto t0 = Clock::now();
    for (const char* asset : {"eth", "btc", "sol"}) {
      StudyConfig cfg;
      cfg.preset = asset;
      cfg.seeds = seeds;
      cfg.days = days;
      cfg.threads = threads;
      cfg.policies = study_policy_names();
      const StudyResult r = run_study(cfg, stop);
      full_runs += r.runs;
      full_records += r.records;
    }
    full_s = seconds_since(t0);
  }
  if (json) {
    std::cout << fmt::format(
        "{{\"engine_loop_records_per_s\":{:.0f},\"engine_loop_minutes_per_s\":{:.0f},\"pipeline_replay_records_per_s\":{:.0f},"
        "\"full_study_seconds\":{:.3f},\"full_study_runs\":{},\"full_study_records\":{},\"seeds\":{},\"days\":{},"
        "\"threads\":{}}}\n",
        loop.engine_records_per_s, loop.engine_minutes_per_s, loop.replay_records_per_s, full_s, full_runs, full_records,
        seeds, days, threads);
    return 0;
  }
  std::cout << fmt::format("engine loop, sw pipeline, 1 core, ETH hjb_fd {:g} days: {:.2f} M records/s ({:.2f} M minutes/s, "
                           "{} records)\n",
                           days, loop.engine_records_per_s / 1e6, loop.engine_minutes_per_s / 1e6, loop.records);
  std::cout << fmt::format("pipeline replay alone (same records, batches of 4096):  {:.2f} M records/s\n",
                           loop.replay_records_per_s / 1e6);
  if (!skip_full) {
    std::cout << fmt::format("full study: 3 assets x 4 policies x {} seeds x {:g} days on {} threads: {:.2f} s ({} runs, {} "
                             "records)\n",
                             seeds, days, threads, full_s, full_runs, full_records);
  }
  return 0;
}
