#include "dashboard/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace hlmm::dashboard {

LatencyHistogram LatencyHistogram::with_default_buckets(std::string backend) {
  LatencyHistogram h;
  h.backend = std::move(backend);
  for (std::uint64_t decade = 1'000; decade <= 100'000'000; decade *= 10) {
    for (const std::uint64_t m : {1, 2, 5}) {
      if (decade * m <= 100'000'000) h.upper_ns.push_back(decade * m);
    }
  }
  h.counts.assign(h.upper_ns.size() + 1, 0);
  return h;
}

void LatencyHistogram::add(std::uint64_t ns) {
  const auto it = std::lower_bound(upper_ns.begin(), upper_ns.end(), ns);
  ++counts[static_cast<std::size_t>(it - upper_ns.begin())];
  ++count;
  sum_ns += static_cast<double>(ns);
}

void LatencyHistogram::add(std::span<const std::uint64_t> samples) {
  for (const std::uint64_t ns : samples) add(ns);
}

std::uint64_t LatencyHistogram::quantile_bound_ns(double p) const {
  if (count == 0 || upper_ns.empty()) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < upper_ns.size(); ++i) {
    seen += counts[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) return upper_ns[i];
  }
  return upper_ns.back();
}

}  // namespace hlmm::dashboard
