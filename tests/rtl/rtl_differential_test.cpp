// Differential test: the same record streams through the software backend (hls/ compiled
// natively, the golden model) and the Verilated RTL, every intent compared bit for bit, then the
// counters, positions and book statistics. Streams: the realistic feed generator with injected
// chaos (bad input, sequence gaps, unknown slots, volatility and funding jumps, time jumps that
// make books stale), purely random records, and hand-written scenarios; between chunks the
// control plane changes (kills, table swaps mid-stream, reconfiguration). Runs with and without
// random input bubbles and output back-pressure.
//
// Environment: HLMM_RTL_SCALE multiplies the event counts (scripts/rtl-long), HLMM_RTL_SEED
// replaces the seeds, HLMM_RTL_FST=path dumps the waveform of a run (use with a failing seed).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/software_pipeline.hpp"
#include "hlmm/arith.hpp"
#include "market/feed_generator.hpp"
#include "random_pipeline_inputs.hpp"
#include "verilated_pipeline.hpp"

namespace hlmm {
namespace {

using testing::kCoin;
using testing::kT0;
using testing::kUsd;
using testing::random_asset;
using testing::random_global;
using testing::random_table;
using testing::Rng;

std::uint64_t env_u64(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

std::string describe(const QuoteIntent& q) {
  std::ostringstream s;
  s << "{kind " << int(q.kind) << " asset " << int(q.asset) << " side " << int(q.side) << " reason " << int(q.reason)
    << " seq " << q.seq << " price " << q.price << " size " << q.size << " ts " << q.ts_ns << "}";
  return s.str();
}

struct RunStats {
  std::uint64_t events = 0;
  std::uint64_t intents = 0;
};

// Both backends with identical configuration; every push is compared.
class Pair {
 public:
  explicit Pair(const sim::HarnessOptions& o) : sw_(std::make_unique<engine::SoftwarePipeline>()), rtl_(std::make_unique<sim::VerilatedPipeline>(o)) {}

  void configure(const GlobalConfig& g) { sw_->configure(g); rtl_->configure(g); }
  void configure_asset(std::uint8_t a, const AssetConfig& c) { sw_->configure_asset(a, c); rtl_->configure_asset(a, c); }
  void set_global_kill(bool on) { sw_->set_global_kill(on); rtl_->set_global_kill(on); }
  void set_asset_kill(std::uint8_t a, bool on) { sw_->set_asset_kill(a, on); rtl_->set_asset_kill(a, on); }
  void load_and_swap(std::uint8_t a, const PolicyTable& t, bool swap) {
    sw_->load_table(a, t);
    rtl_->load_table(a, t);
    if (swap) {
      sw_->swap_table(a);
      rtl_->swap_table(a);
    }
  }

  // Returns an empty string when both agree, else the first difference.
  std::string push(const std::vector<MarketEvent>& events, RunStats& stats) {
    sw_->push(events);
    rtl_->push(events);
    std::vector<QuoteIntent> a;
    std::vector<QuoteIntent> b;
    sw_->drain(a);
    rtl_->drain(b);
    stats.events += events.size();
    stats.intents += a.size();
    last_ = a;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      if (!(a[i] == b[i])) return "intent " + std::to_string(i) + ": sw " + describe(a[i]) + " rtl " + describe(b[i]);
    }
    if (a.size() != b.size()) return "intent count: sw " + std::to_string(a.size()) + " rtl " + std::to_string(b.size());
    return {};
  }

  std::string compare_state() const {
    const PipelineCounters x = sw_->counters();
    const PipelineCounters y = rtl_->counters();
    if (std::memcmp(&x, &y, sizeof(x)) != 0) return "counters differ";
    for (int a = 0; a < kMaxAssets; ++a) {
      const auto slot = static_cast<std::uint8_t>(a);
      if (sw_->position(slot) != rtl_->position(slot)) return "position of slot " + std::to_string(a);
      const BookStats s = sw_->book_stats(slot);
      const BookStats t = rtl_->book_stats(slot);
      if (s.top.has_bid != t.top.has_bid || s.top.has_ask != t.top.has_ask || s.top.best_bid != t.top.best_bid ||
          s.top.best_ask != t.top.best_ask || s.top.bid_size != t.top.bid_size || s.top.ask_size != t.top.ask_size ||
          s.mid != t.mid || s.microprice != t.microprice || s.depth_bid != t.depth_bid || s.depth_ask != t.depth_ask ||
          s.imbalance_q15 != t.imbalance_q15) {
        return "book of slot " + std::to_string(a);
      }
    }
    return {};
  }

  const PipelineCounters sw_counters() const { return sw_->counters(); }
  // The software backend's intents of the last push (equal to the RTL's when push returned "").
  const std::vector<QuoteIntent>& last() const { return last_; }
  sim::RtlHarness& harness() { return rtl_->harness(); }

 private:
  std::unique_ptr<engine::SoftwarePipeline> sw_;
  std::unique_ptr<sim::VerilatedPipeline> rtl_;
  std::vector<QuoteIntent> last_;
};

sim::HarnessOptions options(std::uint64_t seed, double bubble, double stall, bool random_init = false) {
  sim::HarnessOptions o;
  o.random_initial_state = random_init;
  o.seed = seed;
  o.input_bubble = bubble;
  o.output_stall = stall;
  if (const char* fst = std::getenv("HLMM_RTL_FST")) o.fst_path = fst;
  return o;
}

// The realistic feed with chaos and control-plane changes, compared chunk by chunk.
RunStats run_feed(std::uint64_t seed, std::uint64_t n_events, double bubble, double stall, bool check_latency,
                  bool random_init = false) {
  Rng r(seed);
  Pair p(options(seed, bubble, stall, random_init));
  sim::FeedConfig fc;
  fc.assets = kMaxAssets;
  fc.depth = static_cast<int>(r.range(4, 24));
  fc.seed = seed;
  fc.mean_gap_ns = static_cast<std::uint64_t>(r.range(200, 5'000));
  sim::FeedGenerator gen(fc);

  p.configure(random_global(r));
  const int disabled = static_cast<int>(r.below(kMaxAssets));
  for (int a = 0; a < kMaxAssets; ++a) {
    AssetConfig c = random_asset(r);
    c.enabled = a == disabled ? 0 : 1;
    p.configure_asset(static_cast<std::uint8_t>(a), c);
    if (!r.chance(0.05)) p.load_and_swap(static_cast<std::uint8_t>(a), *random_table(r, fc.start_mid), true);
  }

  RunStats stats;
  std::string diff = p.push(gen.snapshots(), stats);
  EXPECT_EQ(diff, "") << "seed " << seed << " (snapshots)";
  if (!diff.empty()) return stats;

  std::uint64_t chunk = 0;
  std::vector<MarketEvent> batch;
  while (stats.events < n_events) {
    batch.clear();
    const std::size_t target = static_cast<std::size_t>(r.range(500, 8'000));
    testing::grow_chaotic_batch(r, gen, batch, target, static_cast<std::uint8_t>(disabled), fc.start_mid);
    diff = p.push(batch, stats);
    EXPECT_EQ(diff, "") << "seed " << seed << " chunk " << chunk << " (set HLMM_RTL_SEED=" << seed
                        << " HLMM_RTL_FST=fail.fst to dump the waveform)";
    if (!diff.empty()) return stats;
    ++chunk;

    // The control plane between chunks, as the host would drive it with the pipeline idle.
    const auto a = static_cast<std::uint8_t>(r.below(kMaxAssets));
    switch (r.below(12)) {
      case 0: p.set_global_kill(r.chance(0.3)); break;
      case 1: p.set_asset_kill(a, r.chance(0.5)); break;
      case 2: case 3: p.load_and_swap(a, *random_table(r, gen.mid(a)), true); break;
      case 4: p.load_and_swap(a, *random_table(r, gen.mid(a)), false); break;  // shadow only: no effect
      case 5: {
        AssetConfig c = random_asset(r);
        c.enabled = a == disabled ? 0 : 1;
        p.configure_asset(a, c);
        break;
      }
      case 6: p.configure(random_global(r)); break;
      default: break;
    }
  }
  diff = p.compare_state();
  EXPECT_EQ(diff, "") << "seed " << seed;
  if (check_latency) {
    // Without back-pressure a record's first intent leaves L cycles after it entered, unless
    // the second intents of the records just before it still hold the one-beat-per-cycle output.
    std::vector<std::uint32_t> lat = p.harness().latencies();
    EXPECT_FALSE(lat.empty());
    std::sort(lat.begin(), lat.end());
    if (!lat.empty()) {
      EXPECT_EQ(lat.front(), sim::kRtlLatencyCycles);
      EXPECT_EQ(lat[lat.size() / 2], sim::kRtlLatencyCycles);
    }
  }
  return stats;
}

// Records with every field random (kinds, sides, sizes, prices near a mid, seq mostly right).
RunStats run_random(std::uint64_t seed, std::uint64_t n_events, double bubble, double stall) {
  Rng r(seed);
  Pair p(options(seed, bubble, stall));
  constexpr int kAssets = 4;
  p.configure(random_global(r));
  for (int a = 0; a < kAssets; ++a) {
    AssetConfig c = random_asset(r);
    c.stale_book_ns = 0;
    p.configure_asset(static_cast<std::uint8_t>(a), c);
    p.load_and_swap(static_cast<std::uint8_t>(a), *random_table(r, 100 * kUsd), true);
  }
  std::uint32_t seq[kAssets] = {};
  std::uint64_t now = kT0;
  RunStats stats;
  std::vector<MarketEvent> batch;
  while (stats.events < n_events) {
    batch.clear();
    for (int i = 0; i < 4'000; ++i) {
      MarketEvent e{};
      e.asset = static_cast<std::uint8_t>(r.chance(0.002) ? r.below(256) : r.below(kAssets));
      const int a = e.asset % kAssets;
      const std::uint64_t k = r.below(100);
      e.kind = k < 70 ? EventKind::kBookLevel : k < 73 ? EventKind::kBookClear : k < 80 ? EventKind::kTrade
             : k < 88 ? EventKind::kFill : k < 91 ? EventKind::kFunding : k < 94 ? EventKind::kVolatility
             : k < 99 ? EventKind::kTimer : static_cast<EventKind>(r.below(256));
      e.side = static_cast<Side>(r.chance(0.002) ? r.below(256) : r.below(2));
      if (e.kind == EventKind::kBookClear && r.chance(0.7)) e.side = Side::kBoth;
      e.flags = static_cast<std::uint8_t>(r.chance(0.1) ? kFlagEndOfSnapshot : 0);
      const Price tick = kUsd / 100;
      e.price = 100 * kUsd + r.range(-300, 300) * tick + (r.chance(0.01) ? r.range(-7, 7) : 0);
      e.size = r.chance(0.15) ? 0 : kCoin / 1000 * r.range(1, 5000);
      if (e.kind == EventKind::kVolatility) e.size = r.range(kVolScale / 8, 4 * kVolScale);
      if (e.kind == EventKind::kFunding) e.price = r.range(-kUsd / 20, kUsd / 20);
      if (r.chance(0.001)) e.size = r.chance(0.5) ? -1 : kMaxSize + 1;
      if (r.chance(0.001)) e.price = r.chance(0.5) ? -5 : kMaxPrice + 1;
      e.seq = r.chance(0.003) ? static_cast<std::uint32_t>(r.below(1u << 31)) : seq[a]++;
      now += static_cast<std::uint64_t>(r.range(0, 20'000));
      e.ts_ns = r.chance(0.01) ? now - static_cast<std::uint64_t>(r.range(0, 1'000'000)) : now;
      batch.push_back(e);
    }
    const std::string diff = p.push(batch, stats);
    EXPECT_EQ(diff, "") << "seed " << seed << " (HLMM_RTL_SEED=" << seed << ")";
    if (!diff.empty()) return stats;
    if (r.chance(0.2)) {
      const auto a = static_cast<std::uint8_t>(r.below(kAssets));
      p.load_and_swap(a, *random_table(r, 100 * kUsd), true);
    }
  }
  EXPECT_EQ(p.compare_state(), "") << "seed " << seed;
  return stats;
}

std::uint64_t scaled(std::uint64_t n) { return n * env_u64("HLMM_RTL_SCALE", 1); }
std::uint64_t seed_or(std::uint64_t s) { return env_u64("HLMM_RTL_SEED", s); }

TEST(RtlDifferential, FeedWithChaosMatchesTheGoldenModel) {
  const RunStats s = run_feed(seed_or(11), scaled(500'000), 0.0, 0.0, true);
  EXPECT_GE(s.events, scaled(500'000));
  EXPECT_GT(s.intents, s.events / 50);  // the stream really exercises the quote path
  std::printf("feed: %llu events, %llu intents compared\n", static_cast<unsigned long long>(s.events),
              static_cast<unsigned long long>(s.intents));
}

TEST(RtlDifferential, FeedUnderBubblesAndBackpressureMatches) {
  const RunStats s = run_feed(seed_or(23), scaled(250'000), 0.2, 0.4, false);
  EXPECT_GE(s.events, scaled(250'000));
  std::printf("feed with bubbles/backpressure: %llu events, %llu intents\n", static_cast<unsigned long long>(s.events),
              static_cast<unsigned long long>(s.intents));
}

// Registers without a reset (the feed-forward datapath) and the memories start from random
// values here: what the reset leaves alone must never reach an intent, a counter or a book.
TEST(RtlDifferential, RandomStateBeforeResetDoesNotLeak) {
  const RunStats s = run_feed(seed_or(29), scaled(100'000), 0.1, 0.2, false, true);
  EXPECT_GE(s.events, scaled(100'000));
  std::printf("random initial state: %llu events, %llu intents\n", static_cast<unsigned long long>(s.events),
              static_cast<unsigned long long>(s.intents));
}

TEST(RtlDifferential, RandomRecordsMatch) {
  const RunStats s = run_random(seed_or(37), scaled(250'000), 0.1, 0.2);
  EXPECT_GE(s.events, scaled(250'000));
  std::printf("random: %llu events, %llu intents\n", static_cast<unsigned long long>(s.events),
              static_cast<unsigned long long>(s.intents));
}

// The open-order cap at its tightest (1, 2, 3 orders over all assets) with every asset quoting
// both sides, refreshing on every move and pausing a side after each fill, so orders are freed
// and taken all the time and which side of a record gets the last free order decides the stream.
// The randomized streams draw the cap from 1 .. 64, where it rarely binds on a record's second
// side: with the risk stage's open-order compare shifted by one, only this test fails.
TEST(RtlDifferential, TightOpenOrderCapWithBothSidesQuotingMatches) {
  const std::uint64_t seed = seed_or(41);
  Rng r(seed);
  Pair p(options(seed, 0.1, 0.2));
  sim::FeedConfig fc;
  fc.assets = 6;
  fc.depth = 8;
  fc.seed = seed;
  sim::FeedGenerator gen(fc);
  for (int a = 0; a < fc.assets; ++a) {
    AssetConfig c = random_asset(r);
    c.market = MarketType::kPerp;
    c.sz_decimals = 2;
    c.refresh_tolerance_ticks = 0;
    c.price_band_bps = 0;
    c.refresh_interval_ns = 0;
    c.fill_cooldown_ns = static_cast<std::uint64_t>(r.range(2'000, 50'000));  // a fill frees the side's order
    c.stale_book_ns = 0;
    c.notional_cap = 0;
    c.position_limit = 1'000 * kCoin;
    p.configure_asset(static_cast<std::uint8_t>(a), c);
    auto t = random_table(r, fc.start_mid);
    for (int q = 0; q < t->q_levels; ++q) {
      t->size_curve[q] = kCoin;
      for (auto& by_q : t->cells) {
        for (auto& cell : by_q[q]) {
          if (cell.bid_offset == kOffsetDisabled) cell.bid_offset = 0;
          if (cell.ask_offset == kOffsetDisabled) cell.ask_offset = 0;
        }
      }
    }
    p.load_and_swap(static_cast<std::uint8_t>(a), *t, true);
  }
  const std::uint16_t caps[] = {1, 2, 1, 3, 2, 1};
  RunStats stats;
  std::string diff = p.push(gen.snapshots(), stats);
  ASSERT_EQ(diff, "");
  std::vector<MarketEvent> batch;
  for (int chunk = 0; stats.events < scaled(200'000); ++chunk) {
    GlobalConfig g{};
    g.max_open_orders = caps[chunk % 6];
    p.configure(g);
    batch.clear();
    while (batch.size() < 2'000) gen.next(batch);
    diff = p.push(batch, stats);
    ASSERT_EQ(diff, "") << "seed " << seed << " chunk " << chunk << " cap " << g.max_open_orders;
  }
  EXPECT_EQ(p.compare_state(), "");
  const PipelineCounters c = p.sw_counters();
  std::printf("tight cap: %llu events, %llu intents (%llu quotes, %llu open-order cap rejects)\n",
              static_cast<unsigned long long>(stats.events), static_cast<unsigned long long>(stats.intents),
              static_cast<unsigned long long>(c.quotes),
              static_cast<unsigned long long>(c.by_reason[static_cast<int>(Reason::kOpenOrderCap)]));
  EXPECT_GT(c.quotes, stats.events / 100);
  EXPECT_GT(c.by_reason[static_cast<int>(Reason::kOpenOrderCap)], stats.events / 100);
}

// Hand-written scenarios, each compared bit for bit and checked for the outcome it is about.
class Scenario : public ::testing::Test {
 protected:
  Scenario() : p(options(5, 0.0, 0.0)) {
    AssetConfig c{};
    c.enabled = 1;
    c.sz_decimals = 3;
    c.refresh_tolerance_ticks = 1;
    c.position_limit = 5 * kCoin;
    c.stale_book_ns = 1'000'000;
    p.configure(GlobalConfig{});
    p.configure_asset(0, c);
    t1 = random_table(rng, 200 * kUsd);
    t2 = random_table(rng, 200 * kUsd);
    for (int q = 0; q < t1->q_levels; ++q) t1->size_curve[q] = kCoin;
    p.load_and_swap(0, *t1, true);
  }
  MarketEvent ev(EventKind k, Side s, Price price, Size size, std::uint8_t flags = 0) {
    return MarketEvent{k, 0, s, flags, seq++, price, size, now += 1'000};
  }
  std::vector<MarketEvent> snapshot() {
    return {ev(EventKind::kBookClear, Side::kBoth, 0, 0), ev(EventKind::kBookLevel, Side::kBid, 199 * kUsd, kCoin),
            ev(EventKind::kBookLevel, Side::kAsk, 201 * kUsd, kCoin, kFlagEndOfSnapshot)};
  }
  void check(const std::vector<MarketEvent>& events) {
    const std::string diff = p.push(events, stats);
    ASSERT_EQ(diff, "");
  }
  // t1 cut down to one cell (one inventory level, funding bin and time bin) quoting one coin.
  PolicyTable one_cell_table(int offset_shift) const {
    PolicyTable t = *t1;
    t.q_levels = 1;
    t.f_bins = 1;
    t.t_bins = 1;
    t.offset_shift = static_cast<std::uint8_t>(offset_shift);
    t.size_curve[0] = kCoin;
    return t;
  }
  Rng rng{99};
  Pair p;
  std::unique_ptr<PolicyTable> t1;
  std::unique_ptr<PolicyTable> t2;
  std::uint32_t seq = 1;
  std::uint64_t now = kT0;
  RunStats stats;
};

TEST_F(Scenario, TableSwapMidStreamKillStaleTimersBadInputAndGaps) {
  check(snapshot());
  for (int i = 0; i < 50; ++i) check({ev(EventKind::kBookLevel, Side::kBid, 199 * kUsd, kCoin * (i % 7 + 1))});
  p.load_and_swap(0, *t2, true);  // swap mid-stream
  check({ev(EventKind::kTimer, Side::kBid, 0, 0)});
  p.set_global_kill(true);
  check({ev(EventKind::kTimer, Side::kBid, 0, 0)});
  p.set_global_kill(false);
  p.set_asset_kill(0, true);
  check({ev(EventKind::kTimer, Side::kBid, 0, 0)});
  p.set_asset_kill(0, false);
  now += 5'000'000;  // the book goes stale
  check({ev(EventKind::kTimer, Side::kBid, 0, 0), ev(EventKind::kTimer, Side::kBid, 0, 0)});
  check(snapshot());
  check({ev(static_cast<EventKind>(99), Side::kBid, 1, 1)});  // bad kind: resync
  check({ev(EventKind::kBookLevel, Side::kBid, 199 * kUsd, kCoin)});  // ignored while resyncing
  check(snapshot());
  seq += 3;  // gap
  check({ev(EventKind::kFill, Side::kBid, 199 * kUsd, kCoin)});  // fill applied, then resync
  check(snapshot());
  check({ev(EventKind::kBookLevel, Side::kBid, 202 * kUsd, kCoin)});  // crossed book
  EXPECT_EQ(p.compare_state(), "");
  const PipelineCounters c = p.sw_counters();
  EXPECT_GT(c.by_reason[static_cast<int>(Reason::kKillGlobal)], 0u);
  EXPECT_GT(c.by_reason[static_cast<int>(Reason::kKillAsset)], 0u);
  EXPECT_GT(c.by_reason[static_cast<int>(Reason::kStaleBook)], 0u);
  EXPECT_GT(c.by_reason[static_cast<int>(Reason::kBadKind)], 0u);
  EXPECT_GT(c.by_reason[static_cast<int>(Reason::kOutOfSequence)], 0u);
  EXPECT_GT(c.by_reason[static_cast<int>(Reason::kCrossedBook)], 0u);
  EXPECT_EQ(c.ignored_while_resyncing, 1u);
}

// Quote prices outside (0, kMaxPrice]: the target itself, and a target inside whose tick rounding
// leaves it (a bid rounded down to 0, an ask rounded up past kMaxPrice). One cell, offsets set so
// each case lands exactly; the volatility multiplier scales them (with it the bid's target falls
// below 0 too, a reject the side has already reported).
TEST_F(Scenario, QuotePricesOutOfRangeAreRejectedWithThePrice) {
  PolicyTable t = one_cell_table(6);
  const Price mid = 200 * kUsd;  // the snapshot's 199 / 201
  const std::int64_t ask_cell = (140'737'450'000'000 - mid) / 65'536;  // x 64 x 1024 lands just under kMaxPrice
  t.cells[0][0][0] = {static_cast<std::int32_t>((mid - 64) / 64), static_cast<std::int32_t>(ask_cell)};
  p.load_and_swap(0, t, true);
  auto vol = [&](std::int64_t m) { return ev(EventKind::kVolatility, Side::kBid, 0, m); };
  auto rejects = [&](Side side) {
    std::vector<Price> prices;
    for (const QuoteIntent& q : p.last()) {
      if (q.kind == IntentKind::kReject && q.side == side && q.reason == Reason::kPriceOutOfRange) prices.push_back(q.price);
    }
    return prices;
  };

  check(snapshot());  // bid target 64 (1e-8 units): rounds down to 0
  EXPECT_EQ(rejects(Side::kBid), std::vector<Price>{0});
  check({vol(kVolScale << 10)});  // ask target 140 737 449 936 896: its tick (10^8) rounds it past kMaxPrice
  ASSERT_EQ(rejects(Side::kAsk).size(), 1u);
  EXPECT_EQ(rejects(Side::kAsk)[0], 140'737'500'000'000);
  check({vol(kVolScale)});  // back in range: the ask quotes again
  EXPECT_TRUE(std::any_of(p.last().begin(), p.last().end(),
                          [](const QuoteIntent& q) { return q.kind == IntentKind::kQuote && q.side == Side::kAsk; }));
  check({vol(kMaxVolMultiplier)});  // the ask target itself beyond kMaxPrice
  ASSERT_EQ(rejects(Side::kAsk).size(), 1u);
  EXPECT_EQ(rejects(Side::kAsk)[0], mid + ask_cell * 64 * 65'536);
  EXPECT_EQ(p.compare_state(), "");
}

// The post-only clamp right at its edge: a bid target at the best ask, a tick and a unit either
// side of it, and the same for the ask at the best bid, with best prices on the tick and off it.
// The RTL decides the clamp from the target against the opposite best rounded away from the
// book (rtl/README.md); a stream almost never puts a target within a unit of that edge.
TEST_F(Scenario, PostOnlyClampAtTheOppositeBestAndAroundIt) {
  PolicyTable t = one_cell_table(0);
  constexpr Price kTick = 1'000'000;  // 0.01 USD: five significant figures at 200 USD
  constexpr int kMinExp = arith::min_tick_exponent(MarketType::kPerp, 3);  // the fixture's asset
  long crossing = 0, not_crossing = 0, quotes = 0;
  for (const Price bid_px : {199 * kUsd, 199 * kUsd + kTick / 2}) {
    for (const Price ask_px : {201 * kUsd, 201 * kUsd + kTick / 2}) {
      const Price mid = (bid_px + ask_px) / 2;
      for (const Price d : {-kTick, Price{-1}, Price{0}, Price{1}, kTick}) {
        // Negative offsets put the bid target at best ask + d and the ask target at best bid - d.
        t.cells[0][0][0] = {static_cast<std::int32_t>(mid - (ask_px + d)), static_cast<std::int32_t>((bid_px - d) - mid)};
        p.load_and_swap(0, t, true);
        p.set_asset_kill(0, true);  // cancels both sides, so each case quotes afresh
        check({ev(EventKind::kTimer, Side::kBid, 0, 0)});
        p.set_asset_kill(0, false);
        check({ev(EventKind::kBookClear, Side::kBoth, 0, 0), ev(EventKind::kBookLevel, Side::kBid, bid_px, kCoin),
               ev(EventKind::kBookLevel, Side::kAsk, ask_px, kCoin, kFlagEndOfSnapshot)});
        quotes += std::count_if(p.last().begin(), p.last().end(), [](const QuoteIntent& q) { return q.kind == IntentKind::kQuote; });
        (arith::round_down_price(ask_px + d, kMinExp) >= ask_px ? crossing : not_crossing)++;
        (arith::round_up_price(bid_px - d, kMinExp) <= bid_px ? crossing : not_crossing)++;
      }
    }
  }
  EXPECT_EQ(quotes, 40);  // both sides quote in every case
  EXPECT_GT(crossing, 8);  // the cases fall on both sides of the edge
  EXPECT_GT(not_crossing, 8);
  EXPECT_EQ(p.compare_state(), "");
}

// The offsets to the unit: a spot asset with no size decimals (ticks down to 1e-8) priced below
// 10^5 units, where the tick is one unit, so the rounding keeps every unit of the scaled offset.
// Funding inside a five-bin grid puts the lerp between two cells with all kinds of fractions,
// the volatility multiplier and the table's shift vary, and the hysteresis requotes on any move.
// At a stream's ticks (10^5 units and up) an offset one unit off is rounded away; here it is a
// different price (the RTL makes the lerp's floor, the shift and the volatility product from the
// lerp's two halves, rtl/README.md).
TEST_F(Scenario, OffsetsToTheUnitWhereTheTickIsOneUnit) {
  AssetConfig c{};
  c.enabled = 1;
  c.market = MarketType::kSpot;
  c.sz_decimals = 0;
  c.position_limit = 5 * kCoin;
  ASSERT_EQ(arith::min_tick_exponent(c.market, c.sz_decimals), 0);
  PolicyTable t = one_cell_table(0);
  t.f_bins = 5;
  t.f_step = 1'000;
  t.f_min = -2'000;
  t.f_step_recip_q48 = grid_reciprocal_q48(t.f_step);
  std::set<Price> prices;
  long quotes = 0;
  for (int round = 0; round < 40; ++round) {
    c.use_microprice = round % 2;
    p.configure_asset(0, c);
    t.offset_shift = static_cast<std::uint8_t>(round % 7);
    for (int f = 0; f < t.f_bins; ++f) {
      for (int side = 0; side < 2; ++side) {
        const std::int64_t v = rng.range(-3'000, 9'000) >> t.offset_shift;
        (side == 0 ? t.cells[0][0][f].bid_offset : t.cells[0][0][f].ask_offset) = static_cast<std::int32_t>(v);
      }
    }
    p.load_and_swap(0, t, true);
    check({ev(EventKind::kBookClear, Side::kBoth, 0, 0), ev(EventKind::kBookLevel, Side::kBid, 40'000, kCoin),
           ev(EventKind::kBookLevel, Side::kAsk, 60'000, kCoin, kFlagEndOfSnapshot)});
    for (int i = 0; i < 50; ++i) {
      std::vector<MarketEvent> batch;
      batch.push_back(ev(EventKind::kFunding, Side::kBid, rng.range(-2'100, 2'100), 0));
      if (i % 5 == 0) batch.push_back(ev(EventKind::kVolatility, Side::kBid, 0, kVolScale / 4 + rng.range(0, 4 * kVolScale)));
      batch.push_back(ev(EventKind::kBookLevel, i % 2 == 0 ? Side::kBid : Side::kAsk, i % 2 == 0 ? 40'000 : 60'000,
                         rng.range(1, 50) * kCoin / 10));
      check(batch);
      for (const QuoteIntent& q : p.last()) {
        if (q.kind != IntentKind::kQuote) continue;
        ++quotes;
        prices.insert(q.price);
      }
    }
  }
  EXPECT_GT(quotes, 2'000);
  EXPECT_GT(prices.size(), 1'000u);  // prices to the unit, not a few ticks
  EXPECT_EQ(p.compare_state(), "");
}

// The hysteresis threshold of a clamped side, where the post-only limit and the rounded target
// sit in different decades and so on different ticks. The bid's target is above 100 USD (ticks of
// 0.01) while the best ask, just below it, puts the limit on ticks of 0.001; the ask's target is
// below 100 USD while the best bid, just above, puts its limit on ticks of 0.01. With a tolerance
// of three ticks the limit's tick decides whether a move of one to five ticks requotes: a
// threshold taken at the target's tick holds every bid move and requotes on every ask move. The
// streams hardly ever put a power of ten between the target and the opposite best.
TEST_F(Scenario, ClampedSideRequotesByTheLimitsTickAcrossAPowerOfTen) {
  AssetConfig c{};
  c.enabled = 1;
  c.sz_decimals = 3;
  c.refresh_tolerance_ticks = 3;
  c.position_limit = 5 * kCoin;
  p.configure_asset(0, c);
  constexpr int kMinExp = arith::min_tick_exponent(MarketType::kPerp, 3);
  constexpr Price kFine = 100'000;     // 0.001 USD: the tick below 100 USD
  constexpr Price kCoarse = 1'000'000; // 0.01 USD: from 100 USD up
  PolicyTable t = one_cell_table(0);
  t.cells[0][0][0] = {static_cast<std::int32_t>(-kUsd / 2), static_cast<std::int32_t>(-kUsd / 2)};
  p.load_and_swap(0, t, true);
  long held[2] = {0, 0}, requoted[2] = {0, 0};
  for (int side = 0; side < 2; ++side) {
    const Price tick = side == 0 ? kFine : kCoarse;
    Price last = 0;
    Price level = side == 0 ? 99'970 * kFine : 10'005 * kCoarse;  // the best ask (bid side) / best bid (ask side)
    for (int i = 0; i < 60; ++i) {
      if (i > 0) {
        const Price step = static_cast<Price>(rng.range(1, 5)) * tick;
        level += side == 0 ? (level + step < 99'995 * kFine ? step : -step) : (level - step > 10'000 * kCoarse ? -step : step);
      }
      const Price bid_px = side == 0 ? level - 20 * kCoarse : level;
      const Price ask_px = side == 0 ? level : level + 20 * kCoarse;
      check({ev(EventKind::kBookClear, Side::kBoth, 0, 0), ev(EventKind::kBookLevel, Side::kBid, bid_px, kCoin),
             ev(EventKind::kBookLevel, Side::kAsk, ask_px, kCoin, kFlagEndOfSnapshot)});
      const Price limit = side == 0 ? arith::round_down_price(ask_px - 1, kMinExp) : arith::round_up_price(bid_px + 1, kMinExp);
      ASSERT_EQ(arith::tick_at(limit, kMinExp), side == 0 ? kFine : kCoarse);
      const Side sd = side == 0 ? Side::kBid : Side::kAsk;
      const bool quoted = std::any_of(p.last().begin(), p.last().end(),
                                      [&](const QuoteIntent& q) { return q.kind == IntentKind::kQuote && q.side == sd; });
      if (i > 0) {
        const Price moved = limit > last ? limit - last : last - limit;
        EXPECT_EQ(quoted, moved >= 3 * tick) << "side " << side << ", record " << i << ": the limit moved " << moved;
        (quoted ? requoted : held)[side]++;
      }
      if (quoted) last = limit;
    }
  }
  for (int side = 0; side < 2; ++side) {
    EXPECT_GT(held[side], 10) << "side " << side;
    EXPECT_GT(requoted[side], 10) << "side " << side;
  }
  EXPECT_EQ(p.compare_state(), "");
}

}  // namespace
}  // namespace hlmm
