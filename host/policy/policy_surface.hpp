// A quoting policy in physical units, and its encoding into the pipeline's fixed-point table.
//
// Every solver (HJB, AS, GLFT, inventory framework) produces a PolicySurface: doubles in coins,
// USD and hours, easy to test against formulas. encode_policy_table() is the single place where
// those numbers become hlmm::PolicyTable (hls/include/hlmm/policy_table.hpp), so the rounding
// rules and the refusals live in one spot.
#pragma once

#include <cstdint>
#include <vector>

#include "hlmm/policy_table.hpp"
#include "policy/result.hpp"

namespace hlmm::policy {

struct PolicySurface {
  std::vector<double> q_nodes;  // inventory levels, coins, uniform and increasing
  std::vector<double> f_nodes;  // cash funding nodes, USD/coin/h, uniform and increasing (or one)
  int t_bins = 1;               // 1: rolling (time-independent) policy
  double t_bin_seconds = 0.0;   // width of a time bin; ignored when t_bins == 1
  // Offsets from the reference price in USD, indexed [(t * Q + i) * F + j]. +infinity means the
  // side is disabled (the hard inventory limit), never "a very wide quote".
  std::vector<double> bid;
  std::vector<double> ask;
  std::vector<double> size;  // quote size per inventory level, coins (>= 0)

  int q_levels() const { return static_cast<int>(q_nodes.size()); }
  int f_bins() const { return static_cast<int>(f_nodes.size()); }
  std::size_t index(int t, int i, int j) const {
    return (static_cast<std::size_t>(t) * q_nodes.size() + static_cast<std::size_t>(i)) * f_nodes.size() +
           static_cast<std::size_t>(j);
  }
  double bid_at(int t, int i, int j) const { return bid[index(t, i, j)]; }
  double ask_at(int t, int i, int j) const { return ask[index(t, i, j)]; }

  // Allocates the offset arrays (filled with +infinity) and the size curve (zeros).
  void resize_cells();
};

// Builds a uniform node vector lo, lo + step, ..., exactly `count` nodes.
std::vector<double> uniform_nodes(double lo, double step, int count);

struct EncodeOptions {
  std::uint64_t t0_ns = 0;  // wall-clock start of time bin 0 (the solve's t = 0)
  // The venue's size step for the asset (10^(8 - szDecimals) units). The pipeline quotes the size
  // curve as it is (it rounds to lots only where the position limit shrinks a size), and the venue
  // refuses a size off its lot, so each entry is floored to whole lots here. 0: not rounded (a
  // simulation without a venue's lot).
  Size lot = 0;
};

// Encodes a surface into the fixed-point table. Offsets are rounded to the nearest 1e-8 USD, then
// to the nearest multiple of 2^offset_shift with the smallest shift that fits every finite offset
// in int32 (INT32_MIN is reserved for kOffsetDisabled). Grid origins and steps are rounded to the
// nearest 1e-8 unit; reciprocals are round(2^48 / step) computed in integers.
Result<PolicyTable> encode_policy_table(const PolicySurface& surface, const EncodeOptions& options = {});

// Inverse views of one cell, in USD (+infinity for a disabled side); what the pipeline will apply.
double decode_offset_usd(const PolicyTable& table, std::int32_t stored);
double decode_size_coins(Size size);


}  // namespace hlmm::policy
