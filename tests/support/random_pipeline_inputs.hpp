// Random pipeline inputs for the differential tests of every hardware backend against the
// software one (tests/rtl, tests/systemc): configurations and policy tables drawn over the whole
// legal range, and the realistic feed with chaos injected (bad input, sequence gaps, unknown or
// disabled slots, volatility and funding jumps, silent time gaps, resyncs). One generator, so the
// backends are held to the same streams.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "hlmm/arith.hpp"
#include "hlmm/pipeline_config.hpp"
#include "hlmm/policy_table.hpp"
#include "hlmm/records.hpp"
#include "market/feed_generator.hpp"

namespace hlmm::testing {

inline constexpr Price kUsd = kPriceScale;
inline constexpr Size kCoin = kSizeScale;
inline constexpr std::uint64_t kT0 = 1'700'000'000'000'000'000ull;  // the feed generator's start

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : g_() % n; }
  std::int64_t range(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(g_) < p; }

 private:
  std::mt19937_64 g_;
};

// A valid table around `mid`: any geometry up to the maxima, several time bins, disabled cells,
// zero sizes, offsets from inside the spread to 0.1 % out.
inline std::unique_ptr<PolicyTable> random_table(Rng& r, Price mid) {
  auto t = std::make_unique<PolicyTable>();
  t->q_levels = static_cast<std::uint8_t>(r.chance(0.2) ? r.range(1, 64) : r.range(1, 9));
  t->f_bins = static_cast<std::uint8_t>(r.chance(0.2) ? r.range(1, 32) : r.range(1, 5));
  t->t_bins = static_cast<std::uint8_t>(r.chance(0.3) ? r.range(2, 8) : 1);
  t->offset_shift = static_cast<std::uint8_t>(r.range(0, 6));
  t->q_step = kCoin / 20 * r.range(1, 40);
  t->q_min = -(t->q_levels - 1) / 2 * t->q_step + r.range(-3, 3) * (kCoin / 100);
  t->q_step_recip_q48 = grid_reciprocal_q48(t->q_step);
  t->f_step = mid / 100'000 * r.range(1, 30) + r.range(0, 999);
  t->f_min = -(t->f_bins - 1) / 2 * t->f_step - r.range(0, 1000);
  t->f_step_recip_q48 = grid_reciprocal_q48(t->f_step);
  if (t->t_bins > 1) {
    t->t0_ns = kT0 + static_cast<std::uint64_t>(r.range(0, 1'000'000));
    t->t_bin_ns = static_cast<std::uint64_t>(r.range(10'000, 50'000'000));
    t->t_bin_recip_q48 = grid_reciprocal_q48(static_cast<std::int64_t>(t->t_bin_ns));
  }
  const std::int64_t scale = std::int64_t{1} << t->offset_shift;
  const std::int64_t base = mid / 2000 * r.range(0, 6);  // 0 .. 0.3 % of mid
  for (int q = 0; q < t->q_levels; ++q) {
    t->size_curve[q] = r.chance(0.05) ? 0 : kCoin / 100 * r.range(1, 300) + (r.chance(0.1) ? r.range(1, 999) : 0);
    for (int ti = 0; ti < t->t_bins; ++ti) {
      for (int f = 0; f < t->f_bins; ++f) {
        auto cell = [&]() -> std::int32_t {
          if (r.chance(0.03)) return kOffsetDisabled;
          const std::int64_t v = (base + r.range(-mid / 4000, mid / 1000)) / scale;
          return static_cast<std::int32_t>(std::clamp<std::int64_t>(v, -2'000'000'000, 2'000'000'000));
        };
        t->cells[ti][q][f] = {cell(), cell()};
      }
    }
  }
  return t;
}

inline AssetConfig random_asset(Rng& r) {
  AssetConfig c{};
  c.enabled = 1;
  c.market = r.chance(0.8) ? MarketType::kPerp : MarketType::kSpot;
  c.sz_decimals = static_cast<std::uint8_t>(r.range(0, c.market == MarketType::kPerp ? 6 : 8));
  c.use_microprice = r.chance(0.5) ? 1 : 0;
  c.refresh_tolerance_ticks = static_cast<std::uint16_t>(r.range(0, 4));
  c.price_band_bps = static_cast<std::uint16_t>(r.chance(0.5) ? r.range(1, 100) : 0);
  c.depth_band_bps = static_cast<std::uint16_t>(r.range(0, 200));
  c.refresh_interval_ns = r.chance(0.5) ? static_cast<std::uint64_t>(r.range(1'000, 2'000'000)) : 0;
  c.fill_cooldown_ns = r.chance(0.5) ? static_cast<std::uint64_t>(r.range(1'000, 1'000'000)) : 0;
  c.stale_book_ns = r.chance(0.5) ? static_cast<std::uint64_t>(r.range(50'000, 5'000'000)) : 0;
  c.position_limit = kCoin / 100 * r.range(1, 2000);
  c.notional_cap = r.chance(0.4) ? kUsd * r.range(10, 20'000) : 0;
  return c;
}

inline GlobalConfig random_global(Rng& r) {
  GlobalConfig g{};
  g.max_open_orders = static_cast<std::uint16_t>(r.chance(0.5) ? r.range(1, 64) : 0);
  if (r.chance(0.5)) {
    g.rate_interval_ns = static_cast<std::uint64_t>(r.range(100, 20'000));
    g.rate_tolerance_ns = g.rate_interval_ns * static_cast<std::uint64_t>(r.range(0, 20));
  }
  return g;
}

// Appends the feed's next records to `batch` until it holds `target`, about 1.25 % of them
// turned into trouble, and now and then a fresh snapshot of one asset (a resync).
// `disabled` is the slot configured disabled; `start_mid` the feed's starting mid.
inline void grow_chaotic_batch(Rng& r, sim::FeedGenerator& gen, std::vector<MarketEvent>& batch, std::size_t target,
                               std::uint8_t disabled, Price start_mid) {
  while (batch.size() < target) {
    const std::size_t before = batch.size();
    gen.next(batch);
    MarketEvent& e = batch[before];
    const double u = static_cast<double>(r.below(1'000'000)) / 1e6;
    if (u < 0.002) {  // bad input
      switch (r.below(5)) {
        case 0: e.kind = static_cast<EventKind>(r.chance(0.5) ? 0 : 8 + r.below(200)); break;
        case 1: e.side = static_cast<Side>(3 + r.below(250)); break;
        case 2: e.size = -static_cast<Size>(r.range(1, 100)); e.kind = EventKind::kBookLevel; break;
        case 3: e.price = r.chance(0.5) ? 0 : kMaxPrice + r.range(1, 10); e.kind = EventKind::kTrade; e.size = kCoin; break;
        default: e.kind = EventKind::kVolatility; e.size = r.chance(0.5) ? 0 : kMaxVolMultiplier + 1; break;
      }
    } else if (u < 0.004) {  // sequence gap or replay
      e.seq += r.chance(0.5) ? 1 : static_cast<std::uint32_t>(-1);
    } else if (u < 0.005) {  // an unknown or disabled slot
      e.asset = static_cast<std::uint8_t>(r.chance(0.5) ? disabled : kMaxAssets + static_cast<int>(r.below(256 - kMaxAssets)));
    } else if (u < 0.008) {  // volatility regime change
      e.kind = EventKind::kVolatility;
      e.size = kVolScale / 4 + static_cast<Size>(r.below(4 * kVolScale));
    } else if (u < 0.011) {  // funding jump across (and beyond) the grid
      e.kind = EventKind::kFunding;
      e.price = r.range(-start_mid / 500, start_mid / 500);
    } else if (u < 0.0125) {  // a silent gap in time: stale books, expired refreshes, rate budget
      e.kind = EventKind::kTimer;
      e.ts_ns += static_cast<std::uint64_t>(r.range(1'000'000, 20'000'000));
    }
    if (r.chance(0.0005)) {  // resync one asset with a fresh snapshot
      const auto s = gen.snapshot(static_cast<std::uint8_t>(r.below(kMaxAssets)));
      batch.insert(batch.end(), s.begin(), s.end());
    }
  }
}

}  // namespace hlmm::testing
