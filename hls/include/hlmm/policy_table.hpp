// The policy table: what the host's solvers produce and the pipeline evaluates per record.
//
// Per asset: Q inventory levels (<= 64) x F funding bins (<= 32) x T time bins (<= 8) cells, each
// a bid and an ask offset from the reference price, plus a size curve of Q entries. Offsets are
// int32 in price units shifted left by `offset_shift` (offset = stored << shift), which keeps a
// cell at 8 bytes while covering BTC-sized offsets (tens of USD = billions of 1e-8 units).
// kOffsetDisabled marks a side switched off (the hard inventory limit): never "a large offset".
//
// Grid lookups use host-precomputed reciprocals at Q48 so the pipeline never divides:
//   inventory level = round((clamp(q, q_min, q_max) - q_min) * q_step_recip_q48 / 2^48)
//   funding position (Q16) = ((clamp(f, f_min, f_max) - f_min) * f_step_recip_q48) >> 32
//   time bin = min(T-1, (now - t0) * t_bin_recip_q48 >> 48) with (now - t0) clamped to T bins
// docs/policy-table.md documents the format and the binary file that carries it.
#pragma once

#include <cstdint>

#include "hlmm/fixed_point.hpp"
#include "hlmm/pipeline_config.hpp"

namespace hlmm {

inline constexpr int kMaxInventoryLevels = 64;
inline constexpr int kMaxFundingBins = 32;
inline constexpr int kMaxTimeBins = 8;
inline constexpr int kMaxOffsetShift = 16;
inline constexpr std::int32_t kOffsetDisabled = INT32_MIN;
inline constexpr int kRecipFractionBits = 48;

// round(2^48 / step) for a grid step > 0 (ties up): the reciprocal every table carries. 64-bit
// arithmetic is exact here: 2^48 + step/2 cannot overflow for any int64 step.
constexpr std::int64_t grid_reciprocal_q48(std::int64_t step) {
  if (step <= 0) return 0;
  const auto s = static_cast<std::uint64_t>(step);
  return static_cast<std::int64_t>(((std::uint64_t{1} << kRecipFractionBits) + s / 2) / s);
}

struct PolicyCell {
  std::int32_t bid_offset;  // (reference - bid) >> offset_shift; kOffsetDisabled: no bid
  std::int32_t ask_offset;  // (ask - reference) >> offset_shift; kOffsetDisabled: no ask
};

struct PolicyTable {
  std::uint8_t q_levels;      // 1 .. kMaxInventoryLevels
  std::uint8_t f_bins;        // 1 .. kMaxFundingBins
  std::uint8_t t_bins;        // 1 .. kMaxTimeBins
  std::uint8_t offset_shift;  // 0 .. kMaxOffsetShift
  std::uint32_t reserved;     // 0
  Size q_min;                 // inventory of level 0 (size units); level i is q_min + i * q_step
  Size q_step;                // > 0
  std::int64_t q_step_recip_q48;  // round(2^48 / q_step)
  Price f_min;                // cash funding of bin 0 (price units per coin per hour)
  Price f_step;               // > 0 when f_bins > 1
  std::int64_t f_step_recip_q48;  // round(2^48 / f_step); 0 when f_bins == 1
  std::uint64_t t0_ns;        // start of time bin 0 (the solve's t = 0)
  std::uint64_t t_bin_ns;     // width of a time bin; 0 when t_bins == 1 (rolling policy)
  std::int64_t t_bin_recip_q48;   // round(2^48 / t_bin_ns); 0 when t_bins == 1
  Size size_curve[kMaxInventoryLevels];  // quote size per inventory level (size units, >= 0)
  PolicyCell cells[kMaxTimeBins][kMaxInventoryLevels][kMaxFundingBins];
};

namespace detail {

// A table axis: 1..max nodes; a multi-node axis spans at most 2^47 units (nodes * step), which
// keeps the reciprocal's index estimate within a quarter of the true index so one correction
// makes it exact (policy_lookup.hpp), and carries its exact reciprocal;
// a single-node axis is never indexed, so its reciprocal is zero or consistent with its step.
constexpr const char* axis_defect(int nodes, int max_nodes, std::int64_t step, std::int64_t recip,
                                  const char* bad_count, const char* bad_step, const char* bad_single) {
  if (nodes < 1 || nodes > max_nodes) return bad_count;
  if (nodes == 1) return recip == 0 || (step > 0 && recip == grid_reciprocal_q48(step)) ? nullptr : bad_single;
  if (step <= 0 || step > (std::int64_t{1} << 47) / nodes || recip != grid_reciprocal_q48(step)) return bad_step;
  return nullptr;
}

}  // namespace detail

// The one check of the table format, shared by the pipeline's table load and the file reader:
// nullptr for a well-formed table, else what is wrong with it.
constexpr const char* policy_table_defect(const PolicyTable& t) {
  if (const char* d = detail::axis_defect(t.q_levels, kMaxInventoryLevels, t.q_step, t.q_step_recip_q48,
                                          "q_levels outside 1..64", "q_step or its Q48 reciprocal is wrong",
                                          "a single inventory level has an inconsistent reciprocal")) {
    return d;
  }
  if (const char* d = detail::axis_defect(t.f_bins, kMaxFundingBins, t.f_step, t.f_step_recip_q48,
                                          "f_bins outside 1..32", "f_step or its Q48 reciprocal is wrong",
                                          "a single funding bin has an inconsistent reciprocal")) {
    return d;
  }
  if (const char* d = detail::axis_defect(t.t_bins, kMaxTimeBins, static_cast<std::int64_t>(t.t_bin_ns), t.t_bin_recip_q48,
                                          "t_bins outside 1..8", "t_bin_ns or its Q48 reciprocal is wrong",
                                          "a rolling table (one time bin) has an inconsistent reciprocal")) {
    return d;
  }
  // The lookup subtracts each origin from an input in int64 (position, cash funding, now): origins
  // beyond any meaningful size, price or time would overflow it and index outside the table.
  if (t.q_min < -kMaxSize || t.q_min > kMaxSize) return "q_min outside +-2^56";
  if (t.f_min < -kMaxSize || t.f_min > kMaxSize) return "f_min outside +-2^56";
  if (t.t0_ns > (std::uint64_t{1} << 62)) return "t0_ns after 2^62 ns (the year 2116)";
  if (t.offset_shift > kMaxOffsetShift) return "offset_shift above 16";
  if (t.reserved != 0) return "reserved field is not zero";
  for (int q = 0; q < t.q_levels; ++q) {
    if (t.size_curve[q] < 0 || t.size_curve[q] > kMaxSize) return "a size-curve entry is negative or above 2^56";
  }
  return nullptr;
}

}  // namespace hlmm
