#include "policy/policy_surface.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include <fmt/format.h>

namespace hlmm::policy {

const char* policy_error_name(PolicyErrorCode code) {
  switch (code) {
    case PolicyErrorCode::kInvalidParameter: return "invalid parameter";
    case PolicyErrorCode::kCflViolation: return "CFL violation";
    case PolicyErrorCode::kNotFinite: return "not finite";
    case PolicyErrorCode::kNegativeSize: return "negative size";
    case PolicyErrorCode::kNonUniformGrid: return "non-uniform grid";
    case PolicyErrorCode::kTooManyLevels: return "too many inventory levels";
    case PolicyErrorCode::kTooManyFundingBins: return "too many funding bins";
    case PolicyErrorCode::kTooManyTimeBins: return "too many time bins";
    case PolicyErrorCode::kShapeMismatch: return "shape mismatch";
    case PolicyErrorCode::kOutOfRange: return "out of range";
    case PolicyErrorCode::kOffsetTooLarge: return "offset too large";
    case PolicyErrorCode::kIo: return "I/O error";
    case PolicyErrorCode::kBadFile: return "bad policy-table file";
  }
  return "unknown policy error";
}

void PolicySurface::resize_cells() {
  const std::size_t cells = static_cast<std::size_t>(t_bins) * q_nodes.size() * f_nodes.size();
  bid.assign(cells, std::numeric_limits<double>::infinity());
  ask.assign(cells, std::numeric_limits<double>::infinity());
  size.assign(q_nodes.size(), 0.0);
}

std::vector<double> uniform_nodes(double lo, double step, int count) {
  std::vector<double> nodes(static_cast<std::size_t>(count));
  // lo + i * step, not repeated addition, so the last node carries one rounding, not `count`.
  for (int i = 0; i < count; ++i) nodes[static_cast<std::size_t>(i)] = lo + i * step;
  return nodes;
}


double decode_offset_usd(const PolicyTable& table, std::int32_t stored) {
  if (stored == kOffsetDisabled) return std::numeric_limits<double>::infinity();
  const std::int64_t units = static_cast<std::int64_t>(stored) * (std::int64_t{1} << table.offset_shift);
  return static_cast<double>(units) / static_cast<double>(kPriceScale);
}

double decode_size_coins(Size size) { return static_cast<double>(size) / static_cast<double>(kSizeScale); }

namespace {

// Values beyond this many 1e-8 units cannot be rounded to int64 safely through long double.
constexpr long double kMaxUnits = 4.0e18L;

bool to_units(double value, std::int64_t scale, std::int64_t& out) {
  const long double scaled = static_cast<long double>(value) * static_cast<long double>(scale);
  if (!std::isfinite(scaled) || std::fabs(scaled) > kMaxUnits) return false;
  out = std::llroundl(scaled);
  return true;
}

// Checks that nodes are finite, increasing and equally spaced; returns the step (0 for one node).
Result<double> uniform_step(const std::vector<double>& nodes, const char* name) {
  for (double x : nodes) {
    if (!std::isfinite(x)) {
      return make_error(PolicyErrorCode::kNotFinite, fmt::format("{} grid has a non-finite node", name));
    }
  }
  if (nodes.size() < 2) return 0.0;
  const double step = (nodes.back() - nodes.front()) / static_cast<double>(nodes.size() - 1);
  if (!(step > 0.0)) {
    return make_error(PolicyErrorCode::kNonUniformGrid, fmt::format("{} grid must be increasing", name));
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const double expected = nodes.front() + static_cast<double>(i) * step;
    // A relative 1e-9 of the step admits the rounding of lo + i * step and nothing a caller means.
    if (std::fabs(nodes[i] - expected) > 1e-9 * step) {
      return make_error(PolicyErrorCode::kNonUniformGrid,
                        fmt::format("{} grid is not uniform: node {} is {} but a uniform grid has {}", name,
                                    i, nodes[i], expected));
    }
  }
  return step;
}

// v / 2^shift rounded half away from zero, symmetric for offsets of either sign.
std::int64_t shift_round(std::int64_t v, int shift) {
  if (shift == 0) return v;
  const std::int64_t half = std::int64_t{1} << (shift - 1);
  const std::int64_t mag = ((v < 0 ? -v : v) + half) >> shift;
  return v < 0 ? -mag : mag;
}

}  // namespace

Result<PolicyTable> encode_policy_table(const PolicySurface& s, const EncodeOptions& options) {
  using E = PolicyErrorCode;
  const int nq = s.q_levels();
  const int nf = s.f_bins();
  if (nq < 1) return make_error(E::kInvalidParameter, "surface has no inventory levels");
  if (nq > kMaxInventoryLevels) {
    return make_error(E::kTooManyLevels,
                      fmt::format("{} inventory levels; the table holds at most {}", nq, kMaxInventoryLevels));
  }
  if (nf < 1) return make_error(E::kInvalidParameter, "surface has no funding bins");
  if (nf > kMaxFundingBins) {
    return make_error(E::kTooManyFundingBins,
                      fmt::format("{} funding bins; the table holds at most {}", nf, kMaxFundingBins));
  }
  if (s.t_bins < 1) return make_error(E::kInvalidParameter, "surface needs at least one time bin");
  if (s.t_bins > kMaxTimeBins) {
    return make_error(E::kTooManyTimeBins,
                      fmt::format("{} time bins; the table holds at most {}", s.t_bins, kMaxTimeBins));
  }
  const std::size_t cells = static_cast<std::size_t>(s.t_bins) * static_cast<std::size_t>(nq * nf);
  if (s.bid.size() != cells || s.ask.size() != cells || s.size.size() != static_cast<std::size_t>(nq)) {
    return make_error(E::kShapeMismatch,
                      fmt::format("offset arrays hold {}/{} cells and the size curve {} entries; the grid "
                                  "needs {} cells and {} entries",
                                  s.bid.size(), s.ask.size(), s.size.size(), cells, nq));
  }
  auto q_step = uniform_step(s.q_nodes, "inventory");
  if (!q_step) return q_step.error();
  auto f_step = uniform_step(s.f_nodes, "funding");
  if (!f_step) return f_step.error();

  PolicyTable t{};
  t.q_levels = static_cast<std::uint8_t>(nq);
  t.f_bins = static_cast<std::uint8_t>(nf);
  t.t_bins = static_cast<std::uint8_t>(s.t_bins);
  t.reserved = 0;

  if (!to_units(s.q_nodes.front(), kSizeScale, t.q_min)) {
    return make_error(E::kOutOfRange, "inventory grid origin does not fit the size scale");
  }
  // One level: any positive step leaves the lookup at level 0; one coin keeps the reciprocal exact.
  const double q_step_coins = nq > 1 ? q_step.value() : 1.0;
  if (!to_units(q_step_coins, kSizeScale, t.q_step) || t.q_step <= 0) {
    return make_error(E::kOutOfRange, fmt::format("inventory step {} coin is below 1e-8", q_step_coins));
  }
  t.q_step_recip_q48 = grid_reciprocal_q48(t.q_step);
  if (t.q_step_recip_q48 == 0) return make_error(E::kOutOfRange, "inventory step too large for a Q48 reciprocal");

  if (!to_units(s.f_nodes.front(), kPriceScale, t.f_min)) {
    return make_error(E::kOutOfRange, "funding grid origin does not fit the price scale");
  }
  if (nf > 1) {
    if (!to_units(f_step.value(), kPriceScale, t.f_step) || t.f_step <= 0) {
      return make_error(E::kOutOfRange, fmt::format("funding step {} USD/coin/h is below 1e-8", f_step.value()));
    }
    t.f_step_recip_q48 = grid_reciprocal_q48(t.f_step);
    if (t.f_step_recip_q48 == 0) return make_error(E::kOutOfRange, "funding step too large for a Q48 reciprocal");
  }

  t.t0_ns = options.t0_ns;
  if (s.t_bins > 1) {
    const long double ns = static_cast<long double>(s.t_bin_seconds) * 1.0e9L;
    if (!std::isfinite(s.t_bin_seconds) || !(ns >= 1.0L) || ns > kMaxUnits) {
      return make_error(E::kInvalidParameter,
                        fmt::format("time-bin width {} s must be finite and at least 1 ns", s.t_bin_seconds));
    }
    t.t_bin_ns = static_cast<std::uint64_t>(std::llroundl(ns));
    t.t_bin_recip_q48 = grid_reciprocal_q48(static_cast<std::int64_t>(t.t_bin_ns));
    if (t.t_bin_recip_q48 == 0) {
      return make_error(E::kOutOfRange, "time-bin width too large for a Q48 reciprocal (over 2^49 ns)");
    }
  }

  for (int i = 0; i < nq; ++i) {
    const double sz = s.size[static_cast<std::size_t>(i)];
    if (std::isnan(sz) || std::isinf(sz)) {
      return make_error(E::kNotFinite, fmt::format("size at inventory level {} is not finite", i));
    }
    if (sz < 0.0) return make_error(E::kNegativeSize, fmt::format("size {} at inventory level {} is negative", sz, i));
    if (!to_units(sz, kSizeScale, t.size_curve[i])) {
      return make_error(E::kOutOfRange, fmt::format("size {} at level {} does not fit", sz, i));
    }
    if (options.lot > 0) t.size_curve[i] = t.size_curve[i] / options.lot * options.lot;  // never more than the curve
  }

  // Offsets: first to 1e-8 units, then the smallest shift that fits the largest magnitude.
  std::vector<std::int64_t> units(2 * cells);
  std::int64_t largest = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    for (int side = 0; side < 2; ++side) {
      const double x = side == 0 ? s.bid[c] : s.ask[c];
      std::int64_t& u = units[2 * c + static_cast<std::size_t>(side)];
      if (std::isnan(x) || x == -std::numeric_limits<double>::infinity()) {
        return make_error(E::kNotFinite, fmt::format("{} offset of cell {} is {}", side == 0 ? "bid" : "ask", c, x));
      }
      if (x == std::numeric_limits<double>::infinity()) {
        u = std::numeric_limits<std::int64_t>::min();  // disabled marker, not a magnitude
        continue;
      }
      if (!to_units(x, kPriceScale, u)) {
        return make_error(E::kOffsetTooLarge, fmt::format("offset {} USD does not fit the price scale", x));
      }
      largest = std::max(largest, u < 0 ? -u : u);
    }
  }
  // INT32_MIN is the disabled marker, so negative offsets get the same bound as positive ones.
  int shift = 0;
  while (shift <= kMaxOffsetShift && shift_round(largest, shift) > std::numeric_limits<std::int32_t>::max()) ++shift;
  if (shift > kMaxOffsetShift) {
    return make_error(E::kOffsetTooLarge,
                      fmt::format("largest offset {} USD needs a shift above {}", static_cast<double>(largest) / 1e8,
                                  kMaxOffsetShift));
  }
  t.offset_shift = static_cast<std::uint8_t>(shift);

  for (int tb = 0; tb < kMaxTimeBins; ++tb) {
    for (int i = 0; i < kMaxInventoryLevels; ++i) {
      for (int j = 0; j < kMaxFundingBins; ++j) t.cells[tb][i][j] = PolicyCell{kOffsetDisabled, kOffsetDisabled};
    }
  }
  for (int tb = 0; tb < s.t_bins; ++tb) {
    for (int i = 0; i < nq; ++i) {
      for (int j = 0; j < nf; ++j) {
        const std::size_t c = s.index(tb, i, j);
        const std::int64_t ub = units[2 * c];
        const std::int64_t ua = units[2 * c + 1];
        const auto disabled = std::numeric_limits<std::int64_t>::min();
        t.cells[tb][i][j].bid_offset =
            ub == disabled ? kOffsetDisabled : static_cast<std::int32_t>(shift_round(ub, shift));
        t.cells[tb][i][j].ask_offset =
            ua == disabled ? kOffsetDisabled : static_cast<std::int32_t>(shift_round(ua, shift));
      }
    }
  }
  return t;
}

}  // namespace hlmm::policy
