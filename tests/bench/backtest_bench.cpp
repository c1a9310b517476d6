// Backtester benchmark (not a test): prints
//  1. the engine loop's replay rate on one core: pipeline records per second (sw backend) for a
//     36-day ETH hjb_fd run, market generated beforehand; and the raw pipeline replay of the same
//     records without the engine around it;
//  2. the event-level replay's rate on one core: the L2 replay of a quarter day (as --execution l2);
//  3. the full study, 3 assets x 4 policies x seeds x days, on the thread pool (default 2);
// or, with --execution event, the event-level model's loop on one core: events per second (an
// event is one L2 update or one trade processed) for an ETH hjb_fd run of --event-days days with
// the sw pipeline and the order manager, and the same crowd on the exchange with no trader.
// --execution l2: the L2 replay's loop on one core, events per second for an ETH hjb_fd run of
// --event-days days with the sw pipeline and the order manager, over a synthetic stream generated
// beforehand (the figure is the replay's, not the generator's; both are printed); then the venue
// alone on the same stream; --l2-churn R[,R...] sets the crowd's churn per side per second (the
// stream's density) and prints one line per value, the first being the headline.
// --execution compare prints the study table of eth pure_as/hjb_fd under both models.
// Usage: hlmm_backtest_bench [--execution study|event|l2|compare] [--seeds N] [--days D] [--event-days D]
//                            [--l2-churn R[,R...]] [--threads T] [--json] [--skip-full]
#include <time.h>

#include <algorithm>
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
#include "backtest/event_engine.hpp"
#include "backtest/l2_replay.hpp"
#include "backtest/l2_synthetic.hpp"
#include "backtest/market.hpp"
#include "backtest/policies.hpp"
#include "backtest/report.hpp"
#include "backtest/rng.hpp"
#include "backtest/study.hpp"
#include "engine/backends.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace hlmm;
using namespace hlmm::backtest;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Every figure is of one ETH hjb_fd run on seed 1's market path.
struct EthHjb {
  policy::AssetPreset preset;
  int sz_decimals = 0;
  PolicySpec spec;
  int minutes = 0;
  MarketPath path;
};

EthHjb eth_hjb(double days) {
  EthHjb r{*policy::find_preset("eth"), *sz_decimals_for("eth"), {}, static_cast<int>(days * 1440), {}};
  auto spec = build_policy("hjb_fd", r.preset, r.sz_decimals);
  if (!spec) {
    std::cerr << "hjb_fd: " << spec.error().message << "\n";
    std::exit(1);
  }
  r.spec = std::move(spec.value());
  r.path = generate_market(market_spec_for(r.preset), 1, r.minutes);
  return r;
}

struct LoopFigures {
  double engine_records_per_s = 0;
  double engine_minutes_per_s = 0;
  double replay_records_per_s = 0;
  std::uint64_t records = 0;
};

LoopFigures engine_loop(double days) {
  const EthHjb run = eth_hjb(days);
  const auto& a = run.preset;
  const int sz = run.sz_decimals;
  const auto& spec = run.spec;
  const int minutes = run.minutes;
  const MarketPath& path = run.path;
  const Size limit = static_cast<Size>(std::llround(a.limit * kSizeScale));
  LoopFigures out;
  double best = 1e30;
  RunResult r;
  for (int rep = 0; rep < 3; ++rep) {
    auto pipe = engine::make_pipeline("sw");
    PipelineQuotes src(*pipe, spec.table, sz, limit);
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
    pipe->load_table(0, spec.table);
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

// CPU time of this thread: on a shared machine the wall clock also counts the time other jobs held
// the core; "events per second on one core" is events per CPU second of the loop's thread.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct EventFigures {
  double events_per_s = 0;          // L2 updates + trades through the whole loop (trader included)
  double records_per_s = 0;         // pipeline records in the same run
  double venue_events_per_s = 0;    // the crowd on the exchange, no trader
  double cpu_events_per_s = 0;      // the same, per CPU second of the thread
  double cpu_records_per_s = 0;
  double cpu_venue_events_per_s = 0;
  double cpu_seconds = 0;
  std::uint64_t events = 0;
  std::uint64_t records = 0;
  std::uint64_t blocks = 0;
  double seconds = 0;
};

EventFigures event_loop(double days) {
  const EthHjb run = eth_hjb(days);
  const auto& a = run.preset;
  const int sz = run.sz_decimals;
  const auto& spec = run.spec;
  const int minutes = run.minutes;
  const MarketPath& path = run.path;
  EventRunConfig cfg;
  cfg.venue.coin = a.name;
  cfg.venue.sz_decimals = static_cast<std::uint8_t>(sz);
  cfg.trader.position_limit = static_cast<Size>(std::llround(a.limit * kSizeScale));
  cfg.A = a.A;
  cfg.k = a.k;
  cfg.lot = a.lot;
  cfg.vol_annual = market_spec_for(a).vol_annual;
  cfg.seed = 1;
  EventFigures out;
  auto pipe = engine::make_pipeline("sw");
  auto t0 = Clock::now();
  double c0 = thread_cpu_seconds();
  const RunResult r = run_event_engine(path, *pipe, spec.table, cfg);
  out.seconds = seconds_since(t0);
  out.cpu_seconds = thread_cpu_seconds() - c0;
  out.cpu_events_per_s = static_cast<double>(r.events) / out.cpu_seconds;
  out.cpu_records_per_s = static_cast<double>(r.records) / out.cpu_seconds;
  out.events = r.events;
  out.records = r.records;
  out.events_per_s = static_cast<double>(r.events) / out.seconds;
  out.records_per_s = static_cast<double>(r.records) / out.seconds;

  // The same crowd on the exchange with nobody reacting: the cost of the exchange core and the flow.
  EventVenue venue(cfg.venue);
  SyntheticCrowd crowd(path, venue.asset(), sz, cfg.A, cfg.k, cfg.lot, cfg.vol_annual, 1, cfg.crowd, venue.exchange());
  venue.set_crowd(&crowd);
  std::vector<FeedDelivery> visible;
  const std::uint64_t interval = cfg.venue.sequencing.block_interval_ms;
  const std::uint64_t start = path.start_ns / 1'000'000;
  const std::uint64_t end = start + static_cast<std::uint64_t>(minutes) * 60'000;
  t0 = Clock::now();
  c0 = thread_cpu_seconds();
  for (std::uint64_t b = (start / interval + 1) * interval; b <= end; b += interval) {
    venue.crowd_until(b);
    venue.take_visible(b, visible);
    venue.execute(b);
  }
  const double venue_s = seconds_since(t0);
  out.venue_events_per_s = static_cast<double>(venue.events()) / venue_s;
  out.cpu_venue_events_per_s = static_cast<double>(venue.events()) / (thread_cpu_seconds() - c0);
  out.blocks = venue.counters().blocks;
  return out;
}

struct L2Figures {
  double churn_per_s = 0;
  double events_per_sim_s = 0;      // the stream's density
  double generate_events_per_s = 0; // the generator, apart
  double events_per_s = 0;          // the replay loop, trader included, wall (best of 3)
  double cpu_events_per_s = 0;      // the same, per CPU second of the thread (best of 3)
  double venue_cpu_events_per_s = 0;  // the venue alone on the stream, no trader
  double cpu_seconds = 0;
  std::uint64_t events = 0;
  std::uint64_t records = 0;
  std::uint64_t trades = 0;
  std::uint64_t fills = 0;
  std::uint64_t requests = 0;
};

L2Figures l2_loop(double days, double churn) {
  const EthHjb run = eth_hjb(days);
  const auto& a = run.preset;
  const int sz = run.sz_decimals;
  const auto& spec = run.spec;
  const int minutes = run.minutes;
  const MarketPath& path = run.path;
  SyntheticL2Config sc;
  sc.churn_per_s = churn;
  L2Figures out;
  out.churn_per_s = churn;
  auto shared = std::make_shared<std::vector<L2Event>>();
  std::vector<L2Event>& stream = *shared;
  std::vector<L2Event> chunk;
  SyntheticL2Source gen(path, sz, a.A, a.k, a.lot, market_spec_for(a).vol_annual, 1, sc);
  double c0 = thread_cpu_seconds();
  while (gen.next(chunk)) stream.insert(stream.end(), chunk.begin(), chunk.end());
  out.generate_events_per_s = static_cast<double>(stream.size()) / (thread_cpu_seconds() - c0);
  out.events_per_sim_s = static_cast<double>(stream.size()) / (minutes * 60.0);

  L2ReplayConfig cfg;
  cfg.coin = a.name;
  cfg.sz_decimals = static_cast<std::uint8_t>(sz);
  cfg.trader.position_limit = static_cast<Size>(std::llround(a.limit * kSizeScale));
  cfg.lot = a.lot;
  for (int rep = 0; rep < 3; ++rep) {
    VectorL2Source src(gen.grid(), std::shared_ptr<const std::vector<L2Event>>(shared));
    auto pipe = engine::make_pipeline("sw");
    const auto t0 = Clock::now();
    c0 = thread_cpu_seconds();
    const RunResult r = run_l2_replay(path, src, *pipe, spec.table, cfg);
    const double cpu = thread_cpu_seconds() - c0;
    const double wall = seconds_since(t0);
    out.events = r.events;
    out.records = r.records;
    out.trades = r.trades;
    out.fills = r.fills;
    out.requests = r.requests;
    out.events_per_s = std::max(out.events_per_s, static_cast<double>(r.events) / wall);
    if (static_cast<double>(r.events) / cpu > out.cpu_events_per_s) {
      out.cpu_events_per_s = static_cast<double>(r.events) / cpu;
      out.cpu_seconds = cpu;
    }
  }

  // The venue alone, nobody reacting: the stream, the book and the block clock.
  L2Venue venue(cfg, gen.grid());
  const std::uint64_t interval = cfg.sequencing.block_interval_ms;
  std::uint64_t block = interval;
  std::vector<FeedDelivery> visible;
  c0 = thread_cpu_seconds();
  venue.open_block(block);
  for (const L2Event& e : stream) {
    while (e.t_ms > block) {
      venue.close_block();
      venue.take_visible(block, visible);
      block += interval;
      venue.open_block(block);
    }
    venue.apply(e);
  }
  venue.close_block();
  out.venue_cpu_events_per_s = static_cast<double>(stream.size()) / (thread_cpu_seconds() - c0);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 100;
  double days = 36.0;
  int threads = 2;
  bool json = false;
  bool skip_full = false;
  std::string execution = "study";
  double event_days = 1.0;
  std::vector<double> churns{SyntheticL2Config{}.churn_per_s};
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
    } else if (arg == "--execution") {
      execution = value();
    } else if (arg == "--event-days") {
      event_days = std::atof(value().c_str());
    } else if (arg == "--l2-churn") {
      churns.clear();
      const std::string list = value();
      for (std::size_t at = 0; at <= list.size();) {
        const std::size_t comma = std::min(list.find(',', at), list.size());
        churns.push_back(std::atof(list.substr(at, comma - at).c_str()));
        at = comma + 1;
      }
    } else {
      std::cerr << "usage: hlmm_backtest_bench [--execution study|event|l2|compare] [--seeds N] [--days D] "
                   "[--event-days D] [--l2-churn R[,R...]] [--threads T] [--json] [--skip-full]\n";
      return 2;
    }
  }
  if (execution == "event") {
    if (!(event_days > 0.01)) {
      std::cerr << "--event-days must be > 0.01\n";
      return 2;
    }
    const EventFigures e = event_loop(event_days);
    if (json) {
      std::cout << fmt::format(
          "{{\"execution\":\"event\",\"event_loop_events_per_s\":{:.0f},\"event_loop_records_per_s\":{:.0f},"
          "\"venue_only_events_per_s\":{:.0f},\"event_loop_events_per_cpu_s\":{:.0f},\"event_loop_records_per_cpu_s\":{:.0f},"
          "\"venue_only_events_per_cpu_s\":{:.0f},\"events\":{},\"records\":{},\"blocks\":{},\"seconds\":{:.3f},"
          "\"cpu_seconds\":{:.3f},\"days\":{}}}\n",
          e.events_per_s, e.records_per_s, e.venue_events_per_s, e.cpu_events_per_s, e.cpu_records_per_s,
          e.cpu_venue_events_per_s, e.events, e.records, e.blocks, e.seconds, e.cpu_seconds, event_days);
      return 0;
    }
    std::cout << fmt::format("event loop, sw pipeline + order manager on the exchange core, 1 core, ETH hjb_fd {:g} days: "
                             "{:.3f} M events/s ({} events = L2 updates + trades, {} pipeline records = {:.3f} M/s, {} "
                             "blocks, {:.2f} s)\n",
                             event_days, e.events_per_s / 1e6, e.events, e.records, e.records_per_s / 1e6, e.blocks,
                             e.seconds);
    std::cout << fmt::format("  per CPU second of the loop's thread: {:.3f} M events/s, {:.3f} M records/s ({:.2f} CPU s)\n",
                             e.cpu_events_per_s / 1e6, e.cpu_records_per_s / 1e6, e.cpu_seconds);
    std::cout << fmt::format("the same crowd on the exchange core, no trader: {:.3f} M events/s wall, {:.3f} M per CPU s\n",
                             e.venue_events_per_s / 1e6, e.cpu_venue_events_per_s / 1e6);
    std::cout << "goal: >= 20 M events/s -- " << (std::max(e.events_per_s, e.cpu_events_per_s) >= 20e6 ? "met" : "NOT met")
              << "\n";
    return 0;
  }
  if (execution == "l2") {
    if (!(event_days > 0.01) || std::any_of(churns.begin(), churns.end(), [](double c) { return !(c >= 0.0); })) {
      std::cerr << "--event-days must be > 0.01 and --l2-churn values >= 0\n";
      return 2;
    }
    std::vector<L2Figures> figures;
    for (const double c : churns) figures.push_back(l2_loop(event_days, c));
    auto one_json = [](const L2Figures& f) {
      return fmt::format(
          "\"churn_per_s\":{:g},\"events_per_simulated_s\":{:.1f},\"event_loop_events_per_s\":{:.0f},"
          "\"event_loop_events_per_cpu_s\":{:.0f},\"venue_only_events_per_cpu_s\":{:.0f},\"generator_events_per_s\":{:.0f},"
          "\"events\":{},\"records\":{},\"trades\":{},\"fills\":{},\"requests\":{},\"cpu_seconds\":{:.3f},"
          "\"goal_met\":{}",
          f.churn_per_s, f.events_per_sim_s, f.events_per_s, f.cpu_events_per_s, f.venue_cpu_events_per_s,
          f.generate_events_per_s, f.events, f.records, f.trades, f.fills, f.requests, f.cpu_seconds,
          std::max(f.events_per_s, f.cpu_events_per_s) >= 20e6 ? "true" : "false");
    };
    if (json) {
      std::string sweep;
      for (const L2Figures& f : figures) sweep += (sweep.empty() ? "{" : ",{") + one_json(f) + "}";
      std::cout << fmt::format("{{\"execution\":\"l2\",\"days\":{},{},\"sweep\":[{}]}}\n", event_days,
                               one_json(figures.front()), sweep);
      return 0;
    }
    for (const L2Figures& f : figures) {
      std::cout << fmt::format(
          "L2 replay loop, sw pipeline + order manager, 1 core, ETH hjb_fd {:g} days, crowd churn {:g}/s per side "
          "({:.1f} events per simulated s): {:.2f} M events/s wall, {:.2f} M per CPU s ({} events, {} pipeline records, "
          "{} prints, {} fills, {} requests)\n",
          event_days, f.churn_per_s, f.events_per_sim_s, f.events_per_s / 1e6, f.cpu_events_per_s / 1e6, f.events,
          f.records, f.trades, f.fills, f.requests);
      std::cout << fmt::format("  the venue alone on the same stream: {:.2f} M events per CPU s; the generator: {:.2f} M "
                               "events/s\n",
                               f.venue_cpu_events_per_s / 1e6, f.generate_events_per_s / 1e6);
    }
    const L2Figures& h = figures.front();
    std::cout << "goal: >= 20 M events/s -- " << (std::max(h.events_per_s, h.cpu_events_per_s) >= 20e6 ? "met" : "NOT met")
              << fmt::format(" at {:.1f} events per simulated s\n", h.events_per_sim_s);
    return 0;
  }
  if (execution == "compare") {
    // The same seeds and market paths under both execution models (what docs/backtest.md quotes);
    // the same tables as `hlmm backtest --execution study|event --policies pure_as,hjb_fd`.
    std::atomic<bool> stop{false};
    for (const auto mode : {ExecutionMode::kStudy, ExecutionMode::kEvent}) {
      StudyConfig cfg;
      cfg.preset = "eth";
      cfg.seeds = seeds;
      cfg.days = days;
      cfg.threads = threads;
      cfg.policies = {"pure_as", "hjb_fd"};
      cfg.execution = mode;
      const StudyResult r = run_study(cfg, stop);
      std::cout << (json ? format_json(r) + "\n" : format_table(r)) << std::flush;
    }
    return 0;
  }
  if (execution != "study") {
    std::cerr << "--execution must be study, event, l2 or compare\n";
    return 2;
  }
  if (seeds < 1 || threads < 1 || !(days > 0.05)) {
    std::cerr << "seeds and threads must be >= 1 and days > 0.05\n";
    return 2;
  }

  const LoopFigures loop = engine_loop(days);
  // The event-level figure beside the study's (#6 asks for both): the L2 replay at the default density.
  const L2Figures l2 = l2_loop(0.25, churns.front());
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
        "\"event_replay_events_per_s\":{:.0f},\"event_replay_events_per_cpu_s\":{:.0f},\"event_replay_events_per_simulated_s\":{:.1f},"
        "\"full_study_seconds\":{:.3f},\"full_study_runs\":{},\"full_study_records\":{},\"seeds\":{},\"days\":{},"
        "\"threads\":{}}}\n",
        loop.engine_records_per_s, loop.engine_minutes_per_s, loop.replay_records_per_s, l2.events_per_s,
        l2.cpu_events_per_s, l2.events_per_sim_s, full_s, full_runs, full_records, seeds, days, threads);
    return 0;
  }
  std::cout << fmt::format("engine loop, sw pipeline, 1 core, ETH hjb_fd {:g} days: {:.2f} M records/s ({:.2f} M minutes/s, "
                           "{} records)\n",
                           days, loop.engine_records_per_s / 1e6, loop.engine_minutes_per_s / 1e6, loop.records);
  std::cout << fmt::format("pipeline replay alone (same records, batches of 4096):  {:.2f} M records/s\n",
                           loop.replay_records_per_s / 1e6);
  std::cout << fmt::format("event-level replay (L2 replay loop, sw pipeline + order manager, 1 core, ETH hjb_fd 0.25 days, "
                           "{:.1f} events per simulated s): {:.2f} M events/s wall, {:.2f} M per CPU s (goal >= 20 M)\n",
                           l2.events_per_sim_s, l2.events_per_s / 1e6, l2.cpu_events_per_s / 1e6);
  if (!skip_full) {
    std::cout << fmt::format("full study: 3 assets x 4 policies x {} seeds x {:g} days on {} threads: {:.2f} s ({} runs, {} "
                             "records)\n",
                             seeds, days, threads, full_s, full_runs, full_records);
  }
  return 0;
}
