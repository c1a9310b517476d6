// Our side of the event-level model: the objects that trade live, driven in simulated time.
// The pipeline (any backend, configured with the live trader's registers) gets records built from
// the exchange's committed book as host/live/trader.cpp gets them from the WS l2Book (sequence
// stamped per slot, rebased at each snapshot's kBookClear), our fills as kFill records, hourly
// funding as kFunding and a kTimer at each poll; the host OrderManager turns its intents into the
// fewest actions (ALO quotes, batchModify, cancelByCloid, the dead man's switch) and the venue
// submits them with the order latency. The venue is either the exchange core (EventVenue) or the
// L2 replay (l2_replay.hpp): both take our actions through ActionSink and hand back FeedDelivery. Responses, order updates and fills go back to the
// OrderManager exactly as the live transport hands them over.
//
// The pipeline's registers repeat host/live/pipeline_setup.cpp's values (that function solves its
// own named policy from a preset; the backtest loads the study's tables, pure_as_scaled included).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "backtest/venue_link.hpp"
#include "engine/pipeline.hpp"
#include "hlmm/policy_table.hpp"
#include "orders/order_manager.hpp"

namespace hlmm::backtest {

struct EventTraderConfig {
  Size position_limit = 0;
  std::uint64_t stale_book_ms = 5'000;
  std::uint64_t fill_cooldown_ms = 200;
  std::uint32_t refresh_tolerance_ticks = 2;
  std::uint64_t dead_man_ms = 15'000;
};

// The live trader's pipeline registers for one perp slot (host/live/pipeline_setup.cpp).
void configure_live_registers(engine::Pipeline& pipeline, std::uint8_t slot, int sz_decimals,
                              const EventTraderConfig& config);

class EventTrader {
 public:
  // Configures slot 0 of `pipeline` and loads `table`. Throws engine::PipelineError on refusal.
  EventTrader(engine::Pipeline& pipeline, const PolicyTable& table, const EventTraderConfig& config,
              const VenueBinding& venue, ActionSink& sink);
  ~EventTrader();
  EventTrader(const EventTrader&) = delete;
  EventTrader& operator=(const EventTrader&) = delete;

  // What the feed shows us of one committed block, at d.visible_ms.
  void on_delivery(const FeedDelivery& d);
  // activeAssetCtx: the cash funding f = mid * rate (price units per coin per hour).
  void on_funding(Price f, std::uint64_t now_ms);
  // The periodic timer: a kTimer record (stale book, cooldown end) and the order manager's poll.
  void poll(std::uint64_t now_ms);

  const orders::OrderManager& orders() const { return *om_; }
  std::uint64_t records() const { return records_; }

 private:
  void push(std::vector<MarketEvent>& records, std::uint64_t now_ms);
  void send(std::uint64_t now_ms);

  engine::Pipeline& pipeline_;
  ActionSink& sink_;
  std::uint64_t now_ms_ = 0;
  std::unique_ptr<orders::NonceSource> nonces_;
  std::unique_ptr<orders::OrderManager> om_;
  orders::ActionBatch batch_;
  std::vector<MarketEvent> scratch_;
  std::vector<QuoteIntent> intents_;
  std::uint32_t next_seq_ = 0;
  std::uint64_t records_ = 0;
  hl::UserEvent user_event_;
};

}  // namespace hlmm::backtest
