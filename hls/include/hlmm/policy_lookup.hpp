// Quote stage, table half: where (inventory, funding, time) falls on an asset's policy grid and
// the interpolated offsets there. Reciprocals estimate each index; one multiply-back correction
// makes it exact, so a value on a grid node hits that node exactly.
#pragma once

#include <cstdint>

#include "hlmm/arith.hpp"
#include "hlmm/policy_table.hpp"

namespace hlmm {

struct GridPosition {
  std::int32_t index;
  std::uint32_t frac_q16;  // 0 .. 65535 toward index + 1
};

// floor((x - lo) / step) and its Q16 fraction, x clamped to [lo, lo + (nodes-1) * step].
constexpr GridPosition locate_floor(std::int64_t x, std::int64_t lo, std::int64_t step,
                                    std::int64_t recip_q48, int nodes) {
  if (nodes <= 1 || x <= lo) return {0, 0};
  const std::int64_t span = step * (nodes - 1);
  if (x - lo >= span) return {nodes - 1, 0};
  const auto diff = static_cast<std::uint64_t>(x - lo);  // < 2^47 * 2: products below fit 128 bits
  auto idx = static_cast<std::int64_t>((static_cast<arith::u128>(diff) * static_cast<std::uint64_t>(recip_q48)) >> kRecipFractionBits);
  std::int64_t rem = static_cast<std::int64_t>(diff) - idx * step;
  if (rem < 0) {
    --idx;
    rem += step;
  } else if (rem >= step) {
    ++idx;
    rem -= step;
  }
  // rem < step, so rem * recip < 2^48 and the fraction is below 2^16.
  auto frac = static_cast<std::uint32_t>((static_cast<arith::u128>(rem) * static_cast<std::uint64_t>(recip_q48)) >> (kRecipFractionBits - 16));
  if (frac > 0xFFFF) frac = 0xFFFF;
  return {static_cast<std::int32_t>(idx), frac};
}

// Nearest node (ties toward the higher node), x clamped to the grid. The decision compares the
// exact remainder with half a step, not the Q16 fraction: a coarse reciprocal (hour-long time
// bins in ns have one of ~100) would otherwise move the midpoint by a fraction of a percent.
constexpr std::int32_t locate_nearest(std::int64_t x, std::int64_t lo, std::int64_t step,
                                      std::int64_t recip_q48, int nodes) {
  const GridPosition p = locate_floor(x, lo, step, recip_q48, nodes);
  if (p.index + 1 >= nodes || x <= lo) return p.index;
  const std::int64_t rem = x - lo - static_cast<std::int64_t>(p.index) * step;  // 0 <= rem < step
  return 2 * rem >= step ? p.index + 1 : p.index;
}

struct Offsets {
  bool bid_enabled;
  bool ask_enabled;
  std::int64_t bid;  // price units, before the volatility multiplier
  std::int64_t ask;
};

constexpr std::int64_t lerp_q16(std::int32_t a, std::int32_t b, std::uint32_t frac) {
  return static_cast<std::int64_t>(a) + ((static_cast<std::int64_t>(b) - a) * static_cast<std::int64_t>(frac) >> 16);
}

// Offsets at inventory level `q`, funding position `f`, time bin `t`: linear across funding,
// nearest in inventory and time. A side disabled at either funding neighbour is disabled.
constexpr Offsets lookup_offsets(const PolicyTable& table, std::int32_t q, GridPosition f, std::int32_t t) {
  const std::int32_t f1 = f.index + 1 < table.f_bins ? f.index + 1 : f.index;
  const PolicyCell lo = table.cells[t][q][f.index];
  const PolicyCell hi = table.cells[t][q][f1];
  Offsets o{};
  o.bid_enabled = lo.bid_offset != kOffsetDisabled && hi.bid_offset != kOffsetDisabled;
  o.ask_enabled = lo.ask_offset != kOffsetDisabled && hi.ask_offset != kOffsetDisabled;
  if (o.bid_enabled) o.bid = lerp_q16(lo.bid_offset, hi.bid_offset, f.frac_q16) * (std::int64_t{1} << table.offset_shift);
  if (o.ask_enabled) o.ask = lerp_q16(lo.ask_offset, hi.ask_offset, f.frac_q16) * (std::int64_t{1} << table.offset_shift);
  return o;
}

}  // namespace hlmm
