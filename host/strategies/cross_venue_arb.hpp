// Cross-venue arbitrage: the same instrument on two venues (two connectors, host/connectors). When
// one venue's best bid is above the other's best ask by more than both taker fees and the transfer
// cost, buy where it is cheap and sell where it is dear, both legs IOC at once.
//
// Two parts:
// - decide_arb(): the pure decision. Net edge in bps (of the buy price) after both venues' taker
//   fees and the transfer cost must be >= min_edge_bps; size = min(depth at the buy venue's ask,
//   depth at the sell venue's bid, max notional / price, the Kelly stake), floored to the lot.
// - CrossVenueArb: the execution state machine on its own thread. IOC on both legs; when one leg
//   fills more than the other (a refusal, no match, a partial fill, an unknown outcome), the
//   excess is unwound on the venue where it filled with an IOC through the touch, retried a few
//   times; a residual that cannot be unwound halts the strategy (logged). One arbitrage in flight
//   at most, a cooldown after each. Every order passes one RiskGate (host/risk): the strategy's own,
//   fed with its own fills (standalone), or the market maker's, through its connectors (beside the
//   trader: CrossVenueArbConfig::risk = nullopt). Either way the limits hold across both venues
//   (net position is the sum).
//
// The strategy must have the accounts to itself on both venues: positions are tracked from the
// fills of its own orders (by client id), so another program's fills on the same account would go
// unseen by its gate.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "risk/risk_limits.hpp"
#include "strategies/kelly.hpp"

namespace hlmm::strategies {

// One venue's touch for the instrument.
struct VenueTop {
  Price bid = 0;
  Size bid_size = 0;
  Price ask = 0;
  Size ask_size = 0;
};

struct ArbParams {
  double min_edge_bps = 2.0;        // net of fees and transfer cost
  double transfer_cost_bps = 0.0;   // moving collateral or inventory back between venues, per round trip
  double max_notional_usd = 5'000;  // per arbitrage, per leg
  // Each leg's IOC limit may go this far through the touch, so a book that moved by a tick while
  // the order travelled still fills (an IOC fills at the resting prices, so the allowance costs
  // nothing when the book held). Never more than half the edge above min_edge_bps: at the limits,
  // the net edge is still about min_edge_bps.
  double max_slippage_bps = 5.0;
  double capital_usd = 100'000;     // what the Kelly fraction applies to
  // Variance of the realised edge (fraction^2): what an arbitrage's outcome may differ from the
  // quoted edge by (legging, latency, slippage). Kelly stake = kelly_arbitrage(edge, cost, var).
  double edge_variance = 1e-6;      // (10 bps)^2
  KellyLimits kelly;                // fraction, hard cap, minimum quantity (lot: from the venues)
};

enum class SizeBound : std::uint8_t { kNone, kBuyDepth, kSellDepth, kMaxNotional, kKelly };
std::string_view size_bound_name(SizeBound b);

struct ArbDecision {
  bool trade = false;
  int buy_venue = 0;        // 0 or 1: buy there at its ask, sell on the other at its bid
  Price buy_price = 0;      // the touch: the buy venue's ask
  Price sell_price = 0;     // the sell venue's bid
  Price buy_limit = 0;      // the IOC limits, slippage allowance included (before tick rounding)
  Price sell_limit = 0;
  double slippage_bps = 0;  // the allowance per leg
  Size size = 0;
  double gross_bps = 0;     // (sell - buy) / buy
  double net_bps = 0;       // gross - both taker fees - transfer cost
  SizeBound bound = SizeBound::kNone;  // what limited the size
  std::string why_not;      // when !trade
};

// The better of the two directions. `lot`: the coarser of the two venues' size steps.
ArbDecision decide_arb(const VenueTop& v0, const connectors::FeeSchedule& f0, const VenueTop& v1,
                       const connectors::FeeSchedule& f1, Size lot, const ArbParams& params);

struct CrossVenueArbConfig {
  std::string coin = "ETH";
  ArbParams params;
  double unwind_through_bps = 50;   // an unwind IOC is priced this far through the touch
  int max_unwind_attempts = 3;
  std::chrono::milliseconds cooldown{2'000};        // after each arbitrage, nothing new
  std::chrono::milliseconds settle_timeout{3'000};  // wait for fills of an order whose answer is in (or unknown)
  std::chrono::milliseconds max_book_age{3'000};    // a book older than this is not traded on
  // The strategy's own gate (capital_usd 0: params.capital_usd). nullopt: it keeps none, because
  // its connectors gate every order — beside the market maker, live::Trader::open_connector and
  // gate_connector put both legs through the trader's gate, where the limits hold for the account.
  std::optional<risk::RiskLimits> risk = risk::RiskLimits{};
};

struct ArbRecord {
  std::uint64_t id = 0;
  int buy_venue = 0;
  Size size = 0;            // what was sent on each leg
  Price buy_price = 0;      // the limits sent
  Price sell_price = 0;
  double expected_net_bps = 0;
  Size bought = 0;          // filled, both legs and unwinds together
  Size sold = 0;
  int unwinds = 0;          // unwind orders sent
  double realised_usd = 0;  // sells - buys - fees, over every fill of this arbitrage
  double fees_usd = 0;
  std::string outcome;      // "both legs filled", "unwound", "nothing filled", "halted: …"
};

struct ArbStats {
  std::uint64_t opportunities = 0;  // decisions to trade
  std::uint64_t arbs = 0;           // arbitrages sent (both legs)
  std::uint64_t completed = 0;      // both legs filled equally, no unwind needed
  std::uint64_t legs_filled = 0;    // legs (not unwinds) with a fill
  std::uint64_t one_leg_failures = 0;
  std::uint64_t unwinds = 0;        // unwind orders sent
  std::uint64_t risk_rejects = 0;   // opportunities its own gate refused, or legs the connectors' gate refused
  double realised_usd = 0;
  double fees_usd = 0;
  Size position[2] = {0, 0};        // per venue, from our fills
  bool halted = false;
  std::string halt_reason;
  std::vector<ArbRecord> records;   // the last 100
};

class CrossVenueArb {
 public:
  // The connectors must outlive the strategy; their event handlers are set here, so construct the
  // strategy before starting them.
  CrossVenueArb(CrossVenueArbConfig config, connectors::Connector& venue0, connectors::Connector& venue1);
  ~CrossVenueArb();
  CrossVenueArb(const CrossVenueArb&) = delete;
  CrossVenueArb& operator=(const CrossVenueArb&) = delete;

  void start();
  // Stops deciding; an arbitrage in flight is not abandoned halfway: stop() waits up to
  // `timeout` for it to finish (unwind included).
  void stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5'000));

  ArbStats stats() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hlmm::strategies
