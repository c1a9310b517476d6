// The market maker's own delta hedge, live (issue #11): host/strategies' DeltaHedger run on the
// trader's poll for every quoted coin. Each coin's mid is sampled every `sample_s`; the position's
// VaR is z_c |I mid| sigma sqrt(horizon / sample) with sigma the sample standard deviation of the
// coin's recent returns (strategies::position_var). The decision leans the quotes (the trader
// shifts the pipeline's quote prices by skew_bps before the risk gate: the pipeline has no skew
// register) and, when leaning is too slow, sends one reduce-only IOC on the same perp through the
// order manager and the gate.
//
// Hedging with another instrument (a cross hedge by beta) is not wired live: the hedge instrument
// is the position's own perp (hedge_ratio 1).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "strategies/delta_hedge.hpp"

namespace hlmm::live {

struct HedgeSettings {
  strategies::DeltaHedgeConfig rule;  // threshold, VaR limit, eta, lean, escalation
  double confidence = 0.99;           // of the position VaR
  double horizon_s = 60;              // VaR horizon
  double sample_s = 1;                // mid sampling interval of the return history
  std::uint32_t window = 300;         // returns kept per coin
  double ioc_through_bps = 20;        // the hedge IOC's limit this far through the mid
};

// Empty when usable, else what is wrong.
std::string validate(const HedgeSettings& s);

struct HedgeStep {
  strategies::HedgeDecision decision;
  double var_usd = 0;  // of the coin's position now (0 until two returns are in)
};

class HedgeLoop {
 public:
  HedgeLoop(const HedgeSettings& settings, std::size_t coins);  // throws std::invalid_argument

  // One call per poll with every coin's mid (0: no book, skipped) and position in coins.
  // Returns one step per coin, valid until the next call.
  const std::vector<HedgeStep>& step(std::span<const double> mids, std::span<const double> positions,
                                     std::uint64_t now_ns);
  const HedgeSettings& settings() const { return settings_; }

 private:
  HedgeSettings settings_;
  std::vector<strategies::RollingReturns> returns_;
  std::vector<strategies::DeltaHedger> hedgers_;
  std::vector<HedgeStep> steps_;
  std::uint64_t next_sample_ns_ = 0;
};

}  // namespace hlmm::live
