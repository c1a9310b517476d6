// Build parameters and the control registers of the pipeline (identical in every backend; the
// software backend keeps them in memory, the card behind AXI4-Lite; docs/register-map.md).
#pragma once

#include <cstdint>

#include "hlmm/fixed_point.hpp"

#ifndef HLMM_BOOK_LEVELS
#define HLMM_BOOK_LEVELS 16
#endif
#ifndef HLMM_MAX_ASSETS
#define HLMM_MAX_ASSETS 32
#endif

namespace hlmm {

inline constexpr int kBookLevels = HLMM_BOOK_LEVELS;  // N: top-N levels per side
inline constexpr int kMaxAssets = HLMM_MAX_ASSETS;    // M: asset slots
static_assert(kBookLevels >= 1 && kBookLevels <= 64);
static_assert(kMaxAssets >= 1 && kMaxAssets <= 256, "asset slots are 8-bit");

// Representable ranges on the hot path: prices below 2^47 (1.4 M USD at 1e-8) keep every product
// of the quote and risk stages inside 128 bits with room; sizes below 2^56.
inline constexpr Price kMaxPrice = (Price{1} << 47) - 1;
inline constexpr Size kMaxSize = (Size{1} << 56) - 1;
inline constexpr std::int64_t kMaxVolMultiplier = std::int64_t{1} << 32;  // 65536x at Q16.16

// Per-asset registers. Zero disables a limit where the comment says so.
struct AssetConfig {
  std::uint8_t enabled;                 // slot in use; records for a disabled slot are rejected
  std::uint8_t sz_decimals;             // Hyperliquid szDecimals (lot = 10^-szDecimals)
  MarketType market;                    // perp or spot: price decimals rule
  std::uint8_t use_microprice;          // reference = microprice (1) or mid (0)
  std::uint8_t kill;                    // per-asset kill switch
  std::uint8_t reserved0;
  std::uint16_t refresh_tolerance_ticks;  // re-quote when the price moves >= this many ticks
  std::uint16_t price_band_bps;         // quote within this many bps of mid; 0: no band
  std::uint16_t depth_band_bps;         // band for the depth statistic
  std::uint32_t reserved1;
  std::uint64_t refresh_interval_ns;    // re-send an unchanged quote after this long; 0: never
  std::uint64_t fill_cooldown_ns;       // a side pauses this long after one of our fills
  std::uint64_t stale_book_ns;          // cancel both sides when the book is older; 0: never
  Size position_limit;                  // |position| never exceeds this (size units)
  Price notional_cap;                   // price * size of a quote, in price units; 0: no cap
};

struct GlobalConfig {
  std::uint8_t kill;                 // global kill switch
  std::uint8_t reserved0;
  std::uint16_t max_open_orders;     // live quoted sides across all assets; 0: no cap
  std::uint32_t reserved1;
  // Order-rate limit as a GCRA (virtual scheduling): one order per interval on average, with a
  // burst tolerance (burst - 1) * interval precomputed by the host. interval 0: no limit.
  std::uint64_t rate_interval_ns;
  std::uint64_t rate_tolerance_ns;
};

}  // namespace hlmm
