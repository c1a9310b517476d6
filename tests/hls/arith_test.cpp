// The pipeline's division-free arithmetic against plain division, and Hyperliquid tick rounding
// against a reference built from the decimal rules (digit counts), not from the kernel's steps.
#include "hlmm/arith.hpp"

#include <cmath>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace hlmm::arith {
namespace {

TEST(Arith, DivPow10IsExactFloor) {
  std::mt19937_64 rng(1);
  for (int e = 0; e <= kMaxPow10; ++e) {
    const std::uint64_t d = pow10_u64(e);
    const std::uint64_t edges[] = {0, 1, d - 1, d, d + 1, (1ull << 63) - 1, (1ull << 63) - d};
    for (std::uint64_t x : edges) ASSERT_EQ(div_pow10(x, e), x / d) << x << " / 10^" << e;
    for (int i = 0; i < 100'000; ++i) {
      const std::uint64_t x = rng() >> (1 + rng() % 63);
      ASSERT_EQ(div_pow10(x, e), x / d) << x << " / 10^" << e;
    }
  }
}

TEST(Arith, RatioIsTheNormalizedExactFloor) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 1'000'000; ++i) {
    const std::uint64_t den = 1 + (rng() >> (1 + rng() % 63));
    const std::uint64_t num = rng() % (den + 1);
    const int bits = static_cast<int>(rng() % 17);
    // The definition, with plain division: both shifted so the denominator fits 32 bits.
    int excess = 0;
    while ((den >> excess) >= (1ull << 32)) ++excess;
    const std::uint64_t expect = ((num >> excess) << bits) / (den >> excess);
    ASSERT_EQ(ratio(num, den, bits), expect) << num << "/" << den << " q" << bits;
  }
}

TEST(Arith, DivSmallNeedsNoMoreThanTwoCorrections) {
  // div_small corrects at most twice each way; a quotient needing more would come out wrong,
  // so exact results over the whole operating range show the bound holds.
  std::mt19937_64 rng(3);
  for (int i = 0; i < 1'000'000; ++i) {
    const auto d = static_cast<std::uint32_t>(1 + rng() % 0xFFFFFFFFull);
    const std::uint64_t n = (static_cast<std::uint64_t>(d) << 16) - (rng() % (static_cast<std::uint64_t>(d) << 16));
    ASSERT_EQ(div_small(n, d), n / d) << n << "/" << d;
  }
  for (std::uint32_t d : {1u, 2u, 3u, 255u, 256u, 257u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu}) {
    for (std::uint64_t q : {0ull, 1ull, 65535ull, 65536ull}) {
      const std::uint64_t n = q * d;
      ASSERT_EQ(div_small(n, d), q);
      if (n > 0) {
        ASSERT_EQ(div_small(n - 1, d), (n - 1) / d);
      }
    }
  }
}

// Largest valid price <= p from the rules in words: keep 5 significant figures of the integer
// digit string of p (in 1e-8 units), but no more than max_decimals decimals, and integers are
// always fine.
Price reference_round_down(Price p, int max_decimals) {
  const int digits = static_cast<int>(std::to_string(p).size());
  int drop = digits - 5;                              // digits below the 5th significant one
  if (drop < kPriceDecimals - max_decimals) drop = kPriceDecimals - max_decimals;
  if (drop > kPriceDecimals) drop = kPriceDecimals;   // whole units are always valid
  Price unit = 1;
  for (int i = 0; i < drop; ++i) unit *= 10;
  return p - p % unit;
}

TEST(Arith, TickRoundingFromTenToTheMinusFourToTenToTheSix) {
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> log_price(-4.0, 6.0);
  for (int sz_decimals = 0; sz_decimals <= 5; ++sz_decimals) {
    const int max_decimals = max_price_decimals(MarketType::kPerp, sz_decimals);
    const int min_exp = min_tick_exponent(MarketType::kPerp, sz_decimals);
    for (int i = 0; i < 100'000; ++i) {
      // Uniform in log price; the double only picks a test point, the arithmetic is integer.
      const auto p = static_cast<Price>(std::pow(10.0, log_price(rng) + 8.0)) + static_cast<Price>(rng() % 7);
      const Price down = round_down_price(p, min_exp);
      const Price up = round_up_price(p, min_exp);
      ASSERT_EQ(down, reference_round_down(p, max_decimals)) << p;
      ASSERT_LE(down, p);
      ASSERT_GE(up, p);
      if (down > 0) {
        ASSERT_TRUE(is_valid_price(down, sz_decimals)) << down;
      }
      ASSERT_TRUE(is_valid_price(up, sz_decimals)) << up << " from " << p;
      // Nothing valid strictly between: the next valid price above `down` is above p, and the
      // largest valid price below `up` is below p.
      if (down > 0) {
        ASSERT_GT(round_up_price(down + 1, min_exp), p) << p;
      }
      if (up > 1 && up != p) {
        ASSERT_LT(round_down_price(up - 1, min_exp), p) << p;
      }
    }
  }
}

TEST(Arith, TickAtPrices) {
  const int eth = min_tick_exponent(MarketType::kPerp, 4);  // 2 decimals at most
  EXPECT_EQ(tick_at(3456 * kPriceScale, eth), kPriceScale / 10);        // 3456.7: 5 s.f.
  EXPECT_EQ(tick_at(123'456 * kPriceScale, eth), kPriceScale);          // integers always
  EXPECT_EQ(tick_at(12 * kPriceScale, eth), kPriceScale / 100);         // capped by 2 decimals
  EXPECT_EQ(round_up_price(999'995'000'000, eth), 1'000'000'000'000);   // 9999.95 -> 10000
  EXPECT_EQ(round_down_price(1'000'005'000'000, eth), 1'000'000'000'000);
}

}  // namespace
}  // namespace hlmm::arith
