// The L2 replay's synthetic market: the crowd of crowd_flow.hpp's SyntheticCrowd (fair price
// bridged from the market path, a crowd ladder around it, churn, takers with the study's reach
// law), generated directly as aggregated book levels and prints (l2_stream.hpp) instead of as
// orders through the exchange core, so a day of it streams at memory speed.
//
// What is the same as SyntheticCrowd (the same processes, stream tags and draws per event):
//   - the fair price: the path's one-minute mids joined by a Brownian bridge at
//     `fair_steps_per_minute` sub-steps, minute endpoints exactly the path's mids; with the same
//     seed and step count the fair is SyntheticCrowd's bit for bit;
//   - the ladder: `levels` prices per side, the best `touch_ticks` from the fair price, then every
//     `spacing_ticks` (0: span_over_k / k over the ladder), on the venue's tick at each price. At
//     each sub-step the levels outside the new ladder's range go to 0 and every empty ladder price
//     gets one order (exponential size, mean `order_lots`);
//   - churn: per side Poisson adds (one order at a uniformly chosen ladder price) and as many
//     Poisson cancels (one crowd order of the side chosen uniformly);
//   - takers: per side Poisson at A per hour, reach delta exponential with mean 1/k, limit
//     fair +/- delta on the tick, size = all depth strictly better than the limit plus an
//     exponential extra (mean `taker_extra_lots`) at the limit price. A taker whose limit does not
//     reach the best level prints nothing; a level at distance d is reached at rate A e^{-k d}.
//
// What differs, because a level here is (size, order count) and not a queue of orders:
//   - a cancel removes the chosen level's mean order size (the whole level when it holds one
//     order), not an actual order's size;
//   - a partial print at the limit price removes from the count the orders its size covers at the
//     level's mean order size (at least one order stays);
//   - nothing of ours is in this book: the replay decides what our orders meet.
//
// Activity defaults (churn_per_s = 25 per side, fair_steps_per_minute = 60) are an assumption, an
// order of magnitude for a major Hyperliquid perp's public top-20 book, not a calibration. The
// replay's events/s benchmark depends on them (at the ETH preset: ~115 events per simulated
// second, 100 of them churn), which is why they are configurable. Ladder prices a sub-step leaves
// inside the new ladder's range keep their depth until cancelled, so the book holds more than
// `levels` prices per side (~45 at the ETH preset's defaults).
//
// Stream: t_ms counts from path.start_ns; sub-steps at i * 60000 / fair_steps_per_minute ms,
// churn and takers at continuous Poisson times rounded up to the ms (a sub-step goes first at a
// tie). Each next() call covers one simulated minute [m, m + 1) min (a minute without events is
// skipped into the next); the stream ends after path.minutes() minutes. Within a sub-step,
// removals (both sides) come before additions, so the book is never crossed between two events.
// Grid: price unit 10^-(6 - szDecimals) USD, size unit 10^-szDecimals coins (L2Grid); a level's
// size saturates at INT32_MAX units. After the first minutes nothing is allocated (the caller's
// `out` keeps its capacity).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "backtest/fair_bridge.hpp"
#include "backtest/l2_stream.hpp"
#include "backtest/market.hpp"
#include "backtest/rng.hpp"

namespace hlmm::backtest {

struct SyntheticL2Config {
  int levels = 20;                // ladder prices per side
  int touch_ticks = 1;            // crowd best bid/ask distance from the fair price, ticks
  int spacing_ticks = 0;          // between ladder prices; 0: the ladder spans span_over_k / k
  double span_over_k = 4.0;
  double order_lots = 2.0;        // mean crowd order size, lots (exponential, at least one size unit)
  double churn_per_s = 25.0;      // per side: adds per second, and as many cancels (an assumption, see above)
  double taker_extra_lots = 2.0;  // mean taker size beyond the depth better than its limit, lots
  int fair_steps_per_minute = 60; // fair sub-steps per minute (an assumption, see above)
};

class SyntheticL2Source final : public L2Source {
 public:
  // `A` takers per hour per side at delta = 0, `k` in 1/USD, `lot` in coins, `vol_annual` the
  // path's volatility (the bridge's): SyntheticCrowd's arguments. Throws std::invalid_argument on
  // an empty path, a path longer than 2^32 ms, k <= 0, szDecimals outside 0..6, or prices that do
  // not fit int32 price units.
  SyntheticL2Source(const MarketPath& path, int sz_decimals, double A, double k, double lot, double vol_annual,
                    std::uint64_t seed, SyntheticL2Config config = {});

  const L2Grid& grid() const override { return grid_; }
  bool next(std::vector<L2Event>& out) override;

  // The fair price (kPriceScale, not on the tick) after the last sub-step generated.
  Price fair() const { return fair_; }
  // The fair price in force at t_ms (after every sub-step at or before t_ms), for t_ms within the
  // span of the last next() call; earlier times give the fair the call started from.
  Price fair_at_ms(std::uint32_t t_ms) const;
  std::uint64_t events_generated() const { return events_; }
  // Milliseconds of fair sub-step i (the opening ladder is step 0, at 0).
  std::uint64_t step_ms(std::uint64_t i) const;

 private:
  enum Process : int { kAddBid, kAddAsk, kCancelBid, kCancelAsk, kTakerBuy, kTakerSell, kProcesses };
  struct Stream {
    Xoshiro256 rng{0};
    double rate_per_ms = 0.0;
    double next_ms = 0.0;
  };
  struct Level {
    std::int64_t px = 0;      // price units
    std::int64_t sz = 0;      // size units, > 0 while the level is in the book
    std::int64_t orders = 0;  // crowd orders making it up, >= 1
  };

  void fair_step(std::uint64_t i, std::uint32_t t_ms, std::vector<L2Event>& out);
  void fire(int process, std::uint32_t t_ms, std::vector<L2Event>& out);
  void build_ladder(int side);
  std::int64_t size_units(double coins) const;
  std::vector<Level>::iterator find_or_insert(int side, std::int64_t px);
  static void emit(std::vector<L2Event>& out, std::uint32_t t_ms, L2Kind kind, int side, std::int64_t px,
                   std::int64_t sz);

  const MarketPath& path_;
  L2Grid grid_;
  int min_exp_;
  double k_;
  double lot_;
  SyntheticL2Config cfg_;
  int spacing_ = 1;
  std::uint64_t minutes_ = 0;
  std::uint64_t minute_ = 0;     // next minute to generate
  std::uint64_t next_step_ = 0;  // next fair sub-step to apply (0: the opening ladder)
  Price fair_ = 0;
  FairBridge bridge_;
  std::uint64_t level_key_;
  Stream streams_[kProcesses];
  // Per side (0 bid, 1 ask): the resting levels in ascending price, their order count, and the
  // current ladder best first (all in price units).
  std::vector<Level> book_[2];
  std::int64_t orders_[2] = {0, 0};
  std::vector<std::int64_t> ladder_[2];
  std::vector<std::pair<std::uint32_t, Price>> fair_log_;  // (t_ms, fair) of the last next() call
  std::uint64_t events_ = 0;
};

}  // namespace hlmm::backtest
