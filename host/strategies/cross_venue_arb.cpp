#include "strategies/cross_venue_arb.hpp"

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

#include "hlmm/records.hpp"
#include "risk/risk_gate.hpp"
#include "strategies/ioc_execution.hpp"

namespace hlmm::strategies {

namespace asio = boost::asio;
using connectors::OrderOutcome;

std::string_view size_bound_name(SizeBound b) {
  switch (b) {
    case SizeBound::kNone: return "none";
    case SizeBound::kBuyDepth: return "buy-side depth";
    case SizeBound::kSellDepth: return "sell-side depth";
    case SizeBound::kMaxNotional: return "max notional";
    case SizeBound::kKelly: return "kelly stake";
  }
  return "none";
}

namespace {

// Fee and edge arithmetic is in double bps; an edge that lands on the threshold exactly must pass
// although the sum of rates may carry a rounding error in the last bit.
constexpr double kBpsTolerance = 1e-9;

ArbDecision one_direction(const VenueTop& buy, const connectors::FeeSchedule& buy_fees, const VenueTop& sell,
                          const connectors::FeeSchedule& sell_fees, Size lot, const ArbParams& p) {
  ArbDecision d;
  if (buy.ask <= 0 || sell.bid <= 0 || buy.ask_size <= 0 || sell.bid_size <= 0) {
    d.why_not = "a side of a book is empty";
    return d;
  }
  d.buy_price = buy.ask;
  d.sell_price = sell.bid;
  d.gross_bps = static_cast<double>(sell.bid - buy.ask) * 1e4 / static_cast<double>(buy.ask);
  const double cost_bps = buy_fees.taker_bps + sell_fees.taker_bps + p.transfer_cost_bps;
  d.net_bps = d.gross_bps - cost_bps;
  if (d.net_bps + kBpsTolerance < p.min_edge_bps) {
    d.why_not = "net edge below the minimum";
    return d;
  }
  if (lot <= 0) {
    d.why_not = "no lot size";
    return d;
  }
  const double price = risk::to_price(buy.ask);
  Size size = buy.ask_size;
  d.bound = SizeBound::kBuyDepth;
  if (sell.bid_size < size) {
    size = sell.bid_size;
    d.bound = SizeBound::kSellDepth;
  }
  const auto notional_cap = static_cast<Size>(std::floor(p.max_notional_usd / price * static_cast<double>(kSizeScale)));
  if (notional_cap < size) {
    size = notional_cap;
    d.bound = SizeBound::kMaxNotional;
  }
  KellyLimits k = p.kelly;
  k.lot = static_cast<double>(lot) / static_cast<double>(kSizeScale);
  double kelly_coins = 0;
  try {
    kelly_coins = kelly_quantity(kelly_arbitrage(d.gross_bps * 1e-4, cost_bps * 1e-4, p.edge_variance), p.capital_usd,
                                 price, k);
  } catch (const std::invalid_argument& e) {
    d.why_not = std::string("kelly: ") + e.what();
    return d;
  }
  // Kelly's quantity is already on the lot grid; the half-lot slack absorbs the double's rounding.
  const auto kelly_size = static_cast<Size>(std::floor(kelly_coins * static_cast<double>(kSizeScale) + 0.5));
  if (kelly_size < size) {
    size = kelly_size;
    d.bound = SizeBound::kKelly;
  }
  d.size = size / lot * lot;
  if (d.size <= 0) {
    d.why_not = std::string("size below one lot (bound: ") + std::string(size_bound_name(d.bound)) + ")";
    return d;
  }
  d.slippage_bps = std::clamp((d.net_bps - p.min_edge_bps) / 2, 0.0, std::max(0.0, p.max_slippage_bps));
  d.buy_limit = static_cast<Price>(std::floor(static_cast<double>(buy.ask) * (1 + d.slippage_bps * 1e-4)));
  d.sell_limit = static_cast<Price>(std::ceil(static_cast<double>(sell.bid) * (1 - d.slippage_bps * 1e-4)));
  d.trade = true;
  return d;
}

}  // namespace

ArbDecision decide_arb(const VenueTop& v0, const connectors::FeeSchedule& f0, const VenueTop& v1,
                       const connectors::FeeSchedule& f1, Size lot, const ArbParams& params) {
  ArbDecision a = one_direction(v0, f0, v1, f1, lot, params);
  a.buy_venue = 0;
  ArbDecision b = one_direction(v1, f1, v0, f0, lot, params);
  b.buy_venue = 1;
  if (a.trade && b.trade) return a.net_bps >= b.net_bps ? a : b;  // only on crossed books
  if (a.trade) return a;
  if (b.trade) return b;
  return a.net_bps >= b.net_bps ? a : b;  // the closer miss, for the log
}

// ---- the execution state machine --------------------------------------------------------------

namespace {

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

constexpr std::uint8_t kSlot = 0;  // the gate sees the instrument once: both venues' positions add up
constexpr std::size_t kMaxRecords = 100;

constexpr std::uint8_t kLeg = 0, kUnwind = 1;  // TrackedOrder::role

}  // namespace

struct CrossVenueArb::Impl : std::enable_shared_from_this<CrossVenueArb::Impl> {
  enum class Phase : std::uint8_t { kIdle, kLegs, kUnwinding, kCooldown, kHalted };

  Impl(CrossVenueArbConfig c, connectors::Connector& v0, connectors::Connector& v1)
      : config(std::move(c)), venues{&v0, &v1}, settle_timer(loop.io()), cooldown_timer(loop.io()), sample_timer(loop.io()) {
    if (config.risk && config.risk->capital_usd <= 0) config.risk->capital_usd = config.params.capital_usd;
  }

  void attach() { loop.attach(shared_from_this(), *venues[0], *venues[1]); }

  void ensure_gate() {
    if (gate || !config.risk) return;
    // The venues' lots are known once their meta is in; until then the gate floors nothing.
    const Size lot = std::max(venues[0]->lot(config.coin), venues[1]->lot(config.coin));
    gate = std::make_unique<risk::RiskGate>(*config.risk,
                                            std::vector<risk::AssetRisk>{risk::AssetRisk{kSlot, config.coin, lot > 0 ? lot : 1, 0}});
    gate->set_capital(config.risk->capital_usd, now_ns());
  }

  void schedule_sample() {
    sample_timer.expires_after(std::chrono::seconds(1));
    sample_timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      const auto self = weak.lock();
      if (ec || !self || self->stopping) return;
      if (self->gate) self->gate->sample(now_ns());
      self->schedule_sample();
    });
  }

  // ---- events -------------------------------------------------------------------------------------
  void on_event(int venue, const connectors::VenueEvent& e) {
    if (const auto* b = std::get_if<connectors::BookEvent>(&e)) return on_book(venue, *b);
    if (const auto* f = std::get_if<connectors::FillEvent>(&e)) return on_fill(venue, *f);
    if (std::holds_alternative<connectors::ResyncingEvent>(e)) {
      resyncing[venue] = true;
      tops[venue] = {};
      if (gate) gate->set_connected(false);
      spdlog::warn("arb: {} resyncing; no new arbitrage until it is back", venues[venue]->name());
      return;
    }
    if (std::holds_alternative<connectors::ResyncedEvent>(e)) {
      resyncing[venue] = false;
      if (gate && !resyncing[0] && !resyncing[1]) gate->set_connected(true);
      return;
    }
  }

  void on_book(int venue, const connectors::BookEvent& b) {
    if (b.coin != config.coin) return;
    VenueTop& t = tops[venue];
    t = {};
    if (!b.bids.empty()) t = VenueTop{b.bids[0].price, b.bids[0].size, 0, 0};
    if (!b.asks.empty()) {
      t.ask = b.asks[0].price;
      t.ask_size = b.asks[0].size;
    }
    book_at[venue] = std::chrono::steady_clock::now();
    ensure_gate();
    if (gate && tops[0].bid > 0 && tops[0].ask > 0 && tops[1].bid > 0 && tops[1].ask > 0) {
      const Price mid = (tops[0].bid + tops[0].ask + tops[1].bid + tops[1].ask) / 4;
      gate->on_mark(kSlot, mid, now_ns());
    }
    if (phase == Phase::kIdle && !stopping) consider();
  }

  void consider() {
    const auto now = std::chrono::steady_clock::now();
    for (int i = 0; i < 2; ++i) {
      if (resyncing[i] || !venues[i]->ready() || now - book_at[i] > config.max_book_age) return;
    }
    const Size lot = std::max(venues[0]->lot(config.coin), venues[1]->lot(config.coin));
    const ArbDecision d = decide_arb(tops[0], venues[0]->fees(), tops[1], venues[1]->fees(), lot, config.params);
    if (!d.trade) {
      if (d.net_bps + 1e-9 >= config.params.min_edge_bps && d.why_not != last_skip) {
        spdlog::info("arb: edge {:.2f} bps but no trade: {}", d.net_bps, d.why_not);
      }
      last_skip = d.why_not;
      return;
    }
    last_skip.clear();
    ++stats.opportunities;
    // The limits on the venues' tick grids, rounded toward the touch (a buy down, a sell up) so the
    // allowance is never exceeded, and never inside the touch.
    const int sell_venue = 1 - d.buy_venue;
    const Price buy_limit =
        std::max(d.buy_price, venues[d.buy_venue]->marketable_price(config.coin, Side::kAsk, d.buy_limit));
    const Price sell_limit =
        std::min(d.sell_price, venues[sell_venue]->marketable_price(config.coin, Side::kBid, d.sell_limit));
    // Both legs through the strategy's own gate, when it keeps one (else the connectors' gate
    // checks each leg as it is sent); the smaller allowance sizes both.
    Size size = d.size;
    for (const auto& [side, price] : {std::pair{Side::kBid, buy_limit}, std::pair{Side::kAsk, sell_limit}}) {
      if (!gate) break;
      const risk::Decision r = gate->check_taker(kSlot, side, price, size, now_ns());
      if (r.kind == risk::DecisionKind::kReject) {
        ++stats.risk_rejects;
        spdlog::warn("arb: {:.2f} bps opportunity refused by the risk gate ({} {})", d.net_bps,
                     risk::decision_name(r.kind), risk::rule_name(r.rule));
        return enter_cooldown();
      }
      if (r.kind == risk::DecisionKind::kResize) size = std::min(size, r.size);
    }
    size = size / lot * lot;
    if (size <= 0) return;
    ArbRecord rec;
    rec.id = ++arb_counter;
    rec.buy_venue = d.buy_venue;
    rec.size = size;
    rec.buy_price = buy_limit;
    rec.sell_price = sell_limit;
    rec.expected_net_bps = d.net_bps;
    current = rec;
    orders.clear_step();
    ++stats.arbs;
    phase = Phase::kLegs;
    spdlog::info("arb #{}: buy {} {} on {} @ {} (limit {}), sell on {} @ {} (limit {}): gross {:.2f} bps, net {:.2f} bps "
                 "(size bound: {})",
                 rec.id, risk::to_coins(size), config.coin, venues[d.buy_venue]->name(), risk::to_price(d.buy_price),
                 risk::to_price(buy_limit), venues[sell_venue]->name(), risk::to_price(d.sell_price),
                 risk::to_price(sell_limit), d.gross_bps, d.net_bps, size_bound_name(d.bound));
    send(d.buy_venue, Side::kBid, buy_limit, size, kLeg);
    send(sell_venue, Side::kAsk, sell_limit, size, kLeg);
  }

  void send(int venue, Side side, Price price, Size size, std::uint8_t role) {
    const connectors::ClientOrderId id = orders.add(venue, side, size, current.id, role);
    loop.place_ioc(shared_from_this(), *venues[venue], config.coin, side, price, size, id);
  }

  void on_fill(int venue, const connectors::FillEvent& f) {
    const auto mine = orders.sent(f.client_id);
    if (!mine || mine->venue != venue) return;  // not the strategy's order
    const double notional = risk::to_price(f.price) * risk::to_coins(f.size);
    const double fee = risk::to_usd(f.fee);
    const double cash = (f.side == Side::kBid ? -notional : notional) - fee;
    // Positions and the gate follow every fill of ours, also one that arrives after its arbitrage
    // was settled (an unknown answer whose fill came late).
    stats.realised_usd += cash;
    stats.fees_usd += fee;
    stats.position[venue] += f.side == Side::kBid ? f.size : -f.size;
    if (gate) gate->on_fill(kSlot, f.side, f.price, f.size, f.fee, now_ns());
    TrackedOrder* o = orders.in_step(f.client_id);
    if (o == nullptr || mine->step != current.id || !in_flight()) {
      spdlog::error("arb #{}: a fill of {} {} on {} arrived after the arbitrage was settled; position there is now {}",
                    mine->step, f.side == Side::kBid ? "buy" : "sell", risk::to_coins(f.size), venues[venue]->name(),
                    risk::to_coins(stats.position[venue]));
      return;
    }
    o->filled_by_fills += f.size;
    current.realised_usd += cash;
    current.fees_usd += fee;
    (f.side == Side::kBid ? current.bought : current.sold) += f.size;
    check_settled();
  }

  void on_result(connectors::ClientOrderId id, const connectors::OrderResult& r) {
    TrackedOrder* o = orders.in_step(id);
    if (o == nullptr) return;
    o->result = r;
    if (r.outcome == OrderOutcome::kRejected && r.reason.starts_with("risk gate:")) ++stats.risk_rejects;
    const auto log = r.outcome == OrderOutcome::kFilled ? spdlog::level::info : spdlog::level::warn;
    spdlog::log(log, "arb #{}: {} {} on {}: {} {} of {} in {} us{}{}", current.id, o->role == kUnwind ? "unwind" : "leg",
                o->side == Side::kBid ? "buy" : "sell", venues[o->venue]->name(), connectors::order_outcome_name(r.outcome),
                risk::to_coins(r.filled), risk::to_coins(o->requested), r.latency_us, r.reason.empty() ? "" : ": ", r.reason);
    settle_timer.arm(shared_from_this(), config.settle_timeout);
    check_settled();
  }

  void on_settle_timeout() { check_settled(true); }

  void check_settled(bool timed_out = false) {
    if (!in_flight()) return;
    const bool all = orders.settle(timed_out, [this](const TrackedOrder& o) {
      spdlog::error("arb #{}: {} reported {} filled but only {} arrived as fills; positions follow the fills", current.id,
                    venues[o.venue]->name(), risk::to_coins(o.result->filled), risk::to_coins(o.filled_by_fills));
    });
    if (all) on_all_settled();
  }

  void on_all_settled() {
    settle_timer.disarm();
    if (phase == Phase::kLegs) {
      for (const auto& [id, o] : orders.step()) {
        if (o.role == kLeg && o.filled_by_fills > 0) ++stats.legs_filled;
      }
    }
    // The excess: what was bought minus what was sold over this arbitrage, per venue.
    Size net[2] = {0, 0};
    for (const auto& [id, o] : orders.step()) net[o.venue] += o.side == Side::kBid ? o.filled_by_fills : -o.filled_by_fills;
    const Size excess = net[0] + net[1];
    if (excess == 0) return finish(phase == Phase::kLegs ? (net[0] == 0 ? "nothing filled" : "both legs filled") : "unwound");
    if (phase == Phase::kLegs) {
      ++stats.one_leg_failures;
      spdlog::warn("arb #{}: legs filled unequally (bought {}, sold {}): unwinding {}", current.id,
                   risk::to_coins(current.bought), risk::to_coins(current.sold), risk::to_coins(excess));
    }
    if (current.unwinds >= config.max_unwind_attempts) {
      return halt(fmt::format("arb #{}: {} {} left unhedged after {} unwind attempts", current.id, risk::to_coins(excess),
                              config.coin, current.unwinds));
    }
    // Unwind where the excess sits: the venue whose own net this arbitrage moved in the excess's direction.
    const int venue = (excess > 0 ? net[0] >= net[1] : net[0] <= net[1]) ? 0 : 1;
    const Side side = excess > 0 ? Side::kAsk : Side::kBid;
    const VenueTop& t = tops[venue];
    const Price touch = side == Side::kAsk ? (t.bid > 0 ? t.bid : current.sell_price) : (t.ask > 0 ? t.ask : current.buy_price);
    const double through = config.unwind_through_bps * 1e-4 * static_cast<double>(touch);
    const auto raw = static_cast<Price>(side == Side::kAsk ? static_cast<double>(touch) - through : static_cast<double>(touch) + through);
    const Price price = venues[venue]->marketable_price(config.coin, side, raw);
    const Size size = excess > 0 ? excess : -excess;
    if (price <= 0) return halt(fmt::format("arb #{}: no valid unwind price on {}", current.id, venues[venue]->name()));
    // The unwind only reduces exposure, which every gate lets through (RiskGate::check_taker); it
    // is checked so that it is counted, and sent even if refused: leaving the leg open is the larger risk.
    if (gate) {
      const risk::Decision r = gate->check_taker(kSlot, side, price, size, now_ns());
      if (r.kind != risk::DecisionKind::kPass) {
        spdlog::warn("arb #{}: the gate says {} ({}) to the unwind; sent anyway, it reduces exposure", current.id,
                     risk::decision_name(r.kind), risk::rule_name(r.rule));
      }
    }
    ++current.unwinds;
    ++stats.unwinds;
    phase = Phase::kUnwinding;
    spdlog::warn("arb #{}: unwind {} {} {} on {} @ {}", current.id, side == Side::kBid ? "buy" : "sell", risk::to_coins(size),
                 config.coin, venues[venue]->name(), risk::to_price(price));
    send(venue, side, price, size, kUnwind);
  }

  void finish(std::string outcome) {
    current.outcome = std::move(outcome);
    if (current.outcome == "both legs filled") ++stats.completed;
    spdlog::info("arb #{}: {}: bought {}, sold {}, realised {:.4f} USD after {:.4f} USD fees (expected {:.2f} bps)",
                 current.id, current.outcome, risk::to_coins(current.bought), risk::to_coins(current.sold),
                 current.realised_usd, current.fees_usd, current.expected_net_bps);
    record();
    enter_cooldown();
  }

  void record() {
    stats.records.push_back(current);
    if (stats.records.size() > kMaxRecords) stats.records.erase(stats.records.begin());
  }

  void halt(std::string why) {
    spdlog::error("{}; the arbitrage strategy stops", why);
    current.outcome = "halted: " + why;
    record();
    stats.halted = true;
    stats.halt_reason = why;
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

  bool in_flight() const { return phase == Phase::kLegs || phase == Phase::kUnwinding; }

  CrossVenueArbConfig config;
  connectors::Connector* venues[2];
  StrategyLoop loop;
  SettleTimer settle_timer;
  asio::steady_timer cooldown_timer, sample_timer;
  std::unique_ptr<risk::RiskGate> gate;
  VenueTop tops[2];
  std::chrono::steady_clock::time_point book_at[2]{};
  bool resyncing[2] = {false, false};
  Phase phase = Phase::kIdle;
  bool stopping = false;
  IocOrders orders;  // the current arbitrage's, and every one sent (step: the arbitrage's id)
  ArbRecord current;
  std::uint64_t arb_counter = 0;
  std::string last_skip;
  ArbStats stats;
};

CrossVenueArb::CrossVenueArb(CrossVenueArbConfig config, connectors::Connector& venue0, connectors::Connector& venue1)
    : impl_(std::make_shared<Impl>(std::move(config), venue0, venue1)) {
  impl_->attach();
}

CrossVenueArb::~CrossVenueArb() {
  stop();
  // The connectors may outlive us: their handlers hold only a weak reference, which is now dead.
}

void CrossVenueArb::start() {
  impl_->loop.start([impl = impl_] { impl->schedule_sample(); });
}

void CrossVenueArb::stop(std::chrono::milliseconds timeout) {
  impl_->loop.stop(
      timeout,
      [impl = impl_.get()] {
        impl->stopping = true;
        return impl->in_flight();
      },
      [impl = impl_.get()] {
        impl->settle_timer.disarm();
        impl->cooldown_timer.cancel();
        impl->sample_timer.cancel();
      });
}

ArbStats CrossVenueArb::stats() const {
  return impl_->loop.read([impl = impl_.get()] { return impl->stats; });
}

}  // namespace hlmm::strategies
