// Background flow for the local venue: a crowd market maker keeps a ladder of ALO orders around a
// fair price that moves as geometric Brownian motion, takers arrive as a Poisson stream of IOC
// orders, and the funding rate follows an Ornstein–Uhlenbeck process. All of it goes through the
// exchange core's normal submission path, so it is sequenced in blocks like everyone's actions.
// Deterministic for a seed and a sequence of tick times.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "exchange/exchange.hpp"

namespace hlmm::venue {

struct FlowAsset {
  std::uint32_t asset = 0;          // exchange asset id
  double start_price = 2000.0;      // USD
  double vol_annual = 0.6;          // price volatility
  double funding_kappa = 0.1;       // OU mean reversion, 1/h
  double funding_theta = 0.0000125; // long-run hourly rate
  double funding_sigma = 0.00002;   // 1/sqrt(h)
  double funding_start = 0.0000125;
};

// A HIP-4 price binary on one of the flow's perps (Yes pays one USD when the perp ends above K).
struct FlowOutcome {
  std::uint32_t asset = 0;        // the exchange's book index (filled in by the venue)
  std::uint32_t yes_asset = 0;    // the sides' asset ids, for the crowd's orders
  std::uint32_t no_asset = 0;
  std::size_t underlying = 0;     // index of the perp in the flow's assets
  double strike = 0;              // K, USD
  std::int64_t expiry_s = 0;      // UTC epoch seconds
  double sigma = 0.6;             // the crowd's annualised volatility for the fair value
};

struct FlowConfig {
  int levels = 10;                  // per side of the crowd's ladder
  // The crowd quotes wider than a typical policy's optimal spread, so a market maker that quotes
  // inside it is the first to meet the takers, as a competitive quoter would be.
  double half_spread_bps = 10.0;    // crowd's best quote distance from the fair price
  double level_step_bps = 3.0;
  double level_notional = 20'000;   // USD per crowd level
  double taker_rate_per_s = 2.0;    // IOC arrivals per asset
  double taker_mean_notional = 4'000;
  double taker_reach_bps = 30.0;    // how far through the book a taker's limit may go
  // Outcomes: the crowd's ladder around the binary's fair value, in USD per contract.
  int outcome_levels = 5;
  double outcome_half_spread = 0.01;
  double outcome_level_step = 0.005;
  double outcome_level_contracts = 200;
  double outcome_taker_rate_per_s = 0.5;
  double outcome_taker_mean_contracts = 20;
  double outcome_taker_reach = 0.02;  // a taker's limit this far through the ladder's centre
  std::uint64_t seed = 1;
};

class MarketFlow {
 public:
  static hl::Address crowd_maker();
  static hl::Address crowd_taker();

  // Registers the crowd accounts with `exchange` (funded generously).
  MarketFlow(exchange::Exchange& exchange, std::vector<FlowAsset> assets, FlowConfig config,
             std::vector<FlowOutcome> outcomes = {});

  // Advances the processes to `now_ms` and submits the crowd's actions for this step.
  void step(std::uint64_t now_ms);

  // Takers on or off (tests isolate a venue rule from the flow's fills with it).
  void set_takers(bool on) { takers_on_ = on; }

  // A price dislocation, as when one venue's market jumps before the others follow: the fair price
  // of asset `i` moves by `bps` at once (the crowd's ladder is re-quoted around it in this call,
  // its marks and its takers follow) and moves back after `hold_ms`. The GBM keeps running
  // underneath. A second call replaces the first.
  void dislocate(std::size_t i, double bps, std::uint64_t now_ms, std::uint64_t hold_ms);

  // An outcome mispriced, as when its book's crowd strays from the underlying: the crowd's ladder
  // for outcome `j` is centred `delta` USD per contract away from the binary's fair value (clamped
  // inside (0, 1)), re-quoted in this call, its takers and mark follow, and it returns to fair after
  // `hold_ms`. The fair value itself (the perp's price) is untouched. A second call replaces the first.
  void misprice_outcome(std::size_t j, double delta, std::uint64_t now_ms, std::uint64_t hold_ms);

  Price fair_price(std::size_t i) const;  // on the asset's tick grid
  // Outcome j's Yes fair value, Phi(d) from the underlying's (dislocated) price at the last step,
  // and the centre the crowd quotes around (fair + the mispricing in force).
  double outcome_fair(std::size_t j) const { return outcome_state_.at(j).fair; }
  double outcome_centre(std::size_t j) const;
  const std::vector<FlowOutcome>& outcomes() const { return outcomes_; }
  std::int64_t funding_rate(std::size_t i) const;  // hourly, 1e-8
  const std::vector<FlowAsset>& assets() const { return assets_; }

 private:
  struct State {
    double price;
    double funding;
    bool ladder_placed = false;
    double shift_bps = 0;           // the dislocation in force (0: none)
    std::uint64_t shift_until_ms = 0;
  };
  double quoted_price(std::size_t i) const;  // the GBM price with the dislocation applied
  Price valid_price(std::size_t i, double usd, bool round_up) const;
  Size valid_size(std::size_t i, double coins) const;
  // `asks_first`: when the price jumps up, the asks must move out of the way before the bids
  // arrive, or the new bids (post-only) would cross the old asks and be refused.
  void requote(std::size_t i, std::uint64_t now_ms, bool asks_first = false);
  void takers(std::size_t i, double dt_s, std::uint64_t now_ms);
  struct OutcomeState {
    double fair = 0.5;
    double shift = 0;
    std::uint64_t shift_until_ms = 0;
  };
  void update_outcome_fair(std::size_t j, std::uint64_t now_ms);
  void requote_outcome(std::size_t j, std::uint64_t now_ms, bool asks_first);
  void outcome_takers(std::size_t j, double dt_s, std::uint64_t now_ms);
  Price outcome_price(double usd, bool round_up) const;  // on the outcome grid, inside (0, 1)

  exchange::Exchange& exchange_;
  std::vector<FlowAsset> assets_;
  FlowConfig config_;
  std::vector<State> state_;
  std::vector<FlowOutcome> outcomes_;
  std::vector<OutcomeState> outcome_state_;
  std::mt19937_64 rng_;
  std::uint64_t last_ms_ = 0;
  bool takers_on_ = true;
  std::uint64_t next_request_ = 1ull << 62;  // ids far from the venue's own
};

}  // namespace hlmm::venue
