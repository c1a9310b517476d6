// The L2 replay: the event-level execution model on aggregated depth instead of the exchange core,
// for speed (a day of a busy book in a second) and for recorded data, which has no orders to
// replay, only levels and prints. Our side is the same EventTrader as in the event model: the
// pipeline with the live registers and the host OrderManager, our actions as L1Actions.
//
// Time and sequencing are the event model's (event_venue.hpp, protocol.md §10): blocks every
// `sequencing.block_interval_ms`; an action arriving at t (sent + order latency) executes in the
// first block at or after t; within a block our actions run first in the venue's order
// (ALO-only orders and other non-taker actions, then cancels, then GTC/IOC senders), then the
// crowd's events of that block, (B - interval, B], in stream order — the crowd's takers are
// GTC/IOC senders, so a cancel or ALO sent with a taker's IOC wins, as on the venue. A block's
// effects are seen `commit_delay + feed_ms` after it.
//
// Queue model (documented in docs/backtest.md, tested in tests/backtest/l2_replay_test.cpp):
//   - a resting order joins the back of its level: ahead = the crowd's size there;
//   - a print at our price consumes the queue ahead first, then us; a print through our price
//     (a buy above our ask, a sell below our bid) fills us whole;
//   - a decrease of our level's size is first explained by what printed there since its last
//     update (depth that traded, already taken from ahead); the rest is cancellation, spread pro
//     rata over the level: ahead shrinks by (cancelled × ahead / level size);
//   - an increase joins behind us, except a crowd order on the other side at or through our price,
//     which trades with us first (a stale quote picked off), up to the increase;
//   - no market impact: our fills do not change the crowd's stream (as in every L2 replay).
// Our own resting orders are part of the book the feed shows (levels include our size).
//
// Feed: each public print is a kTrade record; the book is an l2Book snapshot of the top
// `book_levels` per side, pushed at the end of a block at least `push_interval_ms` after the last
// push when those levels changed ("pushed on each block that is at least 0.5 s since last push",
// protocol.md §9), and again after `heartbeat_ms` unchanged.
#pragma once

#include <atomic>
#include <climits>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "backtest/engine.hpp"
#include "backtest/event_trader.hpp"
#include "backtest/l2_book.hpp"
#include "backtest/l2_stream.hpp"
#include "backtest/market.hpp"
#include "backtest/venue_link.hpp"
#include "exchange/exchange.hpp"

namespace hlmm::backtest {

struct L2ReplayConfig {
  std::string coin = "ETH";
  std::uint8_t sz_decimals = 4;
  std::uint32_t max_leverage = 25;        // sets the largest order the venue takes (exchange_types.hpp)
  exchange::SequencingConfig sequencing;  // 190 ms blocks, commit after 2
  EventLatency latency;
  exchange::FeeRates fees;                // ours; negative maker_ppm is a rebate
  exchange::Money min_order_notional = 10 * kPriceScale;
  std::uint64_t schedule_cancel_min_lead_ms = 5'000;
  int book_levels = 5;
  std::uint64_t push_interval_ms = 500;
  std::uint64_t heartbeat_ms = 1'000;
  EventTraderConfig trader;
  double lot = 1.0;  // coins: the fill-rate unit
  int minutes_per_day = 1440;
  const std::atomic<bool>* stop = nullptr;  // checked every simulated hour
};

// The venue side of the replay: the crowd's book, our resting orders and their queues, our account.
class L2Venue final : public ActionSink {
 public:
  struct Resting {
    std::uint64_t oid = 0;
    std::optional<hl::Cloid> cloid;
    bool is_buy = false;
    std::int32_t px = 0;       // stream price units
    Price price = 0;
    std::int64_t left = 0;     // stream size units
    std::int64_t orig = 0;
    std::int64_t ahead = 0;    // the crowd's size ahead of us at px
    std::int64_t traded = 0;   // printed at px since the level's last update
    std::uint64_t placed_ms = 0;
    bool reduce_only = false;  // fills only down to a flat position (fill())
  };
  struct OurFill {
    std::uint64_t block_ms = 0;
    Side side = Side::kBid;
    Price price = 0;
    Size size = 0;
    exchange::Money fee = 0;
    Price fair = 0;  // the crowd's mid when it filled (0 when a side was empty)
  };

  L2Venue(const L2ReplayConfig& config, const L2Grid& grid);

  void send(std::uint64_t request_id, hl::L1Action action, std::uint64_t sent_ms) override;
  VenueBinding binding() const { return {0, cfg_.coin, cfg_.sz_decimals}; }

  // Block B: a due scheduled cancel, then our actions that arrived by B in the in-block order.
  void open_block(std::uint64_t block_ms);
  // One crowd event of the open block.
  void apply(const L2Event& e) {
    if (e.kind == L2Kind::kLevel) {
      const std::int32_t before = book_.set(e.side, e.px, e.sz);
      // Only a level at or inside the last snapshot's edge can change the top the feed shows.
      top_dirty_ |= e.side == Side::kBid ? e.px >= top_edge_[0] : e.px <= top_edge_[1];
      // Most updates are nowhere near our orders: a level at one of our prices, or an increase on
      // the other side that reaches our best, is all that can matter.
      const bool bid = e.side == Side::kBid;
      const bool ours = bid ? e.px >= bid_lo_ && e.px <= bid_hi_ : e.px >= ask_lo_ && e.px <= ask_hi_;
      const bool reaches = e.sz > before && (bid ? e.px >= ask_lo_ : e.px <= bid_hi_);
      if (ours || reaches) on_level(e, before);
    } else {
      on_trade(e);
    }
  }
  // The open block commits: what it did, and a book snapshot when one is due, become a delivery.
  void close_block();
  // Moves every delivery visible at or before `now_ms` to `out` (cleared first), oldest first.
  void take_visible(std::uint64_t now_ms, std::vector<FeedDelivery>& out);

  // Funding at `mark` and `rate_1e8` (1e-8 per hour) on our position, as the exchange settles it.
  // Returns what we paid (1e-8 USD; negative: received).
  exchange::Money settle_funding(std::int64_t rate_1e8, Price mark);

  Size position() const { return position_; }
  exchange::Money cash() const { return cash_; }  // 1e-8 USD from 0, fees and funding included
  const L2Book& book() const { return book_; }
  const std::vector<Resting>& resting() const { return resting_; }
  std::vector<OurFill>& new_fills() { return new_fills_; }
  const VenueCounters& counters() const { return counters_; }

 private:
  struct Pending {
    std::uint64_t block_ms;
    std::uint64_t request_id;
    hl::L1Action action;
  };

  void on_level(const L2Event& e, std::int32_t before);
  void on_trade(const L2Event& e);
  void fill(std::size_t i, std::int64_t qty);  // may erase resting_[i]
  void fill_within_room(std::size_t i, std::int64_t qty);  // fill() once a reduce-only order's room is known
  void erase(std::size_t i);
  void add(const Resting& o);
  void update_envelope();
  hl::ExchangeResponse execute(const hl::L1Action& action);
  hl::OrderStatus place(const hl::OrderWire& w, hl::Tif tif);
  hl::OrderStatus cancel_oid(std::uint64_t oid, const char* status = "canceled");
  hl::OrderStatus modify(const hl::OidOrCloid& target, const hl::OrderWire& w, bool always_place);
  std::optional<std::size_t> find(const hl::OidOrCloid& target) const;
  void order_update(const Resting& o, const char* status);
  Price crowd_mid() const;
  bool top_changed();
  void snapshot_records(std::vector<MarketEvent>& out);
  void top_levels(Side side, std::vector<L2Book::Level>& out) const;

  L2ReplayConfig cfg_;
  L2Grid grid_;
  L2Book book_;
  std::vector<Resting> resting_;
  // The price range of our resting bids and asks (empty: lo > hi), for apply's filter.
  std::int32_t bid_lo_ = INT32_MAX, bid_hi_ = INT32_MIN, ask_lo_ = INT32_MAX, ask_hi_ = INT32_MIN;
  Size position_ = 0;
  exchange::Money cash_ = 0;
  std::uint64_t next_oid_ = 1;
  std::uint64_t next_tid_ = 1;
  std::optional<std::uint64_t> scheduled_cancel_ms_;
  std::deque<Pending> pending_;
  std::uint64_t block_ms_ = 0;  // the open block
  FeedDelivery out_;            // the open block's output
  std::deque<FeedDelivery> deliveries_;
  std::vector<OurFill> new_fills_;
  std::vector<L2Book::Level> top_bids_, top_asks_, scratch_bids_, scratch_asks_;
  // The worst price in the last top (bids, asks), or the far end of the book while a side shows
  // fewer than book_levels; and whether anything at or inside it has changed since.
  std::int32_t top_edge_[2] = {INT32_MIN, INT32_MAX};
  bool top_dirty_ = true;
  bool have_snapshot_ = false;
  std::uint64_t last_push_ms_ = 0;
  VenueCounters counters_;
};

// One replay of `source` against our trader over `market`'s minutes (funding and the minute marks,
// as in the event model). RunResult as the study engine's, plus the event-level fields; `events`
// counts the stream's events (level updates + prints). Throws std::runtime_error when the order
// manager halts or disables the asset (a bug in hlmm's rounding, never a market outcome), and
// std::invalid_argument when the stream's grid does not fit the coin.
RunResult run_l2_replay(const MarketPath& market, L2Source& source, engine::Pipeline& pipeline,
                        const PolicyTable& table, const L2ReplayConfig& config, Trace* trace = nullptr);

}  // namespace hlmm::backtest
