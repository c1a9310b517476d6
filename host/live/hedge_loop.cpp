#include "live/hedge_loop.hpp"

#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace hlmm::live {

std::string validate(const HedgeSettings& s) {
  try {
    strategies::validate(s.rule);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  if (!(s.confidence > 0.5 && s.confidence < 1)) return fmt::format("hedge: confidence must be in (0.5, 1) (got {})", s.confidence);
  if (!(s.sample_s > 0) || !std::isfinite(s.sample_s)) return fmt::format("hedge: sample_s must be > 0 (got {})", s.sample_s);
  if (!(s.horizon_s >= s.sample_s) || !std::isfinite(s.horizon_s)) {
    return fmt::format("hedge: horizon_s must be >= sample_s (got {})", s.horizon_s);
  }
  if (s.window < 2) return fmt::format("hedge: window must be >= 2 (got {})", s.window);
  if (!(s.ioc_through_bps > 0 && s.ioc_through_bps < 1'000)) {
    return fmt::format("hedge: ioc_through_bps must be in (0, 1000) (got {})", s.ioc_through_bps);
  }
  if (s.rule.hedge_ratio != 1.0) return "hedge: only the position's own perp is hedged live (hedge_ratio must be 1)";
  return {};
}

HedgeLoop::HedgeLoop(const HedgeSettings& settings, std::size_t coins) : settings_(settings), steps_(coins) {
  if (const std::string bad = validate(settings); !bad.empty()) throw std::invalid_argument(bad);
  for (std::size_t i = 0; i < coins; ++i) {
    returns_.emplace_back(1, settings.window);
    hedgers_.emplace_back(settings.rule);
  }
}

const std::vector<HedgeStep>& HedgeLoop::step(std::span<const double> mids, std::span<const double> positions,
                                               std::uint64_t now_ns) {
  const bool sample = now_ns >= next_sample_ns_;
  if (sample) next_sample_ns_ = now_ns + static_cast<std::uint64_t>(settings_.sample_s * 1e9);
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    HedgeStep& s = steps_[i];
    s = HedgeStep{};
    const double mid = i < mids.size() ? mids[i] : 0;
    if (!(mid > 0) || !std::isfinite(mid)) continue;  // no book: no view of the risk, nothing decided
    if (sample) returns_[i].push_prices(std::span<const double>(&mid, 1));
    if (returns_[i].size() < 2) continue;
    const double sigma = std::sqrt(returns_[i].variance(0));
    s.var_usd = strategies::position_var(positions[i], mid, sigma, settings_.confidence,
                                         settings_.horizon_s / settings_.sample_s);
    s.decision = hedgers_[i].decide(positions[i], s.var_usd, now_ns);
  }
  return steps_;
}

}  // namespace hlmm::live
