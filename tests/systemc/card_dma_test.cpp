// The card model's DMA queues and register port, through SystemcPipeline and the real Verilated
// RTL: the configured PCIe latency, bandwidth and descriptor overhead show up in simulated time
// exactly as configured; back-pressure from a slow host link and a stalled output loses nothing;
// cards are reset when reopened; bad options and too many open cards are refused.
//
// The exact tests use a 250 MHz clock (4 ns), 1 GB/s and latencies that are multiples of 4 ns, so
// every transfer starts and lands on a clock edge and differences are exact to the picosecond.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "engine/software_pipeline.hpp"
#include "hlmm/arith.hpp"
#include "market/feed_generator.hpp"
#include "register_map.hpp"
#include "rtl_harness.hpp"
#include "systemc_pipeline.hpp"
#include "verilated_pipeline.hpp"

namespace hlmm::sim {
namespace {

constexpr std::uint64_t kNs = 1000;  // ps

card::CardOptions grid_options(double latency_ns, double gbytes_per_s = 1.0, double descriptor_ns = 0) {
  card::CardOptions o;
  o.clock_mhz = 250;
  o.pcie.one_way_latency_ns = latency_ns;
  o.pcie.bandwidth_gbytes_per_s = gbytes_per_s;
  o.pcie.descriptor_overhead_ns = descriptor_ns;
  return o;
}

// A record for an unconfigured slot: the pipeline answers it with exactly one reject intent.
MarketEvent unknown_slot_record(std::uint32_t seq) {
  return MarketEvent{EventKind::kBookLevel, 5, Side::kBid, 0, seq, 300 * kPriceScale, kSizeScale, 1'700'000'000'000'000'000ull + seq};
}

struct RoundTrips {
  std::uint64_t read_ps;
  std::uint64_t tick_to_quote_ps;
  std::uint32_t pipeline_cycles;
};

RoundTrips measure(const card::CardOptions& o) {
  SystemcPipeline p(o);
  card::CardModel& c = p.card();
  const std::uint64_t t0 = c.now_ps();
  EXPECT_EQ(c.mmio_read32(regmap::kId), regmap::kIdValue);
  const std::uint64_t read = c.now_ps() - t0;
  const MarketEvent e = unknown_slot_record(1);
  p.push({&e, 1});
  std::vector<QuoteIntent> out;
  p.drain(out);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(c.latencies().size(), 1u);
  if (c.latencies().empty()) return {read, 0, 0};
  return {read, c.latencies()[0].tick_to_quote_ps, c.latencies()[0].pipeline_cycles};
}

TEST(CardDma, RoundTripsAreTheLinkPlusTheRtlAtItsClock) {
  const RoundTrips r = measure(grid_options(1000));
  constexpr std::uint64_t period = 4 * kNs;
  // Read: request (24 B header) + latency, AXI4-Lite read in whole cycles, completion (4 B + 24 B) + latency.
  const std::uint64_t read_link = 24 * kNs + 28 * kNs + 2 * 1000 * kNs;
  ASSERT_GT(r.read_ps, read_link);
  EXPECT_EQ((r.read_ps - read_link) % period, 0u);
  EXPECT_LE((r.read_ps - read_link) / period, 8u);
  // Tick-to-quote: record (32 B + 24 B) + latency, the RTL's fixed L cycles plus the beat
  // handshakes, intent (32 B + 24 B) + latency.
  EXPECT_EQ(r.pipeline_cycles, kRtlLatencyCycles);
  const std::uint64_t t2q_link = 56 * kNs + 56 * kNs + 2 * 1000 * kNs;
  ASSERT_GT(r.tick_to_quote_ps, t2q_link);
  EXPECT_EQ((r.tick_to_quote_ps - t2q_link) % period, 0u);
  EXPECT_GE((r.tick_to_quote_ps - t2q_link) / period, kRtlLatencyCycles);
  EXPECT_LE((r.tick_to_quote_ps - t2q_link) / period, kRtlLatencyCycles + 4);
}

TEST(CardDma, DoublingTheLatencyAddsExactlyTwiceTheDifference) {
  const RoundTrips a = measure(grid_options(1000));
  const RoundTrips b = measure(grid_options(2000));
  EXPECT_EQ(b.read_ps - a.read_ps, 2 * 1000 * kNs);
  EXPECT_EQ(b.tick_to_quote_ps - a.tick_to_quote_ps, 2 * 1000 * kNs);
  EXPECT_EQ(a.pipeline_cycles, b.pipeline_cycles);
}

TEST(CardDma, DescriptorOverheadIsPaidOnceEachWayByDmaNotByRegisterAccess) {
  const RoundTrips a = measure(grid_options(1000));
  const RoundTrips b = measure(grid_options(1000, 1.0, 100));
  EXPECT_EQ(b.read_ps, a.read_ps);
  EXPECT_EQ(b.tick_to_quote_ps - a.tick_to_quote_ps, 2 * 100 * kNs);
}

TEST(CardDma, HalvingTheBandwidthDoublesTheSerializationOfARoundTrip) {
  const RoundTrips a = measure(grid_options(1000, 1.0));
  const RoundTrips b = measure(grid_options(1000, 0.5));
  EXPECT_EQ(b.read_ps - a.read_ps, (24 + 28) * kNs);        // one more ns per wire byte
  EXPECT_EQ(b.tick_to_quote_ps - a.tick_to_quote_ps, (56 + 56) * kNs);
}

// A bulk transfer is bandwidth-bound: its time, less the two latencies, scales with 1/bandwidth.
std::uint64_t bulk_ps(double gbytes_per_s, std::size_t n) {
  SystemcPipeline p(grid_options(1000, gbytes_per_s));
  std::vector<MarketEvent> events;
  for (std::size_t i = 0; i < n; ++i) events.push_back(unknown_slot_record(static_cast<std::uint32_t>(i)));
  const std::uint64_t t0 = p.card().now_ps();
  p.push(events);
  const std::uint64_t t = p.card().now_ps() - t0;
  std::vector<QuoteIntent> out;
  p.drain(out);
  EXPECT_EQ(out.size(), n);
  return t;
}

TEST(CardDma, BulkTransfersAreBandwidthBound) {
  constexpr std::size_t n = 1024;
  const std::uint64_t slow = bulk_ps(0.5, n);
  const std::uint64_t fast = bulk_ps(1.0, n);
  // Host -> card alone: 1024 records of 32 B in 128 TLPs of 24 B overhead, 2 ns per byte.
  const std::uint64_t h2c_wire_ps = (n * 32 + 128 * 24) * 2 * kNs;
  EXPECT_GE(slow, h2c_wire_ps + 2 * 1000 * kNs);
  // Card -> host at worst one TLP per intent; plus both latencies and a little card time.
  EXPECT_LE(slow, (n * 56) * 2 * kNs + h2c_wire_ps / 8 + 2 * 1000 * kNs + 20'000 * kNs);
  const double ratio = static_cast<double>(slow - 2 * 1000 * kNs) / static_cast<double>(fast - 2 * 1000 * kNs);
  EXPECT_GT(ratio, 1.9);
  EXPECT_LT(ratio, 2.1);
}

std::unique_ptr<PolicyTable> simple_table(Size lot) {
  auto t = std::make_unique<PolicyTable>();
  t->q_levels = 5;
  t->f_bins = 1;
  t->t_bins = 1;
  t->q_min = -2 * lot;
  t->q_step = lot;
  t->q_step_recip_q48 = grid_reciprocal_q48(lot);
  t->f_step = kPriceScale;
  t->f_step_recip_q48 = grid_reciprocal_q48(kPriceScale);
  for (int q = 0; q < 5; ++q) {
    t->size_curve[q] = lot;
    t->cells[0][q][0] = {30'000'000 + (q - 2) * 2'000'000, 30'000'000 - (q - 2) * 2'000'000};
  }
  return t;
}

template <typename P>
void configure(P& p, const FeedConfig& fc) {
  AssetConfig cfg{};
  cfg.enabled = 1;
  cfg.sz_decimals = 2;
  cfg.market = MarketType::kPerp;
  cfg.refresh_tolerance_ticks = 1;
  cfg.position_limit = 2 * fc.lot;
  const auto table = simple_table(fc.lot);
  for (int a = 0; a < fc.assets; ++a) {
    p.configure_asset(static_cast<std::uint8_t>(a), cfg);
    p.load_table(static_cast<std::uint8_t>(a), *table);
    p.swap_table(static_cast<std::uint8_t>(a));
  }
}

struct CardRun {
  std::uint64_t elapsed_ps;  // simulated time the card took
  std::uint64_t records;     // records pushed
  std::uint64_t beats;       // input beats the RTL accepted
  std::uint64_t refused;     // cycles a beat was offered and refused
};

// Runs the same stream through the card (with `o`) and the software backend, checks every intent
// and the counters, and says what the card's input saw.
CardRun run_against_sw(const card::CardOptions& o, std::size_t n_events) {
  FeedConfig fc;
  fc.assets = 4;
  fc.seed = 7;
  FeedGenerator gen(fc);
  SystemcPipeline card(o);
  engine::SoftwarePipeline sw;
  configure(card, fc);
  configure(sw, fc);
  std::vector<MarketEvent> events = gen.snapshots();
  while (events.size() < n_events) gen.next(events);
  const std::uint64_t t0 = card.card().now_ps();
  card.push(events);
  sw.push(events);
  const std::uint64_t elapsed = card.card().now_ps() - t0;
  std::vector<QuoteIntent> a, b;
  sw.drain(a);
  card.drain(b);
  EXPECT_GT(a.size(), 100u);
  EXPECT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (!(a[i] == b[i])) {
      ADD_FAILURE() << "intent " << i << " differs";
      break;
    }
  }
  const PipelineCounters x = sw.counters();
  const PipelineCounters y = card.counters();
  EXPECT_EQ(std::memcmp(&x, &y, sizeof(x)), 0) << "counters differ";
  return {elapsed, events.size(), card.card().input_beats(), card.card().refused_offers()};
}

TEST(CardDma, BackPressureFromASlowLinkAndAStalledOutputLosesNothing) {
  card::CardOptions free_flow = grid_options(1000, 16.0);
  card::CardOptions pressed = grid_options(1000, 0.2);
  pressed.ingress_queue = 4;
  pressed.egress_queue = 2;
  pressed.output_stall = 0.6;
  pressed.seed = 3;
  const CardRun free = run_against_sw(free_flow, 5'000);
  const CardRun jammed = run_against_sw(pressed, 5'000);
  // The slow link is the bottleneck: at 0.2 GB/s the records alone take > 5000 * 32 B * 5 ns.
  EXPECT_GT(jammed.elapsed_ps, 5'000u * 32 * 5 * kNs);
  EXPECT_GT(jammed.elapsed_ps, 4 * free.elapsed_ps);
  // Every record entered the RTL once; with the output free the RTL took each beat as it was
  // offered (II 1 inside the card).
  EXPECT_EQ(free.beats, free.records);
  EXPECT_EQ(jammed.beats, jammed.records);
  EXPECT_EQ(free.refused, 0u);
}

TEST(CardDma, AnOutputThatDrainsSlowerThanIntentsArriveHoldsTheInputBack) {
  // A fast link, so records arrive back to back, and an output that takes an intent in one cycle
  // of twenty: the output FIFO fills, the credit check refuses beats, and the card counts them.
  card::CardOptions o = grid_options(1000, 16.0);
  o.output_stall = 0.95;
  o.seed = 5;
  const CardRun r = run_against_sw(o, 20'000);
  EXPECT_EQ(r.beats, r.records);
  EXPECT_GT(r.refused, 0u);
}

TEST(CardDma, AReopenedCardStartsFromReset) {
  {
    SystemcPipeline p(grid_options(1000));
    const MarketEvent e = unknown_slot_record(1);
    p.push({&e, 1});
    EXPECT_EQ(p.counters().events, 1u);
  }
  SystemcPipeline q(grid_options(500));
  EXPECT_EQ(q.counters().events, 0u);
  EXPECT_EQ(q.card().options().pcie.one_way_latency_ns, 500.0);
}

TEST(CardDma, TheMachineHasFourCardsAndAFifthIsRefused) {
  std::vector<std::unique_ptr<SystemcPipeline>> open;
  for (int i = 0; i < 4; ++i) open.push_back(std::make_unique<SystemcPipeline>());
  EXPECT_THROW(SystemcPipeline{}, engine::PipelineError);
  // Cards are independent: a record on one does not appear on another.
  const MarketEvent e = unknown_slot_record(1);
  open[0]->push({&e, 1});
  EXPECT_EQ(open[0]->counters().events, 1u);
  EXPECT_EQ(open[1]->counters().events, 0u);
  open.pop_back();
  EXPECT_NO_THROW(SystemcPipeline{});
}

// The C++ model's harness selects its own Verilator context and destroys it with the backend;
// the card model must not bind to that dangling context (it used to hang on its mutex).
TEST(CardDma, WorksAfterAVerilatorBackendCameAndWent) {
  {
    VerilatedPipeline v;
    const MarketEvent e = unknown_slot_record(1);
    v.push({&e, 1});
  }
  SystemcPipeline p(grid_options(1000));
  const MarketEvent e = unknown_slot_record(1);
  p.push({&e, 1});
  std::vector<QuoteIntent> out;
  p.drain(out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].reason, Reason::kUnknownAsset);
  VerilatedPipeline again;  // and the other way round
  again.push({&e, 1});
  EXPECT_EQ(again.counters().events, 1u);
  p.push({&e, 1});
  EXPECT_EQ(p.counters().events, 2u);
}

TEST(CardDma, BadOptionsAreRefused) {
  card::CardOptions o;
  o.pcie.bandwidth_gbytes_per_s = 0;
  EXPECT_THROW(SystemcPipeline{o}, engine::PipelineError);
  o = {};
  o.clock_mhz = 0;
  EXPECT_THROW(SystemcPipeline{o}, engine::PipelineError);
  o = {};
  o.output_stall = 1.0;  // the output would never drain
  EXPECT_THROW(SystemcPipeline{o}, engine::PipelineError);
  // A refused open leaves the card usable.
  EXPECT_NO_THROW(SystemcPipeline{});
}

}  // namespace
}  // namespace hlmm::sim
