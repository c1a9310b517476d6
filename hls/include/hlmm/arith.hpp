// Integer arithmetic of the pipeline, chosen for hardware and defined bit for bit.
//
// No general division on the per-record path. Division by a power of ten (tick rounding) is a
// multiply by a 64-bit reciprocal and one correction step; ratios (microprice weight, imbalance)
// use an 8-bit reciprocal seed from a ROM refined by one Newton step, then at most two
// corrections. Every result is the exact floor, so the RTL may pipeline the same steps freely.
#pragma once

#include <cstdint>

#include "hlmm/fixed_point.hpp"

namespace hlmm::arith {

// 128-bit intermediates are a GCC/Clang extension (ap_uint<128> under Vitis HLS).
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

inline constexpr int kMaxPow10 = 18;

constexpr std::uint64_t pow10_u64(int e) {
  std::uint64_t p = 1;
  for (int i = 0; i < e; ++i) p *= 10;
  return p;
}

// ceil(2^64 / 10^e): with it, (x * R) >> 64 overestimates floor(x / 10^e) by at most one for
// every x < 2^63, so a single correction makes the quotient exact.
constexpr std::uint64_t pow10_reciprocal(int e) {
  if (e == 0) return 0;  // unused: division by 1 is the identity
  const u128 two64 = static_cast<u128>(1) << 64;
  const u128 d = pow10_u64(e);
  return static_cast<std::uint64_t>((two64 + d - 1) / d);
}

struct Pow10Rom {
  std::uint64_t value[kMaxPow10 + 1];
  std::uint64_t recip[kMaxPow10 + 1];
};

constexpr Pow10Rom make_pow10_rom() {
  Pow10Rom rom{};
  for (int e = 0; e <= kMaxPow10; ++e) {
    rom.value[e] = pow10_u64(e);
    rom.recip[e] = pow10_reciprocal(e);
  }
  return rom;
}

inline constexpr Pow10Rom kPow10 = make_pow10_rom();

// floor(x / 10^e) for 0 <= x < 2^63, 0 <= e <= 18.
constexpr std::uint64_t div_pow10(std::uint64_t x, int e) {
  if (e == 0) return x;
  std::uint64_t q = static_cast<std::uint64_t>((static_cast<u128>(x) * kPow10.recip[e]) >> 64);
  if (static_cast<u128>(q) * kPow10.value[e] > x) --q;
  return q;
}

// 8-bit reciprocal seed ROM: seed[i] ~ 2^63 / (2^31 + (i + 0.5) * 2^23), the midpoint of the
// i-th slice of the normalized divisor range [2^31, 2^32).
struct RecipRom {
  std::uint64_t seed[256];
};

constexpr RecipRom make_recip_rom() {
  RecipRom rom{};
  for (int i = 0; i < 256; ++i) {
    const std::uint64_t mid = (1ull << 31) + (static_cast<std::uint64_t>(i) << 23) + (1ull << 22);
    rom.seed[i] = (1ull << 63) / mid;
  }
  return rom;
}

inline constexpr RecipRom kRecip = make_recip_rom();

constexpr int clz32(std::uint32_t x) {
  int n = 0;
  for (int b = 31; b >= 0 && ((x >> b) & 1u) == 0; --b) ++n;
  return n;
}

// floor(n / d) for 1 <= d < 2^32, 0 <= n < 2^49 and a quotient below 2^17 (the Newton-refined
// reciprocal is good to ~2^-18, so larger quotients would need more corrections).
constexpr std::uint64_t div_small(std::uint64_t n, std::uint32_t d) {
  const int l = clz32(d);
  const std::uint64_t dn = static_cast<std::uint64_t>(d) << l;  // in [2^31, 2^32)
  const std::uint64_t y0 = kRecip.seed[(dn >> 23) & 0xFF];
  // One Newton step: y1 = y0 * (2 - dn * y0 / 2^63), error ~ (seed error)^2 ~ 2^-18.
  const i128 err = (static_cast<i128>(1) << 63) - static_cast<i128>(static_cast<u128>(dn) * y0);
  const std::uint64_t y1 = static_cast<std::uint64_t>(static_cast<i128>(y0) + ((static_cast<i128>(y0) * err) >> 63));
  std::uint64_t q = static_cast<std::uint64_t>((static_cast<u128>(n) * y1) >> (63 - l));
  // At most two corrections each way (checked exhaustively-at-random by the tests).
  for (int i = 0; i < 2; ++i) {
    if (static_cast<u128>(q) * d > n) --q;
  }
  for (int i = 0; i < 2; ++i) {
    if (static_cast<u128>(q + 1) * d <= n) ++q;
  }
  return q;
}

// Bit length of a positive value (0 for 0).
constexpr int bit_length(std::uint64_t x) {
  int n = 0;
  for (; x != 0; x >>= 1) ++n;
  return n;
}

// floor(num * 2^frac_bits / den) for 0 <= num <= den, den > 0, both below 2^63, frac_bits <= 16: both operands are
// first shifted right by the same amount so that den fits in 32 bits (the normalization is part
// of the definition), so the divider stays small.
constexpr std::uint64_t ratio(std::uint64_t num, std::uint64_t den, int frac_bits) {
  const int excess = bit_length(den) > 32 ? bit_length(den) - 32 : 0;
  const std::uint64_t n = num >> excess;
  const std::uint64_t d = den >> excess;
  return div_small(n << frac_bits, static_cast<std::uint32_t>(d));
}

// --- Hyperliquid price rounding ------------------------------------------------------------

// Exponent (base 10, in price units) of the tick at price p > 0: 5 significant figures, no finer
// than the asset's decimals (min_exp = 8 - max decimals), never coarser than 1 (integers are
// always valid).
constexpr int tick_exponent(Price p, int min_exp) {
  int n = 0;  // floor(log10(p)), by comparison with the power-of-ten ROM
  for (int k = 1; k <= kMaxPow10; ++k) {
    if (static_cast<std::uint64_t>(p) >= kPow10.value[k]) n = k;
  }
  int e = n - (kMaxSignificantFigures - 1);
  if (e < min_exp) e = min_exp;
  if (e > kPriceDecimals) e = kPriceDecimals;
  return e;
}

// Exponent of the finest tick an asset admits: 8 - (MAX_DECIMALS - szDecimals).
constexpr int min_tick_exponent(MarketType market, int sz_decimals) {
  return kPriceDecimals - max_price_decimals(market, sz_decimals);
}

// Largest valid price <= p (0 when there is none), for 0 < p < 2^62.
constexpr Price round_down_price(Price p, int min_exp) {
  const int e = tick_exponent(p, min_exp);
  return static_cast<Price>(div_pow10(static_cast<std::uint64_t>(p), e) * kPow10.value[e]);
}

// Smallest valid price >= p, for 0 < p < 2^62.
constexpr Price round_up_price(Price p, int min_exp) {
  const int e = tick_exponent(p, min_exp);
  const std::uint64_t t = kPow10.value[e];
  return static_cast<Price>(div_pow10(static_cast<std::uint64_t>(p) + t - 1, e) * t);
}

// Tick at p, in price units.
constexpr Price tick_at(Price p, int min_exp) {
  return static_cast<Price>(kPow10.value[tick_exponent(p, min_exp)]);
}

}  // namespace hlmm::arith
