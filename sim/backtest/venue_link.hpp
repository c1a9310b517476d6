// What passes between our trader (event_trader.hpp) and a simulated venue in simulated time:
// our actions one way (ActionSink), what a committed block shows us the other (FeedDelivery).
// Two venues speak it: the exchange core (event_venue.hpp) and the L2 replay (l2_replay.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "exchange/exchange_types.hpp"
#include "hlmm/records.hpp"
#include "hyperliquid/actions.hpp"
#include "hyperliquid/messages.hpp"

namespace hlmm::backtest {

struct EventLatency {
  std::uint64_t feed_ms = 20;   // committed block -> our feed (responses, updates, fills, book)
  std::uint64_t order_ms = 20;  // our send -> arrival at the exchange
};

// What we see of one committed block, at `visible_ms`.
struct FeedDelivery {
  std::uint64_t visible_ms = 0;
  std::uint64_t block_ms = 0;
  std::vector<exchange::ActionResult> results;  // answers to our requests
  std::vector<hl::OrderUpdate> order_updates;   // ours
  std::vector<hl::UserFill> fills;              // ours
  std::vector<MarketEvent> market;              // kTrade per print, then a snapshot if any (seq 0: the reader stamps)
};

struct VenueCounters {
  std::uint64_t blocks = 0;
  std::uint64_t trades = 0;         // public prints
  std::uint64_t snapshots = 0;      // book snapshots delivered
  std::uint64_t requests = 0;       // our actions submitted
  std::uint64_t alo_rejects = 0;    // our orders refused as post-only that would cross
  std::uint64_t other_rejects = 0;  // our orders or cancels refused for another reason
};

// Where our actions go, and which asset we trade there.
class ActionSink {
 public:
  virtual ~ActionSink() = default;
  // Our action, sent at `sent_ms`: it arrives (and joins a block) at sent_ms + the order latency.
  virtual void send(std::uint64_t request_id, hl::L1Action action, std::uint64_t sent_ms) = 0;
};

struct VenueBinding {
  std::uint32_t asset = 0;  // the venue's asset id
  std::string coin;
  std::uint8_t sz_decimals = 0;
};

}  // namespace hlmm::backtest
