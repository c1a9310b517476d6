// A latency histogram with fixed upper bounds (1-2-5 steps from 1 us to 100 ms, then +Inf), as
// Prometheus histograms are: cumulative over the run, cheap to add to, cheap to send.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hlmm::dashboard {

struct LatencyHistogram {
  std::string backend;
  std::vector<std::uint64_t> upper_ns;  // bucket upper bounds (inclusive), increasing
  std::vector<std::uint64_t> counts;    // per bucket (not cumulative); one more than upper_ns: +Inf
  std::uint64_t count = 0;
  double sum_ns = 0;

  static LatencyHistogram with_default_buckets(std::string backend);
  void add(std::uint64_t ns);
  void add(std::span<const std::uint64_t> samples);
  // The smallest bucket bound below which a fraction `p` of the samples lie (0 when empty; the
  // last finite bound when they fall in the +Inf bucket).
  std::uint64_t quantile_bound_ns(double p) const;
};

}  // namespace hlmm::dashboard
