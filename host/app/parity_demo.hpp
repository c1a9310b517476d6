// `hlmm demo --with-parity`: the demo's venue lists one price binary on the demo's first coin
// (strike at its start price, expiring a day from now), and the live parity trader
// (host/strategies/parity_trader.hpp) trades it beside the market maker: the outcome on an account
// of its own whose orders pass the market maker's gate (Trader::gate_connector), the perp hedge
// through the trader (Trader::open_connector: the market maker's account, order manager and gate). The crowd's outcome ladder is mispriced now and then (sim/venue
// MarketFlow::misprice_outcome), since a crowd quoting around fair leaves no edge.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "live/trader.hpp"
#include "strategies/parity_trader.hpp"
#include "venue/venue_core.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::app {

struct ParityDemoOptions {
  std::string coin = "ETH";              // the underlying perp (listed by the demo's venue)
  std::uint32_t outcome = 1;             // coins "#10" / "#11"
  double mispricing = 0.06;              // USD per contract, alternately below and above fair
  double mispricing_every_s = 10;        // how often (the first after half of it)
  std::uint64_t mispricing_hold_ms = 2'000;
};

// Adds the binary to the venue's configuration, before the venue starts: strike = the coin's start
// price rounded to a dollar, expiry a day from now, σ = the coin's volatility.
void add_parity_outcome(venue::VenueConfig& config, const ParityDemoOptions& options);
// The Yes coin the parity trader trades ("#10" for outcome 1): the market maker's gate must hold it
// (live::TraderConfig::gated_coins).
std::string parity_outcome_coin(const ParityDemoOptions& options);

class ParityDemo {
 public:
  // Funds the outcome account, reads the listing back from the venue's outcomeMeta, connects the
  // outcome coin and the market maker's perp (the trader must be started) and starts the parity
  // trader. Throws std::runtime_error when the listing is missing or the connectors do not become
  // ready.
  ParityDemo(venue::VenueServer& venue, live::Trader& market_maker, const std::filesystem::path& dir,
             ParityDemoOptions options);
  ~ParityDemo();
  ParityDemo(const ParityDemo&) = delete;
  ParityDemo& operator=(const ParityDemo&) = delete;

  // Called by the demo's loop with the seconds since start: injects the mispricings on schedule.
  void on_tick(double t);
  void stop();
  strategies::ParityStats stats() const;
  std::uint64_t mispricings() const { return mispricings_; }
  // A JSON object of the figures the demo reports (trades, hedge orders, positions, PnL).
  std::string json() const;

  struct Parts;

 private:
  ParityDemoOptions options_;
  std::unique_ptr<Parts> parts_;
  std::uint64_t mispricings_ = 0;
  double next_mispricing_s_ = 0;
  bool stopped_ = false;
};

}  // namespace hlmm::app
