// `hlmm demo --with-arb`: a second local venue (its own fees and latency) standing in for another
// exchange, and the cross-venue arbitrage strategy (host/strategies) trading the demo's first coin
// across the demo's venue and it, beside the market maker: on the demo's venue through the trader
// (its account, book cache, order manager and risk gate), on the remote one with an account of its
// own whose orders pass the trader's gate. The remote
// venue's price is dislocated now and then (sim/venue MarketFlow::dislocate), since two quiet
// venues would rarely offer an edge within a demo's minute.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "live/trader.hpp"
#include "strategies/cross_venue_arb.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::app {

struct ArbDemoOptions {
  std::string coin = "ETH";
  std::uint64_t seed = 1;
  std::uint64_t block_ms = 190;
  double dislocation_bps = 40;        // the jump on the remote venue
  double dislocation_every_s = 10;    // how often (the first after half of it)
  std::uint64_t dislocation_hold_ms = 1'500;
};

class ArbDemo {
 public:
  // Starts the remote venue, funds the strategy's account there, connects and starts the strategy
  // (the trader must be started). Throws std::runtime_error when the connectors do not become ready.
  ArbDemo(live::Trader& trader, const std::filesystem::path& dir, ArbDemoOptions options);
  ~ArbDemo();
  ArbDemo(const ArbDemo&) = delete;
  ArbDemo& operator=(const ArbDemo&) = delete;

  // Called by the demo's loop with the seconds since start: injects the dislocations on schedule.
  void on_tick(double t);
  void stop();
  strategies::ArbStats stats() const;
  std::uint64_t dislocations() const { return dislocations_; }
  // A JSON object of the figures the demo reports (arbs, legs filled, unwinds, realised edge).
  std::string json() const;

  struct Parts;

 private:
  ArbDemoOptions options_;
  std::unique_ptr<Parts> parts_;
  std::uint64_t dislocations_ = 0;
  double next_dislocation_s_ = 0;
  bool stopped_ = false;
};

}  // namespace hlmm::app
