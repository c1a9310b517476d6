#include "strategies/parity_trader.hpp"

#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "strategies/ioc_execution.hpp"

namespace hlmm::strategies {

namespace asio = boost::asio;
using connectors::OrderOutcome;

namespace {

constexpr int kOutcomeVenue = 0;
constexpr int kHedgeVenue = 1;
constexpr std::size_t kMaxTrades = 100;

double usd(std::int64_t units) { return static_cast<double>(units) / static_cast<double>(kPriceScale); }
double units(Size s) { return static_cast<double>(s) / static_cast<double>(kSizeScale); }

// A quantity in whole lots, to the nearest (the strategy's doubles are already on the lot grid;
// this only removes their binary rounding).
Size to_lots(double quantity, Size lot) {
  const auto raw = static_cast<Size>(std::llround(quantity * static_cast<double>(kSizeScale)));
  if (lot <= 0) return raw;
  return (raw + lot / 2) / lot * lot;
}

struct Top {
  Price bid = 0;
  Price ask = 0;
};

// Average-cost bookkeeping of one instrument, in USD: what closing part of a position realised.
struct CostBasis {
  double position = 0;
  double basis = 0;  // cost of |position| at its entry prices

  double trade(double signed_qty, double price) {
    double realised = 0;
    if (position != 0 && (position > 0) != (signed_qty > 0)) {
      const double closing = std::min(std::abs(signed_qty), std::abs(position));
      const double part = basis * closing / std::abs(position);
      realised = position > 0 ? closing * price - part : part - closing * price;
      basis -= part;
      position += signed_qty > 0 ? closing : -closing;
      signed_qty += signed_qty > 0 ? -closing : closing;
    }
    position += signed_qty;
    basis += std::abs(signed_qty) * price;
    if (std::abs(position) < 1e-12) position = basis = 0;
    return realised;
  }
};

}  // namespace

struct ParityTrader::Impl : std::enable_shared_from_this<ParityTrader::Impl> {
  enum class Phase : std::uint8_t { kIdle, kOutcome, kHedge, kCooldown, kHalted };

  Impl(ParityTraderConfig c, connectors::Connector& outcome_venue, connectors::Connector& hedge_venue)
      : config(std::move(c)), venues{&outcome_venue, &hedge_venue}, settle_timer(loop.io()), cooldown_timer(loop.io()) {
    if (outcome_from_coin(config.outcome_coin).side != OutcomeSide::kYes) {
      throw std::invalid_argument("parity trader: " + config.outcome_coin + " is not a Yes coin (the decision is on the Yes book)");
    }
    ParityStrategy{config.parity};  // refuses a bad configuration now rather than at the first book
  }

  void attach() { loop.attach(shared_from_this(), *venues[0], *venues[1]); }

  // ---- events -------------------------------------------------------------------------------------
  void on_event(int venue, const connectors::VenueEvent& e) {
    if (const auto* b = std::get_if<connectors::BookEvent>(&e)) return on_book(venue, *b);
    if (const auto* f = std::get_if<connectors::FillEvent>(&e)) return on_fill(venue, *f);
    if (std::holds_alternative<connectors::ResyncingEvent>(e)) {
      resyncing[venue] = true;
      tops[venue] = {};
      spdlog::warn("parity: {} resyncing; no new trade until it is back", venues[venue]->name());
      return;
    }
    if (std::holds_alternative<connectors::ResyncedEvent>(e)) resyncing[venue] = false;
  }

  void on_book(int venue, const connectors::BookEvent& b) {
    if (b.coin != (venue == kOutcomeVenue ? config.outcome_coin : config.hedge_coin)) return;
    tops[venue] = Top{b.bids.empty() ? 0 : b.bids.front().price, b.asks.empty() ? 0 : b.asks.front().price};
    book_at[venue] = std::chrono::steady_clock::now();
    if (phase == Phase::kIdle && !stopping) consider();
  }

  bool ensure_strategy() {
    if (strategy) return true;
    outcome_lot = venues[kOutcomeVenue]->lot(config.outcome_coin);
    hedge_lot = venues[kHedgeVenue]->lot(config.hedge_coin);
    if (outcome_lot <= 0 || hedge_lot <= 0) return false;  // meta not in yet
    ParityConfig p = config.parity;
    if (p.sizing.lot <= 0) p.sizing.lot = units(outcome_lot);
    if (p.hedge_lot <= 0) p.hedge_lot = units(hedge_lot);
    strategy.emplace(p);
    return true;
  }

  // The decision on the current books and the positions held; none (and a halt) when the
  // strategy refuses its inputs.
  std::optional<ParityDecision> decide() {
    const Top& o = tops[kOutcomeVenue];
    const Top& h = tops[kHedgeVenue];
    ParityMarket m;
    if (o.bid > 0) m.yes_bid = usd(o.bid);
    if (o.ask > 0) m.yes_ask = usd(o.ask);
    m.spot = usd(h.bid + h.ask) / 2;
    m.strike = config.binary.strike;
    m.sigma = config.sigma;
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    m.tau_years = years_to_expiry(config.binary, now_s);
    m.outcome_position = units(stats.outcome_position);
    m.hedge_position = units(stats.hedge_position);
    ++stats.decisions;
    try {
      const ParityDecision d = strategy->decide(m);
      stats.last_fair = d.fair;
      stats.last_delta = d.delta;
      stats.last_target_hedge = d.target_hedge;
      spot = m.spot;
      return d;
    } catch (const std::invalid_argument& e) {
      halt(fmt::format("the parity decision refused its inputs: {}", e.what()));
      return std::nullopt;
    }
  }

  bool market_usable() const {
    const auto now = std::chrono::steady_clock::now();
    for (int i = 0; i < 2; ++i) {
      if (resyncing[i] || !venues[i]->ready() || now - book_at[i] > config.max_book_age) return false;
    }
    const Top& h = tops[kHedgeVenue];
    const Top& o = tops[kOutcomeVenue];
    return h.bid > 0 && h.ask > 0 && (o.bid > 0 || o.ask > 0);
  }

  void consider() {
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    if (now_s >= config.binary.expiry_s) {
      // The venue settles the outcome now; the payout is not a fill, so the positions this trader
      // keeps from its fills would no longer be the venue's.
      return halt(fmt::format("{} expired (holding {} contracts, {} {}); settlement is not followed by the trader",
                              config.outcome_coin, units(stats.outcome_position), units(stats.hedge_position),
                              config.hedge_coin));
    }
    if (!market_usable() || !ensure_strategy()) return;
    const auto d = decide();
    if (!d) return;
    if (d->outcome) {
      ++stats.opportunities;
      const bool buy = d->outcome->is_buy;
      const Price touch = buy ? tops[kOutcomeVenue].ask : tops[kOutcomeVenue].bid;
      const Size size = to_lots(d->outcome->quantity, outcome_lot);
      if (size <= 0) return;
      // The limit may go past the touch by the allowance (never more than half the edge above
      // min_edge), rounded on the tick grid toward the touch: an IOC fills at the resting prices,
      // so this only matters when the crowd re-quoted a tick away while the order travelled.
      const double edge = buy ? d->fair - usd(touch) : usd(touch) - d->fair;
      const double allowance = std::clamp((edge - config.parity.min_edge) / 2, 0.0, std::max(0.0, config.outcome_slippage));
      const auto raw = static_cast<Price>(std::llround((usd(touch) + (buy ? allowance : -allowance)) * kPriceScale));
      const Price rounded = venues[kOutcomeVenue]->marketable_price(config.outcome_coin, buy ? Side::kAsk : Side::kBid, raw);
      const Price price = buy ? std::max(touch, rounded) : (rounded > 0 ? std::min(touch, rounded) : touch);
      current = ParityTrade{};
      current.id = ++trade_counter;
      current.buy_yes = buy;
      current.book_price = touch;
      current.limit_price = price;
      current.fair = d->fair;
      current.delta = d->delta;
      current.requested = size;
      hedge_attempts = 0;
      spdlog::info("parity #{}: {} {} {} @ {} (limit {}, fair {:.4f}, edge {:.4f}, delta {:.6f} {}/contract)", current.id,
                   buy ? "buy" : "sell", units(size), config.outcome_coin, usd(touch), usd(price), d->fair, edge, d->delta,
                   config.hedge_coin);
      phase = Phase::kOutcome;
      ++stats.outcome_orders;
      send(kOutcomeVenue, buy ? Side::kBid : Side::kAsk, price, size);
      return;
    }
    if (d->hedge) {
      // No edge, but the hedge drifted from the position's delta past the threshold.
      current = ParityTrade{};
      current.id = ++trade_counter;
      current.fair = d->fair;
      current.delta = d->delta;
      hedge_attempts = 0;
      send_hedge(*d);
    }
  }

  void send_hedge(const ParityDecision& d) {
    const bool buy = d.hedge->is_buy;
    const Size size = to_lots(d.hedge->quantity, hedge_lot);
    if (size <= 0) return finish("hedged");
    const Top& h = tops[kHedgeVenue];
    const Price touch = buy ? h.ask : h.bid;
    const double through = config.hedge_through_bps * 1e-4 * static_cast<double>(touch);
    const auto raw = static_cast<Price>(buy ? static_cast<double>(touch) + through : static_cast<double>(touch) - through);
    const Price price = venues[kHedgeVenue]->marketable_price(config.hedge_coin, buy ? Side::kBid : Side::kAsk, raw);
    if (price <= 0) return halt(fmt::format("parity #{}: no valid hedge price on {}", current.id, venues[kHedgeVenue]->name()));
    ++hedge_attempts;
    ++current.hedge_orders;
    ++stats.hedge_orders;
    current.hedge_requested += buy ? size : -size;
    phase = Phase::kHedge;
    spdlog::info("parity #{}: hedge {} {} {} @ {} (target {:.6f}, held {:.6f})", current.id, buy ? "buy" : "sell",
                 units(size), config.hedge_coin, usd(price), d.target_hedge, units(stats.hedge_position));
    send(kHedgeVenue, buy ? Side::kBid : Side::kAsk, price, size);
  }

  void send(int venue, Side side, Price price, Size size) {
    orders.clear_step();  // one order in flight at a time
    const connectors::ClientOrderId id = orders.add(venue, side, size, current.id);
    const std::string& coin = venue == kOutcomeVenue ? config.outcome_coin : config.hedge_coin;
    loop.place_ioc(shared_from_this(), *venues[venue], coin, side, price, size, id);
  }

  void on_fill(int venue, const connectors::FillEvent& f) {
    const auto mine = orders.sent(f.client_id);
    if (!mine || mine->venue != venue) return;  // not the trader's order
    const double qty = units(f.size) * (f.side == Side::kBid ? 1 : -1);
    const double price = usd(f.price);
    const double fee = usd(f.fee);
    stats.cash_usd -= qty * price + fee;
    stats.fees_usd += fee;
    stats.realised_usd += basis[venue].trade(qty, price) - fee;
    const Size signed_size = f.side == Side::kBid ? f.size : -f.size;
    (venue == kOutcomeVenue ? stats.outcome_position : stats.hedge_position) += signed_size;
    TrackedOrder* o = orders.in_step(f.client_id);
    if (o == nullptr || !in_flight()) {
      // Positions follow every fill; the next decision's hedge takes this one into account.
      spdlog::error("parity: a fill of {} {} on {} arrived after its order was settled; position there is now {}",
                    f.side == Side::kBid ? "buy" : "sell", units(f.size), venues[venue]->name(),
                    units(venue == kOutcomeVenue ? stats.outcome_position : stats.hedge_position));
      return;
    }
    o->filled_by_fills += f.size;
    if (venue == kOutcomeVenue) {
      current.filled += f.size;
    } else {
      current.hedge_filled += signed_size;
    }
    check_settled();
  }

  void on_result(connectors::ClientOrderId id, const connectors::OrderResult& r) {
    TrackedOrder* o = orders.in_step(id);
    if (o == nullptr) return;
    o->result = r;
    const auto level = r.outcome == OrderOutcome::kFilled ? spdlog::level::info : spdlog::level::warn;
    spdlog::log(level, "parity #{}: {} {}: {} {} of {} in {} us{}{}", current.id,
                o->venue == kOutcomeVenue ? "outcome" : "hedge", o->side == Side::kBid ? "buy" : "sell",
                connectors::order_outcome_name(r.outcome), units(r.filled), units(o->requested), r.latency_us,
                r.reason.empty() ? "" : ": ", r.reason);
    settle_timer.arm(shared_from_this(), config.settle_timeout);
    check_settled();
  }

  void on_settle_timeout() { check_settled(true); }

  void check_settled(bool timed_out = false) {
    if (!in_flight()) return;
    const bool all = orders.settle(timed_out, [this](const TrackedOrder& o) {
      spdlog::error("parity #{}: {} reported {} filled but only {} arrived as fills; positions follow the fills",
                    current.id, venues[o.venue]->name(), units(o.result->filled), units(o.filled_by_fills));
    });
    if (!all) return;
    settle_timer.disarm();
    const TrackedOrder o = orders.step().begin()->second;  // a copy: the next order clears the step
    if (phase == Phase::kOutcome) return on_outcome_settled(o);
    on_hedge_settled(o);
  }

  void on_outcome_settled(const TrackedOrder& o) {
    if (o.filled_by_fills > 0) ++stats.outcome_filled;
    if (o.result && o.result->outcome == OrderOutcome::kRejected && o.filled_by_fills == 0) {
      return halt(fmt::format("parity #{}: the outcome order was refused: {}", current.id, o.result->reason));
    }
    if (o.filled_by_fills == 0) return finish("no match");
    rehedge();
  }

  void on_hedge_settled(const TrackedOrder& o) {
    if (o.filled_by_fills > 0) ++stats.hedge_filled;
    rehedge();
  }

  // The hedge the position now held calls for; done when none is needed.
  void rehedge() {
    const auto d = decide();
    if (!d) return;
    if (!d->hedge) return finish("hedged");
    if (hedge_attempts >= config.max_hedge_attempts) {
      return halt(fmt::format("parity #{}: hedge still {:.6f} {} from its target {:.6f} after {} orders", current.id,
                              d->target_hedge - units(stats.hedge_position), config.hedge_coin, d->target_hedge,
                              hedge_attempts));
    }
    if (!market_usable()) {
      return halt(fmt::format("parity #{}: no usable {} book to hedge on", current.id, config.hedge_coin));
    }
    send_hedge(*d);
  }

  void finish(std::string outcome) {
    current.outcome = std::move(outcome);
    if (current.requested > 0 || current.hedge_orders > 0) {
      spdlog::info("parity #{}: {}: {} {} filled of {}, hedge {} {} (positions {} contracts, {} {}; realised {:.4f} USD)",
                   current.id, current.outcome, units(current.filled), config.outcome_coin, units(current.requested),
                   units(current.hedge_filled), config.hedge_coin, units(stats.outcome_position),
                   units(stats.hedge_position), config.hedge_coin, stats.realised_usd);
      record();
    }
    enter_cooldown();
  }

  void record() {
    stats.trades.push_back(current);
    if (stats.trades.size() > kMaxTrades) stats.trades.erase(stats.trades.begin());
  }

  void halt(std::string why) {
    spdlog::error("{}; the parity trader stops", why);
    current.outcome = "halted: " + why;
    record();
    stats.halted = true;
    stats.halt_reason = std::move(why);
    phase = Phase::kHalted;
  }

  void enter_cooldown() {
    phase = Phase::kCooldown;
    cooldown_timer.expires_after(config.cooldown);
    cooldown_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      const auto self = weak.lock();
      if (ec || !self || self->phase != Phase::kCooldown) return;
      self->phase = Phase::kIdle;
    });
  }

  bool in_flight() const { return phase == Phase::kOutcome || phase == Phase::kHedge; }

  ParityStats snapshot() const {
    ParityStats s = stats;
    s.marked_usd = s.cash_usd + units(s.outcome_position) * s.last_fair + units(s.hedge_position) * spot;
    return s;
  }

  ParityTraderConfig config;
  connectors::Connector* venues[2];
  StrategyLoop loop;
  SettleTimer settle_timer;
  asio::steady_timer cooldown_timer;
  std::optional<ParityStrategy> strategy;
  Size outcome_lot = 0;
  Size hedge_lot = 0;
  Top tops[2];
  std::chrono::steady_clock::time_point book_at[2]{};
  bool resyncing[2] = {false, false};
  double spot = 0;
  Phase phase = Phase::kIdle;
  bool stopping = false;
  IocOrders orders;  // the order in flight, and every one sent (late fills)
  CostBasis basis[2];
  ParityTrade current;
  std::uint64_t trade_counter = 0;
  int hedge_attempts = 0;
  ParityStats stats;
};

ParityTrader::ParityTrader(ParityTraderConfig config, connectors::Connector& outcome_venue,
                           connectors::Connector& hedge_venue)
    : impl_(std::make_shared<Impl>(std::move(config), outcome_venue, hedge_venue)) {
  impl_->attach();
}

ParityTrader::~ParityTrader() { stop(); }

void ParityTrader::start() { impl_->loop.start(); }

void ParityTrader::stop(std::chrono::milliseconds timeout) {
  impl_->loop.stop(
      timeout,
      [impl = impl_.get()] {
        impl->stopping = true;
        return impl->in_flight();
      },
      [impl = impl_.get()] {
        impl->settle_timer.disarm();
        impl->cooldown_timer.cancel();
      });
}

ParityStats ParityTrader::stats() const {
  return impl_->loop.read([impl = impl_.get()] { return impl->snapshot(); });
}

}  // namespace hlmm::strategies
