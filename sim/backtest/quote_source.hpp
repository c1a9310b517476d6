// Where the engine's resting quotes come from.
//
// PipelineQuotes is the live path: the pipeline object (any Pipeline backend) with the policy
// table loaded, fed the step's records (funding, a book snapshot around the mid) and our fills;
// its Quote / Cancel / Reject intents are the resting quotes. SurfaceQuotes evaluates the same
// policy surface in doubles with no tick rounding and no risk stage: the study's continuous model,
// kept only to measure how much the pipeline's rules change the result (docs/backtest.md).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "backtest/execution_model.hpp"
#include "engine/pipeline.hpp"
#include "policy/policy_surface.hpp"

namespace hlmm::backtest {

struct StepInput {
  int minute = 0;
  std::uint64_t ts_ns = 0;
  Price mid = 0;
  Price funding = 0;   // cash funding f = mid * rate, price units per coin per hour
  Size position = 0;   // the engine's position (the pipeline keeps its own from our fills)
};

class QuoteSource {
 public:
  virtual ~QuoteSource() = default;
  virtual std::string_view name() const = 0;
  // The quotes resting over the step that starts now.
  virtual void on_step(const StepInput& in, RestingQuote (&quotes)[2]) = 0;
  // Our fills of the step (already applied by the engine); the quotes may change in response.
  virtual void on_fills(std::span<const ProposedFill> fills, std::uint64_t ts_ns, RestingQuote (&quotes)[2]) = 0;
  // Records pushed through the pipeline so far (0 for sources without one).
  virtual std::uint64_t records() const = 0;
};

class PipelineQuotes final : public QuoteSource {
 public:
  // Configures slot `asset` of `pipeline` (enabled, szDecimals, perp, the position limit) and
  // loads and activates `table`. Throws engine::PipelineError if the backend refuses either.
  PipelineQuotes(engine::Pipeline& pipeline, const PolicyTable& table, int sz_decimals, Size position_limit,
                 std::uint8_t asset = 0);
  std::string_view name() const override { return "pipeline"; }
  void on_step(const StepInput& in, RestingQuote (&quotes)[2]) override;
  void on_fills(std::span<const ProposedFill> fills, std::uint64_t ts_ns, RestingQuote (&quotes)[2]) override;
  std::uint64_t records() const override { return records_; }

  // Intents seen, by kind; rejects by the pipeline's risk rules are how its limits show up.
  std::uint64_t quotes_seen() const { return quotes_seen_; }
  std::uint64_t position_limit_rejects() const { return limit_rejects_; }

 private:
  void push_and_apply(RestingQuote (&quotes)[2]);
  MarketEvent record(EventKind kind, Side side, Price price, Size size, std::uint64_t ts, std::uint8_t flags = 0);

  engine::Pipeline& pipeline_;
  std::uint8_t asset_;
  std::uint32_t seq_ = 0;
  std::uint64_t records_ = 0;
  std::uint64_t quotes_seen_ = 0;
  std::uint64_t limit_rejects_ = 0;
  std::vector<MarketEvent> batch_;
  std::vector<QuoteIntent> intents_;
};

class SurfaceQuotes final : public QuoteSource {
 public:
  // `limit` in size units: a side whose quote would take |q| beyond it is shrunk to whole lots
  // of 10^-sz_decimals, or dropped (the pipeline's rule, without its tick rounding).
  SurfaceQuotes(const policy::PolicySurface& surface, Size position_limit, int sz_decimals);
  std::string_view name() const override { return "continuous"; }
  void on_step(const StepInput& in, RestingQuote (&quotes)[2]) override;
  void on_fills(std::span<const ProposedFill> fills, std::uint64_t ts_ns, RestingQuote (&quotes)[2]) override;
  std::uint64_t records() const override { return 0; }

 private:
  void quote(RestingQuote (&quotes)[2]);

  const policy::PolicySurface& s_;
  Size limit_;
  Size lot_unit_;
  Price mid_ = 0;
  Price funding_ = 0;
  Size position_ = 0;
};

}  // namespace hlmm::backtest
