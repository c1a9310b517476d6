// The synthetic crowd's fair price (crowd_flow.hpp, l2_synthetic.hpp): the path's one-minute mids
// joined by a Brownian bridge in log price at `steps_per_minute` sub-steps with the path's
// volatility, so every minute ends exactly on the path's mid. One random stream (tag 21 of the
// seed), one normal per sub-step: the two crowds see the same fair on a seed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "backtest/market.hpp"
#include "backtest/rng.hpp"

namespace hlmm::backtest {

class FairBridge {
 public:
  FairBridge(const MarketPath& path, int steps_per_minute, double vol_annual, std::uint64_t seed)
      : path_(path),
        per_minute_(static_cast<std::uint64_t>(steps_per_minute)),
        step_sigma_(vol_annual * std::sqrt(60'000.0 / steps_per_minute / (365.0 * 24 * 3600 * 1000))),
        rng_(stream_key(seed, 21)),
        fair_(path.mid.empty() ? 0 : path.mid.front()),  // an empty path is the owner's error to report
        log_fair_(fair_ > 0 ? std::log(static_cast<double>(fair_)) : 0.0) {}

  // Sub-step i >= 1 (step j of minute (i - 1) / steps): the fair price after it.
  Price step(std::uint64_t i) {
    const std::uint64_t m = (i - 1) / per_minute_;
    const std::uint64_t j = (i - 1) % per_minute_ + 1;
    const Price target = path_.mid[std::min<std::size_t>(static_cast<std::size_t>(m) + 1, path_.mid.size() - 1)];
    const double z = rng_.normal();
    if (j == per_minute_) {
      fair_ = target;  // the minute's endpoint is the path's mid, exactly
      log_fair_ = std::log(static_cast<double>(target));
    } else {
      // The step's conditional law given the minute's endpoint.
      const double left = static_cast<double>(per_minute_ - j + 1);
      const double x_end = std::log(static_cast<double>(target));
      log_fair_ += (x_end - log_fair_) / left + std::sqrt((left - 1.0) / left) * step_sigma_ * z;
      fair_ = static_cast<Price>(std::llround(std::exp(log_fair_)));
    }
    return fair_;
  }
  Price fair() const { return fair_; }

 private:
  const MarketPath& path_;
  std::uint64_t per_minute_;
  double step_sigma_;
  Xoshiro256 rng_;
  Price fair_;
  double log_fair_;
};

}  // namespace hlmm::backtest
