#include "backtest/l2_replay.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "backtest/run_metrics.hpp"
#include "hyperliquid/overloaded.hpp"

namespace hlmm::backtest {
namespace {

using exchange::ExchangeErrors;
using exchange::Money;

constexpr std::uint32_t kAsset = 0;  // the replay's one coin, asset id 0

hl::OrderStatus resting_status(std::uint64_t oid) {
  hl::OrderStatus s;
  s.kind = hl::OrderStatusKind::kResting;
  s.oid = oid;
  return s;
}

bool same_levels(const std::vector<L2Book::Level>& a, const std::vector<L2Book::Level>& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const L2Book::Level& x, const L2Book::Level& y) {
           return x.px == y.px && x.sz == y.sz;
         });
}

}  // namespace

L2Venue::L2Venue(const L2ReplayConfig& config, const L2Grid& grid) : cfg_(config), grid_(grid) {
  cfg_.book_levels = std::clamp(cfg_.book_levels, 1, kBookLevels);
  // Every valid price of the coin must be a whole number of stream units, or our quotes could not
  // be placed on the stream's levels; the same for sizes and the lot.
  Price decimals_unit = 1;
  for (int i = 0; i < kPriceDecimals - (6 - cfg_.sz_decimals); ++i) decimals_unit *= 10;
  Size lot = 1;
  for (int i = 0; i < kPriceDecimals - cfg_.sz_decimals; ++i) lot *= 10;
  if (grid_.price_unit <= 0 || decimals_unit % grid_.price_unit != 0 || grid_.size_unit <= 0 ||
      lot % grid_.size_unit != 0) {
    throw std::invalid_argument("l2 replay: the stream's grid (price unit " + std::to_string(grid_.price_unit) +
                                ", size unit " + std::to_string(grid_.size_unit) + ") does not divide " +
                                cfg_.coin + "'s tick and lot");
  }
  resting_.reserve(8);
  top_bids_.reserve(kBookLevels + 2);
  top_asks_.reserve(kBookLevels + 2);
}

void L2Venue::send(std::uint64_t request_id, hl::L1Action action, std::uint64_t sent_ms) {
  ++counters_.requests;
  const std::uint64_t interval = cfg_.sequencing.block_interval_ms;
  const std::uint64_t arrival = sent_ms + cfg_.latency.order_ms;
  std::uint64_t block = (arrival + interval - 1) / interval * interval;
  // A block already open cannot take more of our actions: they ran at its start.
  if (block <= block_ms_) block = block_ms_ + interval;
  pending_.push_back(Pending{block, request_id, std::move(action)});
}

void L2Venue::open_block(std::uint64_t block_ms) {
  block_ms_ = block_ms;
  ++counters_.blocks;
  if (scheduled_cancel_ms_ && *scheduled_cancel_ms_ <= block_ms) {
    scheduled_cancel_ms_.reset();
    while (!resting_.empty()) cancel_oid(resting_.back().oid, "scheduledCancel");
  }
  std::size_t due = 0;
  while (due < pending_.size() && pending_[due].block_ms <= block_ms) ++due;
  if (due == 0) return;
  for (const exchange::SequencingClass c : {exchange::SequencingClass::kNoTakerOrders, exchange::SequencingClass::kCancel,
                                            exchange::SequencingClass::kTakerOrders}) {
    for (std::size_t i = 0; i < due; ++i) {
      if (exchange::sequencing_class(pending_[i].action) != c) continue;
      exchange::ActionResult r;
      r.request_id = pending_[i].request_id;
      r.response = execute(pending_[i].action);
      for (const hl::OrderStatus& s : r.response.statuses) {
        if (s.kind != hl::OrderStatusKind::kError) continue;
        if (s.error.rfind(ExchangeErrors::kBadAloPx, 0) == 0) {
          ++counters_.alo_rejects;
        } else {
          ++counters_.other_rejects;
        }
      }
      out_.results.push_back(std::move(r));
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(due));
}

void L2Venue::on_level(const L2Event& e, std::int32_t before) {
  const bool bid_level = e.side == Side::kBid;
  for (std::size_t i = 0; i < resting_.size();) {
    Resting& o = resting_[i];
    if (o.is_buy == bid_level) {
      if (o.px == e.px) {
        std::int64_t dec = static_cast<std::int64_t>(before) - e.sz;
        if (dec > 0) {
          const std::int64_t explained = std::min(dec, o.traded);
          dec -= explained;
          const std::int64_t level = static_cast<std::int64_t>(before) - explained;
          if (dec > 0 && o.ahead > 0 && level > 0) o.ahead -= dec * o.ahead / level;
        }
        o.traded = 0;
        o.ahead = std::min<std::int64_t>(o.ahead, e.sz);
      }
    } else if (e.sz > before && (o.is_buy ? e.px <= o.px : e.px >= o.px)) {
      const std::size_t n = resting_.size();
      fill(i, std::min<std::int64_t>(static_cast<std::int64_t>(e.sz) - before, o.left));
      if (resting_.size() < n) continue;
    }
    ++i;
  }
}

void L2Venue::on_trade(const L2Event& e) {
  ++counters_.trades;
  out_.market.push_back(MarketEvent{EventKind::kTrade, 0, e.side, 0, 0, e.px * grid_.price_unit,
                                    e.sz * grid_.size_unit, 0});
  if (resting_.empty()) return;
  const bool buyer = e.side == Side::kBid;  // a buyer takes asks
  for (std::size_t i = 0; i < resting_.size();) {
    Resting& o = resting_[i];
    if (o.is_buy != buyer) {
      const bool through = buyer ? e.px > o.px : e.px < o.px;
      std::int64_t qty = 0;
      if (through) {
        qty = o.left;
      } else if (e.px == o.px) {
        o.traded += e.sz;
        qty = std::min<std::int64_t>(std::max<std::int64_t>(e.sz - o.ahead, 0), o.left);
        o.ahead = std::max<std::int64_t>(o.ahead - e.sz, 0);
      }
      if (qty > 0) {
        const std::size_t n = resting_.size();
        fill(i, qty);
        if (resting_.size() < n) continue;
      }
    }
    ++i;
  }
}

Price L2Venue::crowd_mid() const {
  if (book_.empty(Side::kBid) || book_.empty(Side::kAsk)) return 0;
  return (static_cast<Price>(book_.best(Side::kBid)) + book_.best(Side::kAsk)) * grid_.price_unit / 2;
}

void L2Venue::fill(std::size_t i, std::int64_t qty) {
  Resting& o = resting_[i];
  // A reduce-only order fills at most down to a flat position; what would open or flip one is
  // cancelled as the exchange core does (sim/exchange: reduceOnlyCanceled).
  if (o.reduce_only) {
    const std::int64_t room = exchange::reducible_size(o.is_buy, position_) / grid_.size_unit;
    if (room < qty) {
      if (room > 0) fill_within_room(i, room);
      order_update(resting_[i], "reduceOnlyCanceled");
      erase(i);
      return;
    }
  }
  fill_within_room(i, qty);
}

void L2Venue::fill_within_room(std::size_t i, std::int64_t qty) {
  Resting& o = resting_[i];
  const Size size = qty * grid_.size_unit;
  const Money value = exchange::notional(o.price, size);
  const Money fee = exchange::fee_of(value, cfg_.fees.maker_ppm);
  cash_ += (o.is_buy ? -value : value) - fee;
  const Size start = position_;
  position_ += o.is_buy ? size : -size;
  hl::UserFill f;
  f.coin = cfg_.coin;
  f.price = o.price;
  f.size = size;
  f.is_buy = o.is_buy;
  f.time_ms = block_ms_;
  f.start_position = start;
  f.oid = o.oid;
  f.fee = fee;
  f.tid = next_tid_++;
  f.fee_token = "USDC";
  f.cloid = o.cloid;
  out_.fills.push_back(std::move(f));
  new_fills_.push_back(OurFill{block_ms_, o.is_buy ? Side::kBid : Side::kAsk, o.price, size, fee, crowd_mid()});
  o.left -= qty;
  top_dirty_ = true;
  if (o.left == 0) {
    order_update(o, "filled");
    erase(i);
  }
}

void L2Venue::erase(std::size_t i) {
  resting_.erase(resting_.begin() + static_cast<std::ptrdiff_t>(i));
  update_envelope();
}

void L2Venue::add(const Resting& o) {
  resting_.push_back(o);
  update_envelope();
}

void L2Venue::update_envelope() {
  top_dirty_ = true;  // our orders are in the levels the feed shows
  bid_lo_ = ask_lo_ = INT32_MAX;
  bid_hi_ = ask_hi_ = INT32_MIN;
  for (const Resting& o : resting_) {
    std::int32_t& lo = o.is_buy ? bid_lo_ : ask_lo_;
    std::int32_t& hi = o.is_buy ? bid_hi_ : ask_hi_;
    lo = std::min(lo, o.px);
    hi = std::max(hi, o.px);
  }
}

void L2Venue::order_update(const Resting& o, const char* status) {
  hl::OrderUpdate u;
  u.coin = cfg_.coin;
  u.is_buy = o.is_buy;
  u.limit_price = o.price;
  u.size = o.left * grid_.size_unit;
  u.orig_size = o.orig * grid_.size_unit;
  u.oid = o.oid;
  u.timestamp_ms = o.placed_ms;
  u.cloid = o.cloid;
  u.status = status;
  u.status_timestamp_ms = block_ms_;
  out_.order_updates.push_back(std::move(u));
}

std::optional<std::size_t> L2Venue::find(const hl::OidOrCloid& target) const {
  for (std::size_t i = 0; i < resting_.size(); ++i) {
    const Resting& o = resting_[i];
    const bool hit = std::visit(hl::Overloaded{[&](std::uint64_t oid) { return o.oid == oid; },
                                               [&](const hl::Cloid& c) { return o.cloid && *o.cloid == c; }},
                                target);
    if (hit) return i;
  }
  return std::nullopt;
}

hl::OrderStatus L2Venue::cancel_oid(std::uint64_t oid, const char* status) {
  const auto i = find(hl::OidOrCloid{oid});
  if (!i) return exchange::error_status(std::string(ExchangeErrors::kMissingOrder));
  order_update(resting_[*i], status);
  erase(*i);
  return hl::OrderStatus{};
}

hl::OrderStatus L2Venue::place(const hl::OrderWire& w, hl::Tif tif) {
  using exchange::error_status;
  using exchange::with_asset;
  if (w.asset != kAsset) return error_status(with_asset(ExchangeErrors::kUnknownAsset, w.asset));
  if (w.price <= 0 || w.price > kMaxPrice || !is_valid_price(w.price, cfg_.sz_decimals)) {
    return error_status(with_asset(ExchangeErrors::kTick, w.asset));
  }
  if (w.size <= 0 || w.size > kMaxSize || !is_valid_size(w.size, cfg_.sz_decimals)) {
    return error_status(with_asset(ExchangeErrors::kBadSize, w.asset));
  }
  if (exchange::order_value(w.price, w.size) > exchange::max_limit_order_value(cfg_.max_leverage)) {
    return error_status(with_asset(ExchangeErrors::kMaxOrderValue, w.asset));
  }
  if (w.cloid && find(hl::OidOrCloid{*w.cloid})) return error_status(with_asset(ExchangeErrors::kDuplicateCloid, w.asset));
  Size size = w.size;
  if (w.reduce_only) {
    const Size reducible = exchange::reducible_size(w.is_buy, position_);
    if (reducible == 0) return error_status(with_asset(ExchangeErrors::kReduceOnly, w.asset));
    size = std::min(size, reducible);
  }
  if (!w.reduce_only && exchange::notional(w.price, size) < cfg_.min_order_notional) {
    return error_status(with_asset(ExchangeErrors::kMinNotional, w.asset));
  }
  const auto px = static_cast<std::int32_t>(w.price / grid_.price_unit);
  const Side other = w.is_buy ? Side::kAsk : Side::kBid;
  const bool crosses = !book_.empty(other) && (w.is_buy ? book_.best(other) <= px : book_.best(other) >= px);
  if (crosses) {
    if (tif == hl::Tif::kAlo) {
      std::string text(ExchangeErrors::kBadAloPx);
      text += book_.empty(Side::kBid) ? std::string_view("0")
                                      : format_price(book_.best(Side::kBid) * grid_.price_unit).view();
      text += '@';
      text += book_.empty(Side::kAsk) ? std::string_view("0")
                                      : format_price(book_.best(Side::kAsk) * grid_.price_unit).view();
      text += '.';
      return error_status(with_asset(text, w.asset));
    }
    // Taking depth would need the crowd's reaction to our order, which a replay does not have.
    return error_status(std::string(ExchangeErrors::kUnsupported) + "orders that take liquidity in the L2 replay");
  }
  Resting o;
  o.oid = next_oid_++;
  o.cloid = w.cloid;
  o.is_buy = w.is_buy;
  o.px = px;
  o.price = w.price;
  o.left = size / grid_.size_unit;
  o.orig = o.left;
  o.ahead = book_.size_at(w.is_buy ? Side::kBid : Side::kAsk, px);
  o.placed_ms = block_ms_;
  o.reduce_only = w.reduce_only;
  if (tif == hl::Tif::kIoc) {
    order_update(o, "iocCancelRejected");
    return error_status(with_asset(ExchangeErrors::kIocCancel, w.asset));
  }
  add(o);
  order_update(o, "open");
  return resting_status(o.oid);
}

hl::OrderStatus L2Venue::modify(const hl::OidOrCloid& target, const hl::OrderWire& w, bool always_place) {
  const auto* limit = std::get_if<hl::LimitOrderType>(&w.type);
  if (limit == nullptr || (!always_place && limit->tif == hl::Tif::kIoc)) {
    return exchange::error_status(std::string(ExchangeErrors::kInvalidModify));
  }
  const hl::Tif tif = !always_place && limit->tif == hl::Tif::kGtc ? hl::Tif::kAlo : limit->tif;
  // The old order goes first, as on the exchange: a refused replacement leaves nothing resting.
  const auto i = find(target);
  if (i) {
    order_update(resting_[*i], "canceled");
    erase(*i);
  } else if (!always_place) {
    return exchange::error_status(std::string(ExchangeErrors::kModifyMissing));
  }
  return place(w, tif);
}

hl::ExchangeResponse L2Venue::execute(const hl::L1Action& action) {
  hl::ExchangeResponse r;
  r.ok = true;
  std::visit(
      hl::Overloaded{
          [&](const hl::OrderAction& a) {
            r.type = "order";
            for (const hl::OrderWire& w : a.orders) {
              const auto* limit = std::get_if<hl::LimitOrderType>(&w.type);
              r.statuses.push_back(limit != nullptr ? place(w, limit->tif)
                                                    : exchange::error_status(std::string(ExchangeErrors::kUnsupported) +
                                                                             "trigger orders"));
            }
          },
          [&](const hl::CancelAction& a) {
            r.type = "cancel";
            for (const hl::CancelEntry& c : a.cancels) {
              r.statuses.push_back(c.asset == kAsset ? cancel_oid(c.oid)
                                                     : exchange::error_status(std::string(ExchangeErrors::kMissingOrder)));
            }
          },
          [&](const hl::CancelByCloidAction& a) {
            r.type = "cancel";
            for (const hl::CancelByCloidEntry& c : a.cancels) {
              const auto i = c.asset == kAsset ? find(hl::OidOrCloid{c.cloid}) : std::nullopt;
              r.statuses.push_back(i ? cancel_oid(resting_[*i].oid)
                                     : exchange::error_status(std::string(ExchangeErrors::kMissingOrder)));
            }
          },
          [&](const hl::ModifyAction& a) {
            r.type = "order";
            r.statuses.push_back(modify(a.oid, a.order, a.always_place));
          },
          [&](const hl::BatchModifyAction& a) {
            r.type = "order";
            for (const hl::ModifyEntry& m : a.modifies) r.statuses.push_back(modify(m.oid, m.order, a.always_place));
          },
          [&](const hl::ScheduleCancelAction& a) {
            r.type = "default";
            if (!a.time) {
              scheduled_cancel_ms_.reset();
            } else if (*a.time < block_ms_ + cfg_.schedule_cancel_min_lead_ms) {
              r.ok = false;
              r.error = ExchangeErrors::kScheduleTooEarly;
            } else {
              scheduled_cancel_ms_ = *a.time;
            }
          },
          [&](const hl::UpdateLeverageAction&) { r.type = "default"; },
          [&](const hl::NoopAction&) { r.type = "default"; },
          [&](const hl::UpdateIsolatedMarginAction&) {
            r.ok = false;
            r.error = std::string(ExchangeErrors::kUnsupported) + "updateIsolatedMargin";
          },
      },
      action);
  return r;
}

void L2Venue::top_levels(Side side, std::vector<L2Book::Level>& out) const {
  const auto depth = static_cast<std::size_t>(cfg_.book_levels);
  book_.top(side, depth, out);
  const bool bid = side == Side::kBid;
  for (const Resting& o : resting_) {
    if (o.is_buy != bid) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const L2Book::Level& l) { return bid ? l.px <= o.px : l.px >= o.px; });
    if (it != out.end() && it->px == o.px) {
      it->sz += static_cast<std::int32_t>(o.left);
    } else {
      out.insert(it, L2Book::Level{o.px, static_cast<std::int32_t>(o.left)});
    }
  }
  if (out.size() > depth) out.resize(depth);
}

bool L2Venue::top_changed() {
  if (have_snapshot_ && !top_dirty_) return false;
  top_dirty_ = false;
  top_levels(Side::kBid, scratch_bids_);
  top_levels(Side::kAsk, scratch_asks_);
  const auto depth = static_cast<std::size_t>(cfg_.book_levels);
  top_edge_[0] = scratch_bids_.size() < depth ? INT32_MIN : scratch_bids_.back().px;
  top_edge_[1] = scratch_asks_.size() < depth ? INT32_MAX : scratch_asks_.back().px;
  if (have_snapshot_ && same_levels(scratch_bids_, top_bids_) && same_levels(scratch_asks_, top_asks_)) return false;
  top_bids_.swap(scratch_bids_);
  top_asks_.swap(scratch_asks_);
  return true;
}

void L2Venue::snapshot_records(std::vector<MarketEvent>& out) {
  out.push_back(MarketEvent{EventKind::kBookClear, 0, Side::kBoth, 0, 0, 0, 0, 0});
  for (const auto& l : top_bids_) {
    out.push_back(MarketEvent{EventKind::kBookLevel, 0, Side::kBid, 0, 0, l.px * grid_.price_unit, l.sz * grid_.size_unit, 0});
  }
  for (const auto& l : top_asks_) {
    out.push_back(MarketEvent{EventKind::kBookLevel, 0, Side::kAsk, 0, 0, l.px * grid_.price_unit, l.sz * grid_.size_unit, 0});
  }
  out.back().flags |= kFlagEndOfSnapshot | kFlagEndOfBatch;
  ++counters_.snapshots;
  have_snapshot_ = true;
  last_push_ms_ = block_ms_;
}

void L2Venue::close_block() {
  const std::uint64_t since = block_ms_ - last_push_ms_;
  if (!have_snapshot_ || since >= cfg_.heartbeat_ms) {
    top_changed();
    snapshot_records(out_.market);
  } else if (since >= cfg_.push_interval_ms && top_changed()) {
    snapshot_records(out_.market);
  } else if (!out_.market.empty()) {
    out_.market.back().flags |= kFlagEndOfBatch;
  }
  if (out_.results.empty() && out_.order_updates.empty() && out_.fills.empty() && out_.market.empty()) return;
  out_.block_ms = block_ms_;
  out_.visible_ms = block_ms_ + cfg_.sequencing.commit_delay_ms() + cfg_.latency.feed_ms;
  deliveries_.push_back(std::move(out_));
  out_ = FeedDelivery{};
}

void L2Venue::take_visible(std::uint64_t now_ms, std::vector<FeedDelivery>& out) {
  out.clear();
  while (!deliveries_.empty() && deliveries_.front().visible_ms <= now_ms) {
    out.push_back(std::move(deliveries_.front()));
    deliveries_.pop_front();
  }
}

Money L2Venue::settle_funding(std::int64_t rate_1e8, Price mark) {
  // As the exchange: value = q * mark (1e-8 USD), payment = value * rate / 1e8, toward zero.
  const arith::i128 value = static_cast<arith::i128>(position_) * mark / kSizeScale;
  const auto paid = static_cast<Money>(value * rate_1e8 / kPriceScale);
  cash_ -= paid;
  return paid;
}

namespace {

class VenueAccount final : public AccountView {
 public:
  explicit VenueAccount(L2Venue& venue) : venue_(venue) {}
  Size position() const override { return venue_.position(); }
  Cash equity(Price mark) const override {
    return static_cast<Cash>(venue_.cash()) * kMoneyToCash + static_cast<Cash>(venue_.position()) * mark;
  }
  std::optional<Cash> settle_funding(std::int64_t rate_1e8, Price mid, std::uint64_t) override {
    if (venue_.position() == 0) return std::nullopt;
    return static_cast<Cash>(venue_.settle_funding(rate_1e8, mid)) * kMoneyToCash;
  }

 private:
  L2Venue& venue_;
};

}  // namespace

RunResult run_l2_replay(const MarketPath& market, L2Source& source, engine::Pipeline& pipeline,
                        const PolicyTable& table, const L2ReplayConfig& cfg, Trace* trace) {
  RunResult r;
  if (market.minutes() <= 0) return r;
  L2Venue venue(cfg, source.grid());
  EventTrader trader(pipeline, table, cfg.trader, venue.binding(), venue);
  VenueAccount account(venue);
  EventLedger ledger(market, cfg.minutes_per_day, cfg.stop, cfg.lot, trader.orders(), trace);
  const std::uint64_t interval = cfg.sequencing.block_interval_ms;
  const std::uint64_t start_ms = market.start_ns / 1'000'000;
  std::vector<FeedDelivery> visible;
  std::uint64_t events = 0;

  // Everything due at the start of block B before the crowd's events of B: minute marks, funding,
  // what we see by B (we react and send), our poll, then our actions of B. False: the run is over.
  auto open = [&](std::uint64_t block) {
    if (!ledger.advance(block, account)) return false;
    venue.take_visible(block, visible);
    for (const FeedDelivery& d : visible) trader.on_delivery(d);
    if (const auto f = ledger.take_funding()) trader.on_funding(*f, block);
    trader.poll(block);
    venue.open_block(block);
    return true;
  };
  auto close = [&] {
    venue.close_block();
    std::vector<L2Venue::OurFill>& fills = venue.new_fills();
    if (fills.empty()) return;
    for (const L2Venue::OurFill& f : fills) {
      ledger.on_fill(f.block_ms, f.side, f.price, f.size, f.fee, false, f.fair != 0 ? f.fair : f.price);
    }
    fills.clear();
    ledger.on_position(venue.position());
  };

  std::uint64_t block = ledger.first_block(interval);
  bool running = open(block);
  std::vector<L2Event> chunk;
  chunk.reserve(1 << 16);
  while (running && source.next(chunk)) {
    for (const L2Event& e : chunk) {
      const std::uint64_t t = start_ms + e.t_ms;
      while (running && t > block) {
        close();
        block += interval;
        running = open(block);
      }
      if (!running) break;
      venue.apply(e);
      ++events;
    }
  }
  // The stream may end before the path: the minutes left run without crowd events.
  while (running) {
    close();
    block += interval;
    running = open(block);
  }
  ledger.finish(r, account, venue.counters(), trader.records(), "l2 replay");
  r.events = events;
  return r;
}

}  // namespace hlmm::backtest
