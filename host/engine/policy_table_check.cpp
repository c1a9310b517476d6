#include <string>

#include "engine/pipeline.hpp"

namespace hlmm::engine {
namespace {

[[noreturn]] void refuse(const std::string& what) { throw PipelineError("policy table: " + what); }

void check_axis(const char* name, int nodes, int max_nodes, std::int64_t step, std::int64_t recip) {
  if (nodes < 1 || nodes > max_nodes) {
    refuse(std::string(name) + " has " + std::to_string(nodes) + " nodes; 1.." + std::to_string(max_nodes) + " allowed");
  }
  if (nodes == 1) return;
  // Steps up to 2^40 keep the reciprocal estimate within one of the true index (policy_lookup).
  if (step <= 0 || step > (std::int64_t{1} << 40)) refuse(std::string(name) + " step must be in 1..2^40");
  if (recip != grid_reciprocal_q48(step)) refuse(std::string(name) + " reciprocal is not round(2^48 / step)");
}

}  // namespace

void validate_policy_table(const PolicyTable& t) {
  check_axis("inventory axis", t.q_levels, kMaxInventoryLevels, t.q_step, t.q_step_recip_q48);
  if (t.q_levels > 1 && t.q_step <= 0) refuse("inventory step must be positive");
  check_axis("funding axis", t.f_bins, kMaxFundingBins, t.f_step, t.f_step_recip_q48);
  check_axis("time axis", t.t_bins, kMaxTimeBins, static_cast<std::int64_t>(t.t_bin_ns), t.t_bin_recip_q48);
  if (t.offset_shift > kMaxOffsetShift) refuse("offset_shift above " + std::to_string(kMaxOffsetShift));
  for (int q = 0; q < t.q_levels; ++q) {
    if (t.size_curve[q] < 0 || t.size_curve[q] > kMaxSize) refuse("size curve entry " + std::to_string(q) + " out of range");
  }
}

}  // namespace hlmm::engine
