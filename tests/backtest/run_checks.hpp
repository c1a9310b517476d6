// Checks every engine's whole runs share (the study engine, the event model, the L2 replay): a
// run traced, compared with another run fill for fill, and its cash rebuilt from its own trace.
#pragma once

#include <gtest/gtest.h>

#include "backtest/engine.hpp"
#include "engine/backends.hpp"
#include "exchange/exchange_types.hpp"

namespace hlmm::backtest::testing {

struct TracedRun {
  RunResult result;
  Trace trace;
};

inline bool verilator_usable() {
  for (const auto& b : engine::compiled_backends()) {
    if (b.name == "verilator" && b.usable) return true;
  }
  return false;
}

// The same fills (minute, side, price, size) and the same final cash.
inline void expect_same_fills(const TracedRun& a, const TracedRun& b) {
  ASSERT_EQ(a.trace.fills.size(), b.trace.fills.size());
  for (std::size_t i = 0; i < a.trace.fills.size(); ++i) {
    EXPECT_EQ(a.trace.fills[i].minute, b.trace.fills[i].minute) << i;
    EXPECT_EQ(a.trace.fills[i].side, b.trace.fills[i].side) << i;
    EXPECT_EQ(a.trace.fills[i].price, b.trace.fills[i].price) << i;
    EXPECT_EQ(a.trace.fills[i].size, b.trace.fills[i].size) << i;
  }
  EXPECT_EQ(a.result.final_cash, b.result.final_cash);
}

// Identical runs: fills, position, counts.
inline void expect_same_run(const TracedRun& a, const TracedRun& b) {
  expect_same_fills(a, b);
  EXPECT_EQ(a.result.final_position, b.result.final_position);
  EXPECT_EQ(a.result.fills, b.result.fills);
  EXPECT_EQ(a.result.events, b.result.events);
  EXPECT_EQ(a.result.records, b.result.records);
  EXPECT_EQ(a.result.requests, b.result.requests);
}

// An event-level run where every fill is a maker's at `maker_ppm`: the final cash is rebuilt to
// the unit from the fills (notional truncated at 1e-8 USD, the fee on each) and the funding
// payments; the position is the sum of the fills.
inline void expect_cash_rebuilt(const TracedRun& run, std::int32_t maker_ppm) {
  const RunResult& r = run.result;
  exchange::Money cash = 0;
  exchange::Money fees = 0;
  Size q = 0;
  for (const auto& f : run.trace.fills) {
    const exchange::Money value = exchange::notional(f.price, f.size);
    cash += f.side == Side::kBid ? -value : value;
    fees += exchange::fee_of(value, maker_ppm);
    q += f.side == Side::kBid ? f.size : -f.size;
  }
  Cash funding = 0;
  for (const auto& p : run.trace.funding) funding += p.paid;
  EXPECT_EQ(static_cast<Cash>(cash - fees) * 100'000'000 - funding, r.final_cash);
  EXPECT_EQ(q, r.final_position);
  ASSERT_FALSE(run.trace.position.empty());
  EXPECT_EQ(run.trace.position.back(), r.final_position);
  EXPECT_NEAR(r.fees_paid, static_cast<double>(fees) / kPriceScale, 1e-9 * static_cast<double>(r.fills + 1));
  EXPECT_GT(fees, 0);
}

}  // namespace hlmm::backtest::testing
