#include "backtest/event_venue.hpp"

#include <algorithm>

namespace hlmm::backtest {
namespace {

bool same_levels(const std::vector<exchange::BookLevel>& a, const std::vector<exchange::BookLevel>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].price != b[i].price || a[i].size != b[i].size) return false;
  }
  return true;
}

}  // namespace

hl::Address EventVenue::us() {
  hl::Address a;
  a.bytes.fill(0x11);
  return a;
}

namespace {

exchange::ExchangeConfig exchange_config(const EventVenueConfig& c) {
  exchange::ExchangeConfig e;
  e.sequencing = c.sequencing;
  e.user_fill_history = 64;  // /info userFills is never asked here; keeps the crowd's history short
  return e;
}

}  // namespace

EventVenue::EventVenue(EventVenueConfig config) : cfg_(std::move(config)), ex_(exchange_config(cfg_)) {
  asset_ = ex_.add_asset(exchange::AssetSpec{cfg_.coin, cfg_.sz_decimals, 20});
  ex_.deposit(us(), cfg_.deposit);
  ex_.set_fee_rates(us(), cfg_.fees);
  cfg_.book_levels = std::clamp(cfg_.book_levels, 1, kBookLevels);
}

void EventVenue::send(std::uint64_t request_id, hl::L1Action action, std::uint64_t sent_ms) {
  ++counters_.requests;
  ex_.submit(request_id, us(), std::move(action), sent_ms + cfg_.latency.order_ms);
}

void EventVenue::crowd_until(std::uint64_t block_ms) {
  if (crowd_ != nullptr) crowd_->submit_until(block_ms, ex_);
}

void EventVenue::take_visible(std::uint64_t now_ms, std::vector<FeedDelivery>& out) {
  out.clear();
  while (!pending_.empty() && pending_.front().visible_ms <= now_ms) {
    out.push_back(std::move(pending_.front()));
    pending_.pop_front();
  }
}

bool EventVenue::top_changed() {
  const auto depth = static_cast<std::size_t>(cfg_.book_levels);
  scratch_bids_ = ex_.book(asset_).levels(true, depth);
  scratch_asks_ = ex_.book(asset_).levels(false, depth);
  if (have_snapshot_ && same_levels(scratch_bids_, top_bids_) && same_levels(scratch_asks_, top_asks_)) return false;
  top_bids_.swap(scratch_bids_);
  top_asks_.swap(scratch_asks_);
  return true;
}

void EventVenue::snapshot_records(std::vector<MarketEvent>& out) {
  const std::uint64_t ts = 0;  // stamped by the reader with the visible time
  out.push_back(MarketEvent{EventKind::kBookClear, 0, Side::kBoth, 0, 0, 0, 0, ts});
  for (const auto& l : top_bids_) out.push_back(MarketEvent{EventKind::kBookLevel, 0, Side::kBid, 0, 0, l.price, l.size, ts});
  for (const auto& l : top_asks_) out.push_back(MarketEvent{EventKind::kBookLevel, 0, Side::kAsk, 0, 0, l.price, l.size, ts});
  out.back().flags |= kFlagEndOfSnapshot | kFlagEndOfBatch;
  ++counters_.snapshots;
  have_snapshot_ = true;
}

const std::vector<exchange::BlockOutput>& EventVenue::execute(std::uint64_t block_ms) {
  const std::uint64_t delay = cfg_.sequencing.commit_delay_ms();
  last_ = ex_.advance_to(block_ms + delay);
  const hl::Address me = us();
  bool snapshot_sent = false;
  for (const exchange::BlockOutput& b : last_) {
    ++counters_.blocks;
    if (crowd_ != nullptr) crowd_->on_block(b);
    FeedDelivery d;
    d.block_ms = b.block_time_ms;
    d.visible_ms = b.commit_time_ms + cfg_.latency.feed_ms;
    for (const exchange::ActionResult& r : b.results) {
      if (!(r.user == me)) continue;
      for (const hl::OrderStatus& s : r.response.statuses) {
        if (s.kind != hl::OrderStatusKind::kError) continue;
        if (s.error.rfind(exchange::ExchangeErrors::kBadAloPx, 0) == 0) {
          ++counters_.alo_rejects;
        } else {
          ++counters_.other_rejects;
        }
      }
      d.results.push_back(r);
    }
    for (const exchange::OrderUpdateEvent& u : b.order_updates) {
      if (u.user == me) d.order_updates.push_back(u.update);
    }
    for (const exchange::UserFillEvent& f : b.fills) {
      if (f.user == me) d.fills.push_back(f.fill);
    }
    for (const exchange::PublicTrade& t : b.trades) {
      ++counters_.trades;
      d.market.push_back(MarketEvent{EventKind::kTrade, 0, t.taker_is_buy ? Side::kBid : Side::kAsk, 0, 0, t.price, t.size, 0});
    }
    const bool book_changed = std::find(b.books_changed.begin(), b.books_changed.end(), asset_) != b.books_changed.end();
    if (book_changed && top_changed()) {
      snapshot_records(d.market);
      last_snapshot_block_ = b.block_time_ms;
      snapshot_sent = true;
    } else if (!d.market.empty()) {
      d.market.back().flags |= kFlagEndOfBatch;
    }
    if (d.results.empty() && d.order_updates.empty() && d.fills.empty() && d.market.empty()) continue;
    pending_.push_back(std::move(d));
  }
  // The periodic push: a book unchanged for heartbeat_ms is sent again.
  if (!snapshot_sent && have_snapshot_ && block_ms >= last_snapshot_block_ + cfg_.heartbeat_ms) {
    FeedDelivery d;
    d.block_ms = block_ms;
    d.visible_ms = block_ms + delay + cfg_.latency.feed_ms;
    top_changed();
    snapshot_records(d.market);
    last_snapshot_block_ = block_ms;
    pending_.push_back(std::move(d));
  }
  return last_;
}

std::uint64_t EventVenue::events() const { return (crowd_ != nullptr ? crowd_->l2_updates() : 0) + counters_.trades; }

}  // namespace hlmm::backtest
