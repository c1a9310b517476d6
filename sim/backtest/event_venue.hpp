// The event-level model's venue: the simulated exchange (sim/exchange, the core the local venue
// serves over TLS) driven in simulated time, with the crowd's flow, our order latency and our feed
// latency. No sockets, no threads: one block at a time.
//
// Time (ms). Blocks run every `sequencing.block_interval_ms`; block B executes the actions that
// arrived in (B - interval, B] in the exchange's order (non-order actions and ALO-only orders,
// then cancels, then GTC/IOC senders: protocol.md §10) and its effects are committed at
// B + commit delay (one more block: ~380 ms end to end with the defaults). We see a committed
// block `feed_ms` after its commit (responses, our order updates and fills, trades, the book);
// what we send at t arrives at t + `order_ms`.
//
// The driver calls, for each block B in turn:
//   crowd_until(B);           the crowd's actions arriving by B are submitted
//   take_visible(B, out);     deliveries visible by B (we react and send())
//   execute(B);               block B runs; its deliveries are queued for B + commit + feed
// so everything we send in reaction to what we saw by B lands in block B or later, exactly.
//
// Book records: after a block that changed the book, one l2Book-style snapshot of the top
// `book_levels` levels per side (kBookClear, bids best first, asks best first, the last flagged
// end-of-snapshot), as host/hyperliquid's FeedDecoder builds from the WS l2Book, but only when
// those levels differ from the last snapshot sent; otherwise a snapshot every `heartbeat_ms`
// (the venue's periodic push: the pipeline cancels on a book older than stale_book_ns). Each
// public trade is one kTrade record (side = aggressor).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "backtest/crowd_flow.hpp"
#include "backtest/venue_link.hpp"
#include "exchange/exchange.hpp"
#include "hlmm/records.hpp"

namespace hlmm::backtest {

struct EventVenueConfig {
  std::string coin = "ETH";
  std::uint8_t sz_decimals = 4;
  exchange::SequencingConfig sequencing;  // 190 ms blocks, commit after 2
  EventLatency latency;
  exchange::FeeRates fees;                // ours; negative maker_ppm is a rebate
  exchange::Money deposit = exchange::Money{10'000'000} * kPriceScale;  // margin only; PnL is net of it
  int book_levels = 5;
  std::uint64_t heartbeat_ms = 1'000;
};

class EventVenue final : public ActionSink {
 public:
  // Adds the asset and funds us; `crowd` is attached afterwards (it needs the exchange).
  explicit EventVenue(EventVenueConfig config);

  exchange::Exchange& exchange() { return ex_; }
  const exchange::Exchange& exchange() const { return ex_; }
  std::uint32_t asset() const { return asset_; }
  static hl::Address us();
  void set_crowd(CrowdSource* crowd) { crowd_ = crowd; }
  const EventVenueConfig& config() const { return cfg_; }

  // Our action, sent at `sent_ms`: it arrives (and joins a block) at sent_ms + order latency.
  void send(std::uint64_t request_id, hl::L1Action action, std::uint64_t sent_ms) override;
  VenueBinding binding() const { return {asset_, cfg_.coin, cfg_.sz_decimals}; }

  void crowd_until(std::uint64_t block_ms);
  // Moves every delivery visible at or before `now_ms` to `out` (cleared first), oldest first.
  void take_visible(std::uint64_t now_ms, std::vector<FeedDelivery>& out);
  // Runs block `block_ms` (and any earlier one still pending) and queues what it shows us.
  // Returns the committed blocks (for the caller's own accounting: our fills, funding marks).
  const std::vector<exchange::BlockOutput>& execute(std::uint64_t block_ms);

  // L2 updates (crowd order entries and cancels) + trades processed so far: the benchmark's events.
  std::uint64_t events() const;
  const VenueCounters& counters() const { return counters_; }

 private:
  void snapshot_records(std::vector<MarketEvent>& out);
  bool top_changed();

  EventVenueConfig cfg_;
  exchange::Exchange ex_;
  std::uint32_t asset_ = 0;
  CrowdSource* crowd_ = nullptr;
  std::deque<FeedDelivery> pending_;
  std::vector<exchange::BlockOutput> last_;
  std::vector<exchange::BookLevel> top_bids_, top_asks_, scratch_bids_, scratch_asks_;
  std::uint64_t last_snapshot_block_ = 0;
  bool have_snapshot_ = false;
  VenueCounters counters_;
};

}  // namespace hlmm::backtest
