#include "backtest/event_trader.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/null_sink.h>

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kNsPerMs = 1'000'000;
constexpr std::uint64_t kCloidSession = 0x686c6d6d62740001ull;  // "hlmmbt" + 1: fixed, so runs repeat

}  // namespace

void configure_live_registers(engine::Pipeline& pipeline, std::uint8_t slot, int sz_decimals,
                              const EventTraderConfig& c) {
  GlobalConfig g{};
  g.max_open_orders = 2;
  g.rate_interval_ns = 50'000'000;  // 20 quote changes per second on average, bursts of 10
  g.rate_tolerance_ns = 9 * g.rate_interval_ns;
  pipeline.configure(g);
  AssetConfig ac{};
  ac.enabled = 1;
  ac.sz_decimals = static_cast<std::uint8_t>(sz_decimals);
  ac.market = MarketType::kPerp;
  ac.use_microprice = 0;
  ac.refresh_tolerance_ticks = static_cast<std::uint16_t>(c.refresh_tolerance_ticks);
  ac.price_band_bps = 200;
  ac.depth_band_bps = 50;
  ac.refresh_interval_ns = 0;
  ac.fill_cooldown_ns = c.fill_cooldown_ms * kNsPerMs;
  ac.stale_book_ns = c.stale_book_ms * kNsPerMs;
  ac.position_limit = c.position_limit;
  ac.notional_cap = 0;
  pipeline.configure_asset(slot, ac);
}

EventTrader::EventTrader(engine::Pipeline& pipeline, const PolicyTable& table, const EventTraderConfig& config,
                         const VenueBinding& venue, ActionSink& sink)
    : pipeline_(pipeline), sink_(sink) {
  configure_live_registers(pipeline_, 0, venue.sz_decimals, config);
  pipeline_.load_table(0, table);
  pipeline_.swap_table(0);
  // Nonces are not checked by the exchange core (the venue front end does that); they still come
  // from the simulated clock so a run never reads the wall clock.
  nonces_ = std::make_unique<orders::NonceSource>(std::filesystem::path{}, [this] { return now_ms_; });
  orders::OrderManagerConfig oc;
  oc.assets.push_back(orders::AssetBinding{0, venue.asset, venue.coin});
  oc.cloid_session = kCloidSession;
  oc.dead_man.deadline_ms = config.dead_man_ms;
  // The refusals the order manager logs (post-only rejects above all) are counted by the venue;
  // thousands of log lines per simulated day would only hide them.
  auto quiet = std::make_shared<spdlog::logger>("backtest-orders", std::make_shared<spdlog::sinks::null_sink_st>());
  om_ = std::make_unique<orders::OrderManager>(oc, *nonces_, quiet);
  scratch_.reserve(64);
  intents_.reserve(16);
}

EventTrader::~EventTrader() = default;

void EventTrader::send(std::uint64_t now_ms) {
  for (const orders::OutgoingRequest& r : batch_) sink_.send(r.request_id, r.action, now_ms);
  batch_.clear();
}

void EventTrader::push(std::vector<MarketEvent>& records, std::uint64_t now_ms) {
  if (records.empty()) return;
  const std::uint64_t ts = now_ms * kNsPerMs;
  for (MarketEvent& e : records) {
    // One gapless sequence for every record the pipeline sees (feed, fills, funding, timers), as
    // host/live/trader.cpp stamps them.
    e.asset = 0;
    e.seq = next_seq_++;
    e.ts_ns = ts;
  }
  pipeline_.push(records);
  records_ += records.size();
  intents_.clear();
  pipeline_.drain(intents_);
  if (intents_.empty()) return;
  om_->on_intents(intents_, ts, batch_);
  send(now_ms);
}

void EventTrader::on_delivery(const FeedDelivery& d) {
  now_ms_ = d.visible_ms;
  const std::uint64_t ts = d.visible_ms * kNsPerMs;
  for (const exchange::ActionResult& r : d.results) {
    om_->on_response(r.request_id, r.response, ts, batch_);
    send(d.visible_ms);
  }
  if (!d.order_updates.empty()) om_->on_order_updates(d.order_updates, ts);
  if (!d.fills.empty()) {
    user_event_.fills = d.fills;
    const std::vector<orders::AppliedFill>& applied = om_->on_user_event(user_event_, ts);
    scratch_.clear();
    for (const orders::AppliedFill& f : applied) {
      scratch_.push_back(MarketEvent{EventKind::kFill, 0, f.side, 0, 0, f.price, f.size, ts});
    }
    push(scratch_, d.visible_ms);
  }
  if (!d.market.empty()) {
    scratch_.assign(d.market.begin(), d.market.end());
    push(scratch_, d.visible_ms);
  }
}

void EventTrader::on_funding(Price f, std::uint64_t now_ms) {
  now_ms_ = now_ms;
  scratch_.clear();
  scratch_.push_back(MarketEvent{EventKind::kFunding, 0, Side::kBid, kFlagEndOfBatch, 0, f, 0, 0});
  push(scratch_, now_ms);
}

void EventTrader::poll(std::uint64_t now_ms) {
  now_ms_ = now_ms;
  scratch_.clear();
  scratch_.push_back(MarketEvent{EventKind::kTimer, 0, Side::kBoth, 0, 0, 0, 0, 0});
  push(scratch_, now_ms);
  om_->poll(now_ms * kNsPerMs, batch_);
  send(now_ms);
}

}  // namespace hlmm::backtest
