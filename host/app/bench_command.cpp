#include "app/bench_command.hpp"

#include <x86intrin.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/cli.hpp"
#include "app/turnaround_bench.hpp"
#include "engine/backends.hpp"
#include "hlmm/arith.hpp"
#include "market/feed_generator.hpp"
#ifdef HLMM_WITH_VERILATOR
#include "verilated_pipeline.hpp"
#endif
#ifdef HLMM_WITH_SYSTEMC
#include "systemc_pipeline.hpp"
#endif

namespace hlmm::app {
namespace {

struct BenchOptions {
  std::string backend = "sw";
  std::size_t events = 2'000'000;
  int assets = 32;
  std::uint64_t seed = 1;
  bool json = false;
  double pcie_latency_ns = -1;  // systemc: <0 keeps the card model's default
  double pcie_gbps = -1;
};

// Input beats accepted and offers refused (a beat offered with s_axis_tready low) by an RTL
// backend. Over a stretch whose beats are offered back to back into an output that drains, the
// offered cycles per accepted beat are the II the pipeline sustained there.
struct InputCounts {
  std::uint64_t beats = 0;
  std::uint64_t refused = 0;
  InputCounts since(const InputCounts& start) const { return {beats - start.beats, refused - start.refused}; }
  double ii_sustained() const { return beats == 0 ? 0.0 : static_cast<double>(beats + refused) / static_cast<double>(beats); }
};

// A table that quotes 5 ticks (0.5 USD) either side of mid, skewed 0.05 USD per lot of inventory,
// over +/-10 lots: enough structure that the lookup does real work.
std::unique_ptr<PolicyTable> bench_table(Size lot) {
  auto t = std::make_unique<PolicyTable>();
  t->q_levels = 21;
  t->f_bins = 3;
  t->t_bins = 1;
  t->q_min = -10 * lot;
  t->q_step = lot;
  t->q_step_recip_q48 = grid_reciprocal_q48(lot);
  t->f_min = -kPriceScale;
  t->f_step = kPriceScale;
  t->f_step_recip_q48 = grid_reciprocal_q48(kPriceScale);
  for (int q = 0; q < 21; ++q) {
    t->size_curve[q] = lot;
    for (int f = 0; f < 3; ++f) {
      const std::int32_t skew = (q - 10) * 5'000'000 + (f - 1) * 2'000'000;
      t->cells[0][q][f] = {50'000'000 + skew, 50'000'000 - skew};
    }
  }
  return t;
}

// TSC ticks per nanosecond, measured against the steady clock.
double tsc_per_ns() {
  const auto t0 = std::chrono::steady_clock::now();
  const std::uint64_t c0 = __rdtsc();
  while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(50)) {
  }
  const std::uint64_t c1 = __rdtsc();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
  return static_cast<double>(c1 - c0) / static_cast<double>(ns);
}

int run_bench(const BenchOptions& o) {
  std::unique_ptr<engine::Pipeline> p;
  try {
#ifdef HLMM_WITH_SYSTEMC
    if (o.backend == "systemc") {
      sim::card::CardOptions card;
      if (o.pcie_latency_ns >= 0) card.pcie.one_way_latency_ns = o.pcie_latency_ns;
      if (o.pcie_gbps > 0) card.pcie.bandwidth_gbytes_per_s = o.pcie_gbps;
      p = std::make_unique<sim::SystemcPipeline>(card);
    }
#endif
    if (!p) p = engine::make_pipeline(o.backend);
  } catch (const engine::PipelineError& e) {
    std::cerr << "hlmm bench: " << e.what() << "\n";
    return kExitUsage;
  }
  sim::FeedConfig fc;
  fc.assets = o.assets;
  fc.seed = o.seed;
  sim::FeedGenerator gen(fc);
  AssetConfig cfg{};
  cfg.enabled = 1;
  cfg.sz_decimals = 2;
  cfg.market = MarketType::kPerp;
  cfg.refresh_tolerance_ticks = 1;
  cfg.position_limit = 10 * fc.lot;
  const auto table = bench_table(fc.lot);
  for (int a = 0; a < o.assets; ++a) {
    p->configure_asset(static_cast<std::uint8_t>(a), cfg);
    p->load_table(static_cast<std::uint8_t>(a), *table);
    p->swap_table(static_cast<std::uint8_t>(a));
  }
  std::vector<QuoteIntent> out;
  out.reserve(1 << 16);
  p->push(gen.snapshots());
  p->drain(out);

  std::vector<MarketEvent> events;
  events.reserve(o.events + 2);
  while (events.size() < o.events) gen.next(events);
  events.resize(o.events);

#ifdef HLMM_WITH_VERILATOR
  // The RTL backends also report latency in clock cycles, measured by the harness.
  auto* rtl = dynamic_cast<sim::VerilatedPipeline*>(p.get());
  if (rtl != nullptr) rtl->harness().clear_latencies();
#endif
#ifdef HLMM_WITH_SYSTEMC
  // The card model reports tick-to-quote in simulated time, as the host sees it.
  auto* card = dynamic_cast<sim::SystemcPipeline*>(p.get());
  if (card != nullptr) card->card().clear_latencies();
#endif
  // Latency: one record at a time, push to drained intents, timed with the TSC.
  std::vector<std::uint32_t> ticks(events.size());
  std::size_t intents = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    out.clear();
    const std::uint64_t c0 = __rdtsc();
    p->push({&events[i], 1});
    p->drain(out);
    const std::uint64_t c1 = __rdtsc();
    ticks[i] = static_cast<std::uint32_t>(std::min<std::uint64_t>(c1 - c0, UINT32_MAX));
    intents += out.size();
  }
#ifdef HLMM_WITH_VERILATOR
  std::vector<std::uint32_t> rtl_latencies;
  if (rtl != nullptr) rtl_latencies = rtl->harness().latencies();
#endif
#ifdef HLMM_WITH_SYSTEMC
  std::vector<sim::card::RecordLatency> card_latencies;
  if (card != nullptr) card_latencies = card->card().latencies();
#endif
  // Throughput: the stream's continuation (fresh sequence numbers: a replay would only measure
  // the resync path) in batches, as a feed handler would push it.
  std::vector<MarketEvent> more;
  more.reserve(o.events + 2);
  while (more.size() < o.events) gen.next(more);
  more.resize(o.events);
  const PipelineCounters before = p->counters();
  // The batches offer a beat every cycle the input has one into an output that drains: the II
  // sustained over them is the offered cycles per accepted beat.
  auto input_counts = [&]() -> InputCounts {
#ifdef HLMM_WITH_VERILATOR
    if (rtl != nullptr) return {rtl->harness().input_beats(), rtl->harness().refused_offers()};
#endif
#ifdef HLMM_WITH_SYSTEMC
    if (card != nullptr) return {card->card().input_beats(), card->card().refused_offers()};
#endif
    return {};
  };
  const InputCounts batched0 = input_counts();
  const auto t0 = std::chrono::steady_clock::now();
  constexpr std::size_t kBatch = 256;
  for (std::size_t i = 0; i < more.size(); i += kBatch) {
    out.clear();
    p->push({more.data() + i, std::min(kBatch, more.size() - i)});
    p->drain(out);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  [[maybe_unused]] const InputCounts batched = input_counts().since(batched0);

  const double per_ns = tsc_per_ns();
  auto pct = [&](double q) {
    std::vector<std::uint32_t> v = ticks;
    auto it = v.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), it, v.end());
    return static_cast<double>(*it) / per_ns;
  };
  const double p50 = pct(0.50), p99 = pct(0.99), p999 = pct(0.999);
  const double eps = static_cast<double>(more.size()) / secs;
  // A stream that fell into resync would make the figures meaningless: refuse to print them.
  const PipelineCounters after = p->counters();
  const std::uint64_t input_rejects = after.by_reason[static_cast<int>(Reason::kOutOfSequence)] +
                                      after.by_reason[static_cast<int>(Reason::kCrossedBook)];
  if (input_rejects != 0 || after.ignored_while_resyncing != before.ignored_while_resyncing) {
    std::cerr << "hlmm bench: the generated stream was rejected (" << input_rejects << " input rejects); figures withheld\n";
    return kExitFailure;
  }
  // Cycle figures of an RTL backend: latency from the input beat to the first intent beat of each
  // record (pushed one at a time, so no queueing), the initiation interval actually achieved
  // (fewest cycles between two accepted input beats, from the batched phase), the II sustained
  // over the batched phase (cycles a beat was offered per beat accepted), and the clock the
  // cycles convert at.
  std::string cycles_json;
  std::string cycles_text;
#ifdef HLMM_WITH_VERILATOR
  if (rtl != nullptr && !rtl_latencies.empty()) {
    std::vector<std::uint32_t> lat = rtl_latencies;
    std::sort(lat.begin(), lat.end());
    const std::uint32_t lmin = lat.front(), lmed = lat[lat.size() / 2], lmax = lat.back();
    const double mhz = HLMM_RTL_CLOCK_MHZ;
    const auto ii = rtl->harness().min_input_gap();
    cycles_json = fmt::format(",\"latency_cycles_min\":{},\"latency_cycles_median\":{},\"latency_cycles_max\":{},\"ii\":{},"
                              "\"ii_sustained\":{:.3f},\"input_refused_cycles\":{},\"clock_mhz\":{:.0f},"
                              "\"latency_ns_at_clock_median\":{:.1f}",
                              lmin, lmed, lmax, ii, batched.ii_sustained(), batched.refused, mhz, lmed * 1000.0 / mhz);
    cycles_text = fmt::format("RTL: latency {} / {} / {} cycles (min / median / max), II {} (sustained {:.3f}); {:.1f} ns at {:.0f} MHz\n",
                              lmin, lmed, lmax, ii, batched.ii_sustained(), lmed * 1000.0 / mhz, mhz);
  }
#endif
#ifdef HLMM_WITH_SYSTEMC
  // Tick-to-quote on the card model: record posted by the host -> its first intent in host
  // memory, in simulated time (PCIe both ways, DMA, the RTL at its clock), with the assumptions.
  if (card != nullptr && !card_latencies.empty()) {
    std::vector<std::uint64_t> t2q;
    std::vector<std::uint32_t> cyc;
    for (const auto& l : card_latencies) {
      t2q.push_back(l.tick_to_quote_ps);
      cyc.push_back(l.pipeline_cycles);
    }
    std::sort(t2q.begin(), t2q.end());
    std::sort(cyc.begin(), cyc.end());
    auto at = [](const auto& v, double q) { return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))]; };
    const auto& co = card->card().options();
    const double clock_mhz = 1e6 / static_cast<double>(card->card().clock_period_ps());
    cycles_json = fmt::format(
        ",\"tick_to_quote_ns_p50\":{:.1f},\"tick_to_quote_ns_p99\":{:.1f},\"tick_to_quote_ns_max\":{:.1f},"
        "\"pcie_latency_ns\":{:.1f},\"pcie_gbps\":{:.2f},\"pcie_max_payload_bytes\":{},\"pcie_tlp_overhead_bytes\":{},"
        "\"clock_mhz\":{:.0f},\"latency_cycles\":{},\"latency_cycles_max\":{},\"ii\":{},\"ii_sustained\":{:.3f},"
        "\"input_refused_cycles\":{}",
        at(t2q, 0.5) / 1e3, at(t2q, 0.99) / 1e3, static_cast<double>(t2q.back()) / 1e3, co.pcie.one_way_latency_ns,
        co.pcie.bandwidth_gbytes_per_s, co.pcie.max_payload_bytes, co.pcie.tlp_overhead_bytes, clock_mhz, at(cyc, 0.5),
        cyc.back(), card->card().min_input_gap(), batched.ii_sustained(), batched.refused);
    cycles_text = fmt::format(
        "card model (simulated): tick-to-quote p50 {:.1f} ns, p99 {:.1f} ns (host posts a record -> first intent in host "
        "memory)\n  assumptions: PCIe one-way {:.0f} ns, {:.2f} GB/s, {} B TLP payload + {} B overhead; RTL {} cycles at "
        "{:.0f} MHz, II {} (sustained {:.3f})\n",
        at(t2q, 0.5) / 1e3, at(t2q, 0.99) / 1e3, co.pcie.one_way_latency_ns, co.pcie.bandwidth_gbytes_per_s,
        co.pcie.max_payload_bytes, co.pcie.tlp_overhead_bytes, at(cyc, 0.5), clock_mhz, card->card().min_input_gap(),
        batched.ii_sustained());
  }
#endif
  if (o.json) {
    std::cout << fmt::format(
        "{{\"backend\":\"{}\",\"events\":{},\"assets\":{},\"intents\":{},\"p50_ns\":{:.1f},\"p99_ns\":{:.1f},"
        "\"p999_ns\":{:.1f},\"events_per_s\":{:.0f}{}}}\n",
        p->backend(), events.size(), o.assets, intents, p50, p99, p999, eps, cycles_json);
  } else {
    std::cout << cycles_text;
    std::cout << fmt::format("backend {}: {} events over {} assets ({} intents)\n", p->backend(), events.size(), o.assets, intents)
              << fmt::format("tick-to-quote per event: p50 {:.1f} ns, p99 {:.1f} ns, p99.9 {:.1f} ns\n", p50, p99, p999)
              << fmt::format("throughput (batches of {}): {:.2f} M events/s on one core\n", kBatch, eps / 1e6);
  }
  return kExitOk;
}

}  // namespace

void add_bench_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand("bench", "Tick-to-quote latency and throughput of a pipeline backend");
  cmd->add_option("--backend", opts->backend, "sw, verilator, systemc, xrt or auto")->capture_default_str();
  cmd->add_option("--events", opts->events, "records in the measured mix")->capture_default_str()->check(CLI::Range(1000, 100'000'000));
  cmd->add_option("--assets", opts->assets, "asset slots in use")->capture_default_str()->check(CLI::Range(1, kMaxAssets));
  cmd->add_option("--seed", opts->seed, "market generator seed")->capture_default_str();
  cmd->add_flag("--json", opts->json, "print one JSON object instead of text");
  cmd->add_option("--pcie-latency-ns", opts->pcie_latency_ns, "systemc: one-way PCIe latency (default 1000)")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--pcie-gbps", opts->pcie_gbps, "systemc: PCIe bandwidth per direction, GB/s (default 15.75)")
      ->check(CLI::Range(0.001, 1000.0));
  auto turnaround = std::make_shared<bool>(false);
  cmd->add_flag("--turnaround", *turnaround,
                "time the host order path instead: l2Book frame -> records -> pipeline -> actions -> signed body");
  cmd->callback([opts, turnaround, &exit_code] {
    exit_code = *turnaround ? run_turnaround_bench(TurnaroundOptions{opts->backend, std::min<std::size_t>(opts->events, 200'000), opts->json})
                            : run_bench(*opts);
  });
}

}  // namespace hlmm::app
