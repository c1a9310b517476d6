// How resting quotes become fills. The engine asks the execution model once per step; the model
// only proposes fills, the engine applies them in order and blocks any that would breach the
// inventory limit.
//
// StudyExecutionModel is the study's minute-level proxy (shared/hjb-math.md §8): each side with a
// live quote fills independently with probability 1 - exp(-A e^{-k delta} dt), delta the distance
// of our quote price from the mid, at our quote price, for the quoted size.
//
// The seam for the event-level model (queue position, feed/order latency, post-only rejects,
// fees, Hyperliquid block sequencing shared with the local venue) is this interface: such a model
// keeps its own queue state between steps and may be fed finer-grained market records; it is not
// implemented in this round (docs/backtest.md).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "hlmm/records.hpp"

namespace hlmm::backtest {

struct RestingQuote {
  bool live = false;
  Price price = 0;
  Size size = 0;
};

// The state of one step as the execution model sees it.
struct StepState {
  int minute = 0;
  std::uint64_t ts_ns = 0;
  Price mid = 0;
  Size position = 0;
};

struct ProposedFill {
  Side side;
  Price price;
  Size size;
};

class ExecutionModel {
 public:
  virtual ~ExecutionModel() = default;
  virtual std::string_view name() const = 0;
  // Appends the fills of quotes[0] (bid) and quotes[1] (ask) over the step to `out`, bid first.
  virtual void step(const StepState& state, const RestingQuote (&quotes)[2], std::vector<ProposedFill>& out) = 0;
};

class StudyExecutionModel final : public ExecutionModel {
 public:
  // A in fills per hour at delta = 0, k in 1/USD, dt in hours; `key` selects the seed's stream of
  // uniforms (stream_key(seed, ...)): every policy on a seed draws the same uniform per minute/side.
  StudyExecutionModel(double A, double k, double dt_hours, std::uint64_t key);
  std::string_view name() const override { return "study"; }
  void step(const StepState& state, const RestingQuote (&quotes)[2], std::vector<ProposedFill>& out) override;

  // The model's fill probability for a quote `delta` USD from the mid over one step.
  double fill_probability(double delta_usd) const;

 private:
  double A_dt_;
  double k_per_unit_;  // k / kPriceScale: delta stays in integer price units until here
  std::uint64_t key_;
};

}  // namespace hlmm::backtest
