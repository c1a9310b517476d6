// The market's own flow for the event-level execution model: everyone who is not us, as other
// accounts' actions submitted to the simulated exchange (sim/exchange), so that they are sequenced
// in blocks and matched in price-time priority exactly like ours.
//
// SyntheticCrowd drives it from a preset market path (market.hpp), so the event model and the
// study model see the same mid and funding on a seed:
//   - fair price: the path's one-minute mids joined by a Brownian bridge at `fair_steps_per_minute`
//     sub-steps (same volatility as the path), so the minute endpoints are the path's mids;
//   - crowd makers: a ladder of `levels` prices per side, the best `touch_ticks` from the fair
//     price, then every `spacing_ticks`. At each fair sub-step crowd orders outside the new
//     ladder are cancelled and empty ladder prices get a new GTC order (a GTC that crosses a stale
//     resting order trades with it: that is how a stale quote of ours gets picked off);
//   - churn: per side, Poisson adds (a new order at a uniformly chosen ladder price, joining the
//     back of its queue) and Poisson cancels (one crowd order of that side chosen uniformly, so the
//     queue ahead of one of our orders shrinks pro rata to the number of crowd orders ahead of it);
//   - takers: per side a Poisson stream at the preset's rate A per hour; a taker's reach delta is
//     exponential with mean 1/k (P(reach >= delta) = e^{-k delta}: the study's fill law), its IOC
//     limit is fair +/- delta, and its size is all displayed depth strictly better than the limit
//     plus an exponential extra at the limit price. A lone order at distance delta is therefore
//     reached at rate A e^{-k delta}, as in the study; an order that shares its price with crowd
//     orders ahead of it fills only when the extra exhausts the queue ahead.
//
// Draws: every random process has its own stream and every event draws the same number of
// values, so the timing and marks of crowd events on a seed are the same whatever we do (common
// random numbers across policies); only what they meet in the book differs.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "backtest/fair_bridge.hpp"
#include "backtest/market.hpp"
#include "backtest/rng.hpp"
#include "exchange/exchange.hpp"

namespace hlmm::backtest {

// What drives the exchange besides us. The event venue calls submit_until before each block and
// on_block after it.
class CrowdSource {
 public:
  virtual ~CrowdSource() = default;
  // Submits every crowd action arriving in (previous call, to_ms] with its own arrival time.
  virtual void submit_until(std::uint64_t to_ms, exchange::Exchange& ex) = 0;
  // A committed block: the source learns what happened to its orders.
  virtual void on_block(const exchange::BlockOutput& out) = 0;
  // L2 updates submitted so far (crowd order placements and cancels, one per order entry).
  virtual std::uint64_t l2_updates() const = 0;
};

struct CrowdConfig {
  int levels = 20;                  // ladder prices per side
  int touch_ticks = 1;              // crowd best bid/ask distance from the fair price, ticks
  int spacing_ticks = 0;            // between ladder prices; 0: the ladder spans span_over_k / k
  double span_over_k = 4.0;
  double order_lots = 2.0;          // mean crowd order size, in the policy's lots (exponential)
  double churn_per_s = 1.0;         // per side: adds per second, and as many cancels
  double taker_extra_lots = 2.0;    // mean taker size beyond the depth better than its limit
  int fair_steps_per_minute = 6;
};

class SyntheticCrowd final : public CrowdSource {
 public:
  // `A` takers per hour per side at delta = 0, `k` in 1/USD, `lot` in coins, `vol_annual` the
  // path's volatility (the bridge's). Deposits the crowd accounts and sets the first mark.
  SyntheticCrowd(const MarketPath& path, std::uint32_t asset, int sz_decimals, double A, double k, double lot,
                 double vol_annual, std::uint64_t seed, CrowdConfig config, exchange::Exchange& ex);

  void submit_until(std::uint64_t to_ms, exchange::Exchange& ex) override;
  void on_block(const exchange::BlockOutput& out) override;
  std::uint64_t l2_updates() const override { return l2_updates_; }

  // The fair price of the last sub-step applied (the mid the crowd quotes around), price units.
  Price fair() const { return fair_; }
  std::uint64_t start_ms() const { return start_ms_; }
  int spacing_ticks() const { return spacing_; }

  static hl::Address maker();
  static hl::Address taker();

 private:
  enum Process : int { kAddBid, kAddAsk, kCancelBid, kCancelAsk, kTakerBuy, kTakerSell, kProcesses };
  struct Stream {
    Xoshiro256 rng{0};
    double rate_per_ms = 0.0;
    double next_ms = 0.0;
  };

  void fair_step(std::uint64_t t_ms, exchange::Exchange& ex);
  void fire(int process, std::uint64_t t_ms, exchange::Exchange& ex);
  std::vector<Price> ladder(bool bid) const;
  Price round_price(double usd, bool up) const;
  Size size_of(double coins) const;
  void submit(exchange::Exchange& ex, hl::L1Action action, std::uint64_t t_ms, const hl::Address& who);

  const MarketPath& path_;
  std::uint32_t asset_;
  int sz_decimals_;
  int min_exp_;
  double k_;
  double lot_;
  CrowdConfig cfg_;
  int spacing_ = 1;
  std::uint64_t start_ms_ = 0;
  std::uint64_t step_ms_ = 10'000;
  std::uint64_t next_step_ = 0;  // index of the next fair sub-step to apply
  Price fair_ = 0;
  FairBridge bridge_;
  std::uint64_t level_key_;
  Stream streams_[kProcesses];
  // Crowd maker orders known resting, by side: oid -> price (std::map: a deterministic order).
  std::map<std::uint64_t, Price> orders_[2];
  std::map<Price, int> at_price_[2];
  std::uint64_t next_request_ = 1ull << 62;
  std::uint64_t l2_updates_ = 0;
  std::uint64_t submitted_to_ = 0;
};

}  // namespace hlmm::backtest
