// The live perp/outcome parity trader: ParityStrategy (binary_parity.hpp) run against two
// connectors, the outcome's venue and the perp hedge's venue (they may be two connectors on one
// venue). On each book update it decides; a trade is one IOC on the outcome's Yes coin at the
// book's price, and once that has settled (answer in and fills counted), one IOC on the perp for
// the hedge the position now held calls for (size = -position x delta, rounded to the perp's lot),
// retried a few times if it does not fill. Positions come only from the fills of its own orders
// (by client id). One trade in flight at most, a cooldown after each; anything it cannot handle (a
// decision refusing its inputs, a refused outcome order, a hedge that will not fill) halts it with
// the reason logged. It uses nothing of a connector but the Connector interface.
//
// Like CrossVenueArb it runs on a thread of its own; the connectors' events are posted to it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "strategies/binary_parity.hpp"
#include "strategies/outcome_asset.hpp"

namespace hlmm::strategies {

struct ParityTraderConfig {
  std::string outcome_coin = "#10";  // the binary's Yes coin on the outcome venue
  std::string hedge_coin = "ETH";    // the underlying perp on the hedge venue
  PriceBinarySpec binary;            // strike and expiry, as outcomeMeta describes them
  double sigma = 0.6;                // annualised volatility for the fair value and the delta
  // min_edge, Kelly sizing and hedge rounding. A lot of 0 (sizing.lot, hedge_lot) is taken from
  // the venues' own lots once they are known.
  ParityConfig parity;
  // USD per contract the outcome IOC's limit may go past the book's price (capped at half the edge
  // above min_edge); 0: exactly at the book's price.
  double outcome_slippage = 0;
  double hedge_through_bps = 20;     // the hedge IOC's limit this far through the perp's touch
  int max_hedge_attempts = 3;        // per trade; then the trader halts
  std::chrono::milliseconds cooldown{1'000};
  std::chrono::milliseconds settle_timeout{3'000};  // wait for fills of an order whose answer is in (or unknown)
  std::chrono::milliseconds max_book_age{3'000};    // a book older than this is not traded on
};

// One outcome trade and its hedge.
struct ParityTrade {
  std::uint64_t id = 0;
  bool buy_yes = true;
  Price book_price = 0;       // the Yes book's price traded on (the ask for a buy, the bid for a sale)
  Price limit_price = 0;      // the IOC's limit (book_price unless outcome_slippage allows more)
  double fair = 0;            // Yes fair value when decided
  double delta = 0;           // perp coins per contract
  Size requested = 0;         // contracts
  Size filled = 0;
  Size hedge_requested = 0;   // perp coins, signed (+: bought), over every hedge order of the trade
  Size hedge_filled = 0;      // signed
  int hedge_orders = 0;
  std::string outcome;        // "hedged", "no match", "halted: …"
};

struct ParityStats {
  std::uint64_t decisions = 0;        // decide() calls
  std::uint64_t opportunities = 0;    // decisions with an outcome order
  std::uint64_t outcome_orders = 0;
  std::uint64_t outcome_filled = 0;   // outcome orders with a fill
  std::uint64_t hedge_orders = 0;
  std::uint64_t hedge_filled = 0;     // hedge orders with a fill
  Size outcome_position = 0;          // Yes contracts (1e-8), negative: long No
  Size hedge_position = 0;            // perp coins (1e-8)
  double cash_usd = 0;                // sells - buys - fees, both instruments
  double realised_usd = 0;            // on the average cost of each position, fees included
  double fees_usd = 0;
  double marked_usd = 0;              // cash + positions at the last fair value and perp mid
  double last_fair = 0;
  double last_delta = 0;
  double last_target_hedge = 0;       // perp coins
  bool halted = false;
  std::string halt_reason;
  std::vector<ParityTrade> trades;    // the last 100
};

class ParityTrader {
 public:
  // The connectors must outlive the trader; their event handlers are set here, so construct it
  // before starting them. Throws std::invalid_argument for an outcome coin that is not a Yes coin
  // or a bad ParityConfig.
  ParityTrader(ParityTraderConfig config, connectors::Connector& outcome_venue, connectors::Connector& hedge_venue);
  ~ParityTrader();
  ParityTrader(const ParityTrader&) = delete;
  ParityTrader& operator=(const ParityTrader&) = delete;

  void start();
  // Stops deciding; waits up to `timeout` for a trade in flight (its hedge included) to settle.
  void stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5'000));

  ParityStats stats() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hlmm::strategies
