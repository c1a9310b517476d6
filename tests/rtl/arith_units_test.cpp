// The RTL's arithmetic pipelines on their own, against the C++ functions they implement:
// hlmm_ratio_q16 against arith::ratio, hlmm_grid_locate against locate_floor / locate_nearest,
// hlmm_tick_round against round_down_price / round_up_price (and the products and tick exponent
// of the rounded price it also gives), hlmm_lot_floor against div_pow10.
// One input per clock, as in the pipeline, and each output compared with the C++ value of the
// input its latency says.
//
// The whole-pipeline differential test reaches these units only through what a market stream
// makes of them; some of their branches (a grid index estimate one too large on the funding axis,
// where the fraction is read) it almost never takes. Here the inputs are aimed at those branches,
// and the tests count that they were taken.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <random>

#include "Vhlmm_grid_locate.h"
#include "Vhlmm_lot_floor.h"
#include "Vhlmm_ratio_q16.h"
#include "Vhlmm_tick_round.h"
#include "hlmm/arith.hpp"
#include "hlmm/policy_lookup.hpp"
#include "hlmm/policy_table.hpp"
#include "verilated.h"

namespace {

using hlmm::arith::u128;

// Clocks a Verilated unit with a new input every cycle. `apply` sets the inputs of vector i and
// returns its expected outputs; `check` compares the unit's outputs with the expected outputs of
// the vector `latency` registers back. Vector i's result is out after the clock edge that ends
// cycle i + latency - 1; the last latency - 1 edges only drain (the inputs hold). Every vector is
// checked exactly once.
template <typename Model, typename Expected>
void run_pipelined(Model& m, int latency, long vectors, const std::function<Expected(Model&, long)>& apply,
                   const std::function<void(const Model&, const Expected&, long)>& check) {
  std::deque<Expected> in_flight;
  long checked = 0;
  m.clk_i = 0;
  m.eval();
  for (long i = 0; i < vectors + latency - 1; ++i) {
    if (i < vectors) in_flight.push_back(apply(m, i));
    m.clk_i = 0;
    m.eval();
    m.clk_i = 1;
    m.eval();
    if (i >= latency - 1) {
      check(m, in_flight.front(), checked++);
      if (::testing::Test::HasFatalFailure()) return;  // one mismatch is enough to read
      in_flight.pop_front();
    }
  }
  EXPECT_EQ(checked, vectors);
}

std::uint64_t bits(std::mt19937_64& r, int n) { return n >= 64 ? r() : r() & ((std::uint64_t{1} << n) - 1); }

TEST(RtlArithmetic, RatioQ16IsArithRatioInSixCycles) {
  VerilatedContext ctx;
  Vhlmm_ratio_q16 m(&ctx);
  std::mt19937_64 r(7);
  struct In {
    std::uint64_t num, den, scale, want, want_scaled;
  };
  long wide = 0, narrow = 0;
  const auto make = [&](long i) {
    std::uint64_t den = 0;
    std::uint64_t num = 0;
    if (i % 16 == 1) {  // where the reciprocal's chord is furthest from 2^63 / dn: mid-slice
      const std::uint64_t a = (std::uint64_t{1} << 31) + ((r() & 0xFF) << 23);
      const auto mid = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(a) * static_cast<double>(a + (1u << 23))));
      const int s = static_cast<int>(r() % 33) - 16;  // den from 2^15 to 2^48
      den = s >= 0 ? (mid + (r() % 64) - 32) << s : (mid + (r() % 64) - 32) >> -s;
      const std::uint64_t picks[3] = {den, den - 1, den - den / 3};
      num = picks[r() % 3];
    } else if (i % 4 == 0) {  // around powers of two, where the normalization changes
      const int s = static_cast<int>(r() % 62) + 1;
      den = (std::uint64_t{1} << s) + static_cast<std::uint64_t>(static_cast<std::int64_t>(r() % 7) - 3);
      if (den == 0) den = 1;
      const std::uint64_t picks[4] = {0, den, den / 2, den - 1};
      num = picks[r() % 4];
    } else {  // a book's two top sizes, each of any magnitude below kMaxSize
      const std::uint64_t bid = bits(r, static_cast<int>(r() % 56) + 1);
      const std::uint64_t ask = bits(r, static_cast<int>(r() % 56) + 1);
      den = bid + ask;
      num = bid;
      if (den == 0) den = 1;
    }
    (den >> 32 ? wide : narrow)++;
    // The scale is a spread: any price difference below 2^47, and now and then any 64 bits (the
    // product is modulo 2^64, as the C++ multiplies).
    const std::uint64_t scale = i % 8 == 0 ? r() : bits(r, static_cast<int>(r() % 47) + 1);
    const std::uint64_t w = hlmm::arith::ratio(num, den, 16);
    return In{num, den, scale, w, scale * w};
  };
  run_pipelined<Vhlmm_ratio_q16, In>(
      m, 6, 2'000'000,
      [&](Vhlmm_ratio_q16& u, long i) {
        const In v = make(i);
        u.num_i = v.num;
        u.den_i = v.den;
        u.scale_i = v.scale;
        return v;
      },
      [&](const Vhlmm_ratio_q16& u, const In& v, long i) {
        ASSERT_EQ(u.ratio_o, v.want) << "vector " << i << ": ratio(" << v.num << ", " << v.den << ")";
        ASSERT_EQ(u.scaled_o, v.want_scaled) << "vector " << i << ": " << v.scale << " * ratio(" << v.num << ", " << v.den << ")";
      });
  EXPECT_GT(wide, 10'000);
  EXPECT_GT(narrow, 10'000);
}

// The registered outputs after four cycles, and the same indices (with the floor's upper
// neighbour, lookup_offsets' second funding bin) combinationally in the fourth, for the cell
// address: two runs over the same kind of vectors, one checking each.
TEST(RtlArithmetic, GridLocateIsPolicyLookupInFourCyclesAndItsIndicesInTheFourth) {
  std::mt19937_64 r(11);
  struct In {
    hlmm::GridPosition floor;
    std::int32_t nearest;
    std::int32_t upper;
  };
  long down = 0, up = 0, interior = 0;  // the index estimate one too large / too small / inside the grid
  // The fraction saturates only with the estimate one too large. With recip = 2^48 / step + d
  // and diff = i step + rho (the exact floor and remainder), it saturates iff
  // rho d >= 2^48 (step - rho) / step, so d > 0; the estimate is i only if
  // diff d < 2^48 (step - rho) / step, which rho <= diff then rules out; it is i - 1 only if d < 0.
  // So the test aims at x one below a node (rho = step - 1, on steps up to 2^47) and counts: the
  // RTL's saturation must be exercised, and the golden model must not saturate on the other two
  // branches, which the RTL therefore does not test (rtl/hlmm_grid_locate.sv).
  long sat_down = 0, sat_other = 0;
  const auto make = [&](Vhlmm_grid_locate& u, long) {
    const int nodes = static_cast<int>(r() % 64) + 1;
    // Axes up to the 2^47-unit span a table may have; wide spans make the reciprocal's index
    // estimate miss by one often enough to take both corrections.
    const int span_bits = static_cast<int>(r() % 47) + 1;
    std::int64_t step = static_cast<std::int64_t>(bits(r, span_bits) / static_cast<std::uint64_t>(nodes > 1 ? nodes - 1 : 1));
    if (step < 1) step = 1;
    const std::int64_t recip = hlmm::grid_reciprocal_q48(step);
    const std::int64_t lo = static_cast<std::int64_t>(bits(r, 48)) - (std::int64_t{1} << 47);
    const std::int64_t k = static_cast<std::int64_t>(r() % static_cast<std::uint64_t>(nodes + 1)) - 1;
    std::int64_t x = 0;
    switch (r() % 4) {
      case 0: x = lo + k * step + static_cast<std::int64_t>(r() % 5) - 2; break;         // at a node
      case 1: x = lo + k * step - static_cast<std::int64_t>(bits(r, span_bits / 2 + 1)); break;  // just below one
      case 2: x = lo + k * step - 1; break;  // one below: rem = step - 1, where the fraction saturates
      default: x = lo + k * step + static_cast<std::int64_t>(bits(r, span_bits)) % step; break;  // anywhere
    }
    u.x_i = static_cast<std::uint64_t>(x);
    u.lo_i = static_cast<std::uint64_t>(lo);
    u.step_i = static_cast<std::uint64_t>(step);
    u.recip_i = static_cast<std::uint64_t>(recip);
    u.nodes_i = static_cast<std::uint8_t>(nodes);
    if (nodes > 1 && x > lo && x - lo < step * (nodes - 1)) {
      ++interior;
      const auto diff = static_cast<std::uint64_t>(x - lo);
      const auto est = static_cast<std::int64_t>((static_cast<u128>(diff) * static_cast<std::uint64_t>(recip)) >> 48);
      const std::int64_t rem = static_cast<std::int64_t>(diff) - est * step;
      if (rem < 0) ++down;
      if (rem >= step) ++up;
      const std::int64_t fixed = rem < 0 ? rem + step : (rem >= step ? rem - step : rem);
      if ((static_cast<u128>(fixed) * static_cast<std::uint64_t>(recip)) >> 32 > 0xFFFF) {
        if (rem < 0) ++sat_down;
        else ++sat_other;
      }
    }
    const hlmm::GridPosition f = hlmm::locate_floor(x, lo, step, recip, nodes);
    return In{f, hlmm::locate_nearest(x, lo, step, recip, nodes), f.index + 1 < nodes ? f.index + 1 : f.index};
  };
  const auto run = [&](int latency, const std::function<void(const Vhlmm_grid_locate&, const In&, long)>& check) {
    VerilatedContext ctx;
    Vhlmm_grid_locate m(&ctx);
    run_pipelined<Vhlmm_grid_locate, In>(m, latency, 2'000'000, [&](Vhlmm_grid_locate& u, long i) { return make(u, i); }, check);
  };
  run(4, [](const Vhlmm_grid_locate& u, const In& v, long i) {
    ASSERT_EQ(static_cast<std::int32_t>(u.index_o), v.floor.index) << "vector " << i;
    ASSERT_EQ(u.frac_q16_o, v.floor.frac_q16) << "vector " << i;
    ASSERT_EQ(static_cast<std::int32_t>(u.nearest_o), v.nearest) << "vector " << i;
    ASSERT_EQ(static_cast<std::int32_t>(u.upper_o), v.upper) << "vector " << i;
  });
  run(3, [](const Vhlmm_grid_locate& u, const In& v, long i) {
    ASSERT_EQ(static_cast<std::int32_t>(u.index_early_o), v.floor.index) << "vector " << i;
    ASSERT_EQ(static_cast<std::int32_t>(u.upper_early_o), v.upper) << "vector " << i;
    ASSERT_EQ(static_cast<std::int32_t>(u.nearest_early_o), v.nearest) << "vector " << i;
  });
  EXPECT_GT(interior, 200'000);
  EXPECT_GT(down, 2'000) << "the estimate one too large (rem < 0) was hardly taken";
  EXPECT_GT(up, 2'000) << "the estimate one too small (rem >= step) was hardly taken";
  EXPECT_GT(sat_down, 2'000) << "the fraction saturated hardly ever";
  EXPECT_EQ(sat_other, 0) << "the fraction saturated where the estimate was not one too large";
}

// A Verilated 128-bit output as an integer.
u128 wide128(const VlWide<4>& w) {
  return (static_cast<u128>(w[3]) << 96) | (static_cast<u128>(w[2]) << 64) | (static_cast<u128>(w[1]) << 32) | w[0];
}

TEST(RtlArithmetic, TickRoundIsArithRoundingWithItsTermsInThreeCycles) {
  VerilatedContext ctx;
  Vhlmm_tick_round m(&ctx);
  std::mt19937_64 r(13);
  long corrected = 0;  // inputs where div_pow10's own estimate is one too large
  long top_rem = 0;    // x one below a multiple of the tick: the remainder the exactness bound is about
  long at_max = 0;     // x at the top of the unit's range
  long decade_up = 0;  // a round up that reaches the next power of ten (a coarser tick)
  struct In {
    std::uint64_t price, p, size;
    u128 notional, scaled;
    int exp;
    bool up;
    int min_exp;
  };
  constexpr std::uint64_t kTop = std::uint64_t{1} << 47;  // the unit's range: 0 < p < 2^47 (0 rounding down)
  // The per-exponent table the unit reads in its third cycle: one fixed table of distinct values,
  // so the entry it gives names the exponent it picked.
  std::array<std::uint64_t, 9> table{};
  for (int e = 0; e < 9; ++e) {
    table[static_cast<std::size_t>(e)] = (bits(r, 40) << 3) | static_cast<std::uint64_t>(e);
    for (int b = 0; b < 43; ++b) {
      const int at = 43 * e + b;
      const std::uint32_t bit = static_cast<std::uint32_t>((table[static_cast<std::size_t>(e)] >> b) & 1U) << (at % 32);
      m.by_exp_i[static_cast<std::size_t>(at / 32)] |= bit;
    }
  }
  const auto make = [&](Vhlmm_tick_round& u, long i) {
    // Prices of every magnitude below 2^47, many right at or beside a power of ten or a tick, and
    // the top of the range, where x * (magic * 10^e - 2^74) comes closest to 2^74.
    std::uint64_t p = bits(r, static_cast<int>(r() % 47) + 1);
    if (i % 3 == 0) {
      const std::uint64_t t = hlmm::arith::kPow10.value[r() % 14 + 1];
      p = (p / t) * t + static_cast<std::uint64_t>(static_cast<std::int64_t>(r() % 3) - 1);
    } else if (i % 7 == 1) {
      p = kTop - 1 - bits(r, static_cast<int>(r() % 30));
    } else if (i % 7 == 2) {  // just below a power of ten, where a round up moves to the next decade
      p = hlmm::arith::kPow10.value[r() % 14 + 1] - bits(r, static_cast<int>(r() % 28));
    }
    const int min_exp = static_cast<int>(r() % 9);
    const bool up = (r() & 1) != 0;
    if ((p == 0 && up) || p >= kTop) p = 1;  // p = 0 only rounding down (a best ask of one unit, less one)
    const std::uint64_t size = r() % 5 == 0 ? 0 : bits(r, static_cast<int>(r() % 56) + 1);
    u.p_i = p;
    u.up_i = up;
    u.min_exp_i = static_cast<std::uint8_t>(min_exp);
    u.size_i = size;
    const auto x = static_cast<hlmm::Price>(p);
    const auto want = static_cast<std::uint64_t>(up ? hlmm::arith::round_up_price(x, min_exp) : hlmm::arith::round_down_price(x, min_exp));
    const int te = hlmm::arith::tick_exponent(x, min_exp);
    if (te > 0) {
      const std::uint64_t t = hlmm::arith::kPow10.value[te];
      const std::uint64_t xv = up ? p + t - 1 : p;
      const auto q = static_cast<std::uint64_t>((static_cast<u128>(xv) * hlmm::arith::kPow10.recip[te]) >> 64);
      if (static_cast<u128>(q) * t > xv) ++corrected;
      if ((up ? p - 1 : p) % t == t - 1) ++top_rem;
    }
    const int want_exp = hlmm::arith::tick_exponent(static_cast<hlmm::Price>(want), min_exp);
    if (up && want_exp != te) ++decade_up;
    if (p > kTop - (std::uint64_t{1} << 30)) ++at_max;
    return In{want, p, size, static_cast<u128>(want) * size, static_cast<u128>(want) * 10'000, want_exp, up, min_exp};
  };
  run_pipelined<Vhlmm_tick_round, In>(
      m, 3, 2'000'000, [&](Vhlmm_tick_round& u, long i) { return make(u, i); },
      [&](const Vhlmm_tick_round& u, const In& want, long i) {
        ASSERT_EQ(u.price_o, want.price) << "vector " << i << ": p " << want.p << (want.up ? " up" : " down") << ", min_exp " << want.min_exp;
        ASSERT_TRUE(wide128(u.notional_o) == want.notional) << "vector " << i << ": notional at size " << want.size;
        ASSERT_TRUE(wide128(u.scaled_o) == want.scaled) << "vector " << i << ": price * 10^4";
        // The exponent of a price of 0 (a round down below the smallest tick) is never used.
        if (want.price > 0) {
          ASSERT_EQ(static_cast<int>(u.exp_o), want.exp) << "vector " << i << ": p " << want.p << (want.up ? " up" : " down") << ", min_exp " << want.min_exp;
          ASSERT_EQ(u.by_exp_o, table[static_cast<std::size_t>(want.exp)]) << "vector " << i << ": the table's entry at the price's exponent";
        }
      });
  EXPECT_GT(corrected, 1'000) << "inputs div_pow10 has to correct were hardly drawn";
  EXPECT_GT(top_rem, 1'000) << "remainders of tick - 1 were hardly drawn";
  EXPECT_GT(at_max, 100'000) << "the top of the range was hardly drawn";
  EXPECT_GT(decade_up, 1'000) << "round ups into the next decade were hardly drawn";
}

// The quote stage decides the post-only clamp and the rounded price's range before the rounding
// ends, by compares of the target (rtl/README.md, "Pipeline, II and latency"). That rests on
// round_down_price / round_up_price picking the nearest valid price on their side of one ordered
// set; checked here on the golden functions themselves, near ticks and powers of ten.
TEST(RtlArithmetic, RoundingOrderIdentitiesTheQuoteStageUsesHold) {
  std::mt19937_64 r(19);
  constexpr hlmm::Price kMax = hlmm::kMaxPrice;
  const auto draw = [&]() {
    std::uint64_t p = bits(r, static_cast<int>(r() % 47) + 1);
    if (r() % 2 == 0) {
      const std::uint64_t t = hlmm::arith::kPow10.value[r() % 15];
      p = (p / t) * t + static_cast<std::uint64_t>(static_cast<std::int64_t>(r() % 5) - 2);
    }
    const auto x = static_cast<hlmm::Price>(p);
    return x < 1 ? hlmm::Price{1} : (x > kMax ? kMax : x);
  };
  long crossing = 0, not_crossing = 0;
  for (long n = 0; n < 2'000'000; ++n) {
    const int min_exp = static_cast<int>(r() % 9);
    const hlmm::Price tgt = draw();
    // A best price near the target often enough for both outcomes.
    const hlmm::Price best = r() % 2 == 0 ? draw() : std::clamp<hlmm::Price>(tgt + static_cast<hlmm::Price>(r() % 2001) - 1000, 1, kMax);
    const bool bid_crosses = hlmm::arith::round_down_price(tgt, min_exp) >= best;
    ASSERT_EQ(bid_crosses, tgt >= hlmm::arith::round_up_price(best, min_exp)) << tgt << " vs best ask " << best << ", min_exp " << min_exp;
    const bool ask_crosses = hlmm::arith::round_up_price(tgt, min_exp) <= best;
    ASSERT_EQ(ask_crosses, tgt <= hlmm::arith::round_down_price(best, min_exp)) << tgt << " vs best bid " << best << ", min_exp " << min_exp;
    (bid_crosses ? crossing : not_crossing)++;
    const hlmm::Price vmin = static_cast<hlmm::Price>(hlmm::arith::kPow10.value[min_exp]);
    ASSERT_EQ(hlmm::arith::round_down_price(tgt, min_exp) <= 0, tgt < vmin) << tgt << ", min_exp " << min_exp;
    ASSERT_EQ(hlmm::arith::round_up_price(tgt, min_exp) > kMax, tgt > 140'737'400'000'000) << tgt << ", min_exp " << min_exp;
  }
  for (int min_exp = 0; min_exp <= 8; ++min_exp) {
    EXPECT_EQ(hlmm::arith::round_down_price(kMax, min_exp), 140'737'400'000'000) << "min_exp " << min_exp;
  }
  EXPECT_GT(crossing, 100'000);
  EXPECT_GT(not_crossing, 100'000);
}

TEST(RtlArithmetic, LotFloorIsDivPow10InFourCycles) {
  VerilatedContext ctx;
  Vhlmm_lot_floor m(&ctx);
  std::mt19937_64 r(17);
  long corrected = 0;
  struct In {
    std::uint64_t floor, x;
    int e;
  };
  const auto make = [&](Vhlmm_lot_floor& u, long i) {
    // Rooms of every magnitude below 2^63 (div_pow10's domain), many beside a multiple of 10^e.
    const int e = static_cast<int>(r() % 19);
    std::uint64_t x = bits(r, static_cast<int>(r() % 63) + 1);
    const std::uint64_t t = hlmm::arith::kPow10.value[e];
    if (i % 3 == 0) x = (x / t) * t + static_cast<std::uint64_t>(static_cast<std::int64_t>(r() % 3) - 1);
    if (x >= (std::uint64_t{1} << 63)) x = 0;
    u.x_i = x;
    u.e_i = static_cast<std::uint8_t>(e);
    if (e > 0) {
      const auto q = static_cast<std::uint64_t>((static_cast<u128>(x) * hlmm::arith::kPow10.recip[e]) >> 64);
      if (static_cast<u128>(q) * t > x) ++corrected;
    }
    return In{hlmm::arith::div_pow10(x, e) * t, x, e};
  };
  run_pipelined<Vhlmm_lot_floor, In>(
      m, 4, 2'000'000, [&](Vhlmm_lot_floor& u, long i) { return make(u, i); },
      [&](const Vhlmm_lot_floor& u, const In& want, long i) {
        ASSERT_EQ(u.floor_o, want.floor) << "vector " << i << ": x " << want.x << ", e " << want.e;
      });
  EXPECT_GT(corrected, 1'000) << "div_pow10's correction was hardly taken";
}

}  // namespace
