// Fill-intensity observations from a market's own prints (shared hjb-math.md §9.2): for each
// minute and each quote distance, would a resting quote at that distance from the minute's mid
// have been filled? The two counting rules of the study:
//   volume_minute: the crossed volume beyond the distance within the minute reaches the quote size;
//   minute_hit:    at least one crossed print beyond the distance within the minute.
// Bid and ask are separate windows (a minute gives two observations per distance): a buyer-
// aggressor print at or above mid + delta reaches our ask, a seller-aggressor print at or below
// mid - delta our bid. The counts feed fit_fill_intensity with dt = 1 minute.
#pragma once

#include <cstdint>
#include <vector>

#include "calibrate/fill_intensity.hpp"

namespace hlmm::calibrate {

struct TradeSample {
  std::uint64_t time_ms = 0;
  double price = 0.0;        // USD
  double size = 0.0;         // coins
  bool buyer_aggressor = false;
};

enum class CountingRule { kVolumeMinute, kMinuteHit };

// `mids[m]` is the mid at the start of minute m, which starts at start_ms + m·60 000. Trades
// outside the panel are ignored. `distances` are in USD; `quote_size` in coins (volume_minute).
std::vector<HitCount> count_hits(const std::vector<double>& mids, std::uint64_t start_ms,
                                 const std::vector<TradeSample>& trades, const std::vector<double>& distances,
                                 double quote_size, CountingRule rule);

}  // namespace hlmm::calibrate
