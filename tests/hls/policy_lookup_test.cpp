// Grid location of the quote stage: exact at nodes and at the nearest-node midpoint, even when
// the Q48 reciprocal is coarse (hour-scale time bins counted in nanoseconds).
#include "hlmm/policy_lookup.hpp"

#include <random>

#include <gtest/gtest.h>

namespace hlmm {
namespace {

TEST(PolicyLookup, NearestTimeBinSwitchesExactlyAtTheMidpoint) {
  const std::int64_t t0 = 1'700'000'000'000'000'000;
  const std::int64_t bin = 45LL * 60 * 1'000'000'000;  // 45 minutes: reciprocal ~104, not 104.25
  const std::int64_t recip = grid_reciprocal_q48(bin);
  for (int k = 0; k < 7; ++k) {
    const std::int64_t mid = t0 + k * bin + bin / 2;
    EXPECT_EQ(locate_nearest(mid - 1, t0, bin, recip, 8), k) << k;
    EXPECT_EQ(locate_nearest(mid, t0, bin, recip, 8), k + 1) << k;
    EXPECT_EQ(locate_nearest(t0 + k * bin, t0, bin, recip, 8), k) << k;
  }
  EXPECT_EQ(locate_nearest(t0 - 5, t0, bin, recip, 8), 0);
  EXPECT_EQ(locate_nearest(t0 + 100 * bin, t0, bin, recip, 8), 7);
}

TEST(PolicyLookup, FloorIndexAndFractionAgainstDivision) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 200'000; ++i) {
    const std::int64_t step = 1 + static_cast<std::int64_t>(rng() % (1ULL << (1 + rng() % 40)));
    const int nodes = 2 + static_cast<int>(rng() % 63);
    const std::int64_t lo = static_cast<std::int64_t>(rng() % (1ULL << 40)) - (1LL << 39);
    const std::int64_t x = lo + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(step * (nodes - 1)));
    const GridPosition p = locate_floor(x, lo, step, grid_reciprocal_q48(step), nodes);
    ASSERT_EQ(p.index, (x - lo) / step) << x << " " << lo << " " << step;
    ASSERT_LT(p.frac_q16, 0x10000u);
    const std::int64_t nearest = ((x - lo) % step) * 2 >= step ? (x - lo) / step + 1 : (x - lo) / step;
    ASSERT_EQ(locate_nearest(x, lo, step, grid_reciprocal_q48(step), nodes), nearest);
  }
}

}  // namespace
}  // namespace hlmm
