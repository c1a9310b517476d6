#include "calibrate/hit_counts.hpp"

#include <algorithm>

namespace hlmm::calibrate {

std::vector<HitCount> count_hits(const std::vector<double>& mids, std::uint64_t start_ms,
                                 const std::vector<TradeSample>& trades, const std::vector<double>& distances,
                                 double quote_size, CountingRule rule) {
  constexpr std::uint64_t kMinute = 60'000;
  const std::size_t n_d = distances.size();
  // Crossed volume beyond each distance, per minute and side: [minute][side][distance].
  std::vector<double> volume(mids.size() * 2 * n_d, 0.0);
  for (const TradeSample& t : trades) {
    if (t.time_ms < start_ms) continue;
    const std::size_t m = (t.time_ms - start_ms) / kMinute;
    if (m >= mids.size()) continue;
    const double mid = mids[m];
    const int side = t.buyer_aggressor ? 1 : 0;  // 1: reaches our ask, 0: our bid
    const double reach = t.buyer_aggressor ? t.price - mid : mid - t.price;
    for (std::size_t d = 0; d < n_d; ++d) {
      if (reach >= distances[d]) volume[(m * 2 + static_cast<std::size_t>(side)) * n_d + d] += t.size;
    }
  }
  std::vector<HitCount> counts(n_d);
  for (std::size_t d = 0; d < n_d; ++d) {
    counts[d].delta = distances[d];
    counts[d].windows = 2.0 * static_cast<double>(mids.size());
    for (std::size_t w = 0; w < mids.size() * 2; ++w) {
      const double v = volume[w * n_d + d];
      const bool hit = rule == CountingRule::kVolumeMinute ? v >= quote_size && v > 0 : v > 0;
      counts[d].hits += hit ? 1.0 : 0.0;
    }
  }
  return counts;
}

}  // namespace hlmm::calibrate
