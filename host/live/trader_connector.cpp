#include "live/trader_connector.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <set>
#include <spdlog/spdlog.h>
#include <unordered_map>

#include "connectors/hyperliquid_events.hpp"
#include "hlmm/arith.hpp"

namespace hlmm::live {

namespace {

using namespace connectors;

std::uint64_t steady_us() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

Price marketable(Side side, Price price, int min_exp) {
  return side == Side::kBid ? arith::round_up_price(price, min_exp) : arith::round_down_price(price, min_exp);
}

std::string gate_refusal(const risk::Decision& d) {
  return fmt::format("risk gate: {} by {} (value {:.6g}, limit {:.6g})", risk::decision_name(d.kind),
                     risk::rule_name(d.rule), d.value, d.limit);
}

// What both connectors guard: the handler, and whether stop() has run. A delivery holds the lock
// while the handler runs, so once stop() has taken it no handler is running or will run.
class HandlerGuard {
 public:
  void set(EventHandler h) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(h);
  }
  void deliver(const VenueEvent& e) {
    std::lock_guard lock(mutex_);
    if (!stopped_ && handler_) handler_(e);
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  bool stopped() {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

 private:
  std::mutex mutex_;
  EventHandler handler_;
  bool stopped_ = false;
};

OrderResult stopped_result(ClientOrderId id, Size size) {
  OrderResult r;
  r.client_id = id;
  r.requested = size;
  r.outcome = OrderOutcome::kRejected;
  r.reason = "the market maker has stopped";
  return r;
}

// ---- the trader's venue ----------------------------------------------------------------------

class TraderSink final : public StrategySink {
 public:
  TraderSink(std::shared_ptr<StrategyPort> port, std::string name) : port_(std::move(port)), name_(std::move(name)) {}

  HandlerGuard guard;
  const std::string& name() const { return name_; }
  std::shared_ptr<StrategyPort>& port() { return port_; }

  // ---- from any thread ----
  bool ready() const { return ready_.load(); }
  std::optional<PortAsset> rules(std::string_view coin) const {
    std::lock_guard lock(rules_mutex_);
    const auto it = rules_.find(coin);
    if (it == rules_.end()) return std::nullopt;
    return it->second;
  }

  // ---- on the trader's thread ----
  void place(const std::string& coin, Side side, Price price, Size size, ClientOrderId id, OrderCallback done) {
    OrderResult result;
    result.client_id = id;
    result.requested = size;
    auto refuse = [&](std::string why) {
      result.outcome = OrderOutcome::kRejected;
      result.reason = std::move(why);
      spdlog::warn("{}: IOC {} refused before sending: {}", name_, id, result.reason);
      done(result);
    };
    if (guard.stopped()) return refuse("stopped");
    if (!port_->port_ready()) return refuse("the market maker is not ready");
    const auto a = port_->port_asset(coin);
    if (!a) return refuse("unknown coin " + coin + " (not traded by the market maker)");
    if (size <= 0 || size % a->lot != 0) return refuse("size " + std::to_string(size) + " is not a positive multiple of the lot");
    if (price <= 0 || arith::round_down_price(price, a->min_tick_exp) != price) {
      return refuse("price " + std::to_string(price) + " is not on the tick grid");
    }
    const TakerTicket t = port_->send_taker(*this, a->slot, side, price, size);
    if (!t.refusal.empty()) return refuse(t.refusal);
    Pending p{id, size, steady_us(), std::move(done), {}};
    if (t.gate.kind == risk::DecisionKind::kResize) p.note = gate_refusal(t.gate) + ": sent " + std::to_string(t.size);
    pending_.emplace(t.request_id, std::move(p));
    remember(t.cloid, id);
  }

  void on_answer(std::uint64_t request_id, const hl::OrderStatus* status, std::string_view error) override {
    const auto it = pending_.find(request_id);
    if (it == pending_.end()) return;
    Pending p = std::move(it->second);
    pending_.erase(it);
    OrderResult result;
    result.client_id = p.client_id;
    result.requested = p.requested;
    result.latency_us = steady_us() - p.t0_us;
    if (status == nullptr) {
      // It may have executed: its fills will come. (HyperliquidConnector asks orderStatus here;
      // on the trader's WebSocket only a dropped link or a post timeout gets here.)
      result.outcome = OrderOutcome::kUnknown;
      result.reason = std::string(error);
    } else {
      read_order_status(*status, hl::Tif::kIoc, result);
    }
    if (!p.note.empty()) result.reason = result.reason.empty() ? p.note : p.note + "; " + result.reason;
    p.done(result);
  }

  void on_book(const BookEvent& b) override {
    if (!rules(b.coin)) {
      if (const auto a = port_->port_asset(b.coin)) {
        std::lock_guard lock(rules_mutex_);
        rules_.emplace(b.coin, *a);
      }
    }
    booked_.insert(b.coin);
    if (!resyncing_ && booked_.size() >= port_->port_coin_count()) ready_ = true;
    guard.deliver(b);
  }
  void on_trade(const TradeEvent& t) override { guard.deliver(t); }
  void on_fill(const hl::UserFill& f) override {
    const ClientOrderId id = mine(f.cloid);
    if (id != 0) guard.deliver(fill_event_of(f, id));
  }
  void on_order_update(const hl::OrderUpdate& u) override {
    const ClientOrderId id = mine(u.cloid);
    if (id != 0) guard.deliver(update_event_of(u, id));
  }
  void on_resyncing(std::string_view why) override {
    resyncing_ = true;
    ready_ = false;
    guard.deliver(ResyncingEvent{std::string(why)});
  }
  void on_resynced(std::uint64_t gap_ms) override {
    resyncing_ = false;
    ready_ = booked_.size() >= port_->port_coin_count();
    guard.deliver(ResyncedEvent{gap_ms});
  }


 private:
  struct Pending {
    ClientOrderId client_id;
    Size requested;
    std::uint64_t t0_us;
    OrderCallback done;
    std::string note;
  };
  // Fills and updates of an order can come long after its answer: the last few thousand cloids are
  // remembered (a strategy's IOCs are a handful per minute).
  static constexpr std::size_t kRemembered = 4096;
  void remember(const hl::Cloid& c, ClientOrderId id) {
    ids_.emplace(c.bytes, id);
    order_.push_back(c);
    if (order_.size() > kRemembered) {
      ids_.erase(order_.front().bytes);
      order_.pop_front();
    }
  }
  ClientOrderId mine(const std::optional<hl::Cloid>& c) const {
    if (!c) return 0;
    const auto it = ids_.find(c->bytes);
    return it == ids_.end() ? 0 : it->second;
  }

  std::shared_ptr<StrategyPort> port_;
  std::string name_;
  std::atomic<bool> ready_{false};
  mutable std::mutex rules_mutex_;
  std::map<std::string, PortAsset, std::less<>> rules_;
  // Trader's thread only.
  std::unordered_map<std::uint64_t, Pending> pending_;
  std::map<std::array<std::uint8_t, 16>, ClientOrderId> ids_;
  std::deque<hl::Cloid> order_;
  std::set<std::string> booked_;
  bool resyncing_ = false;
};

class TraderConnector final : public Connector {
 public:
  TraderConnector(std::shared_ptr<StrategyPort> port, std::string name)
      : sink_(std::make_shared<TraderSink>(std::move(port), std::move(name))) {}
  ~TraderConnector() override { stop(); }

  void set_event_handler(EventHandler handler) override { sink_->guard.set(std::move(handler)); }
  void start() override {
    if (started_) return;
    started_ = true;
    sink_->port()->post([sink = sink_] { sink->port()->attach(sink); });
  }
  void stop() override {
    if (!started_ || stopped_) return;
    stopped_ = true;
    sink_->guard.stop();
    sink_->port()->post([sink = sink_] { sink->port()->detach(sink.get()); });
  }
  bool ready() const override { return sink_->ready(); }
  std::string_view name() const override { return sink_->name(); }
  FeeSchedule fees() const override { return sink_->port()->port_fees(); }
  Size lot(std::string_view coin) const override {
    const auto r = sink_->rules(coin);
    return r ? r->lot : 0;
  }
  Price marketable_price(std::string_view coin, Side side, Price price) const override {
    const auto r = sink_->rules(coin);
    if (!r || price <= 0) return 0;
    return marketable(side, price, r->min_tick_exp);
  }
  void place_ioc(std::string_view coin, Side side, Price price, Size size, ClientOrderId client_id,
                 OrderCallback done) override {
    auto answer = std::make_shared<OrderCallback>(std::move(done));
    const bool posted = sink_->port()->post([sink = sink_, coin = std::string(coin), side, price, size, client_id, answer] {
      sink->place(coin, side, price, size, client_id, std::move(*answer));
    });
    if (!posted) (*answer)(stopped_result(client_id, size));
  }
  void place_limit(std::string_view, Side, Price, Size size, TimeInForce, ClientOrderId client_id,
                   OrderCallback done) override {
    // Answered here, on the caller's thread: the market maker's resting orders are its quotes.
    OrderResult r;
    r.client_id = client_id;
    r.requested = size;
    r.outcome = OrderOutcome::kRejected;
    r.reason = "resting orders on the market maker's venue are the pipeline's quotes; strategies send IOCs";
    done(r);
  }
  void cancel(std::string_view, ClientOrderId client_id, CancelCallback done) override {
    // Answered here, on the caller's thread: there is nothing to ask the trader.
    done(CancelResult{client_id, false, "an IOC never rests on the market maker's venue: nothing to cancel"});
  }

  std::shared_ptr<TraderSink> sink() const { return sink_; }

 private:
  std::shared_ptr<TraderSink> sink_;
  bool started_ = false;
  bool stopped_ = false;
};

// ---- another venue, gated by the trader --------------------------------------------------------

class GatedConnector final : public Connector {
 public:
  GatedConnector(std::shared_ptr<StrategyPort> port, Connector& inner)
      : shared_(std::make_shared<Shared>(std::move(port))), inner_(inner) {
    inner_.set_event_handler([s = shared_](const VenueEvent& e) {
      // Every fill the venue reports for the account counts in the gate, ours or not: the gate
      // holds the account's exposure. A fill of an order the gate holds is in the position now,
      // no longer in flight.
      if (const auto* f = std::get_if<FillEvent>(&e)) {
        s->port->post([s, coin = f->coin, side = f->side, price = f->price, size = f->size, fee = f->fee, id = f->client_id] {
          s->port->external_fill(coin, side, price, size, fee);
          s->release(id, size);
        });
      } else if (const auto* u = std::get_if<OrderUpdateEvent>(&e)) {
        if (u->status == OrderStatus::kCancelled || u->status == OrderStatus::kRejected) {
          s->port->post([s, id = u->client_id, remaining = u->remaining] { s->done(id, remaining); });
        } else if (u->status == OrderStatus::kFilled) {
          s->port->post([s, id = u->client_id] { s->done(id, 0); });
        }
      } else if (const auto* b = std::get_if<BookEvent>(&e); b != nullptr && !b->bids.empty() && !b->asks.empty()) {
        s->port->post([s, coin = b->coin, mid = (b->bids.front().price + b->asks.front().price) / 2] {
          s->port->external_mark(coin, mid);
        });
      }
      s->guard.deliver(e);
    });
  }
  ~GatedConnector() override { stop(); }

  void set_event_handler(EventHandler handler) override { shared_->guard.set(std::move(handler)); }
  void start() override { inner_.start(); }
  void stop() override {
    shared_->guard.stop();
    inner_.stop();
  }
  bool ready() const override { return inner_.ready(); }
  std::string_view name() const override { return inner_.name(); }
  FeeSchedule fees() const override { return inner_.fees(); }
  Size lot(std::string_view coin) const override { return inner_.lot(coin); }
  Price marketable_price(std::string_view coin, Side side, Price price) const override {
    return inner_.marketable_price(coin, side, price);
  }
  void place_ioc(std::string_view coin, Side side, Price price, Size size, ClientOrderId client_id,
                 OrderCallback done) override {
    gated(coin, side, price, size, client_id, std::move(done), [](Connector& c, const std::string& coin, Side side,
                                                                  Price price, Size size, ClientOrderId id, OrderCallback cb) {
      c.place_ioc(coin, side, price, size, id, std::move(cb));
    });
  }
  void place_limit(std::string_view coin, Side side, Price price, Size size, TimeInForce tif, ClientOrderId client_id,
                   OrderCallback done) override {
    gated(coin, side, price, size, client_id, std::move(done), [tif](Connector& c, const std::string& coin, Side side,
                                                                     Price price, Size size, ClientOrderId id, OrderCallback cb) {
      c.place_limit(coin, side, price, size, tif, id, std::move(cb));
    });
  }
  void cancel(std::string_view coin, ClientOrderId client_id, CancelCallback done) override {
    inner_.cancel(coin, client_id, std::move(done));
  }

 private:
  // The trader's gate first (on its thread), then `send` to the inner connector with the size it
  // allows; a resize is reported as the connector's answer with the original request and a note.
  template <class Send>
  void gated(std::string_view coin, Side side, Price price, Size size, ClientOrderId client_id, OrderCallback done,
             Send send) {
    Connector* inner = &inner_;
    auto answer = std::make_shared<OrderCallback>(std::move(done));
    const bool posted = shared_->port->post([s = shared_, inner, coin = std::string(coin), side, price, size, client_id,
                                             answer, send] {
      OrderCallback& done = *answer;
      if (s->guard.stopped()) return done(stopped_result(client_id, size));
      const risk::Decision d = s->port->gate_external(coin, side, price, size);
      if (d.kind == risk::DecisionKind::kReject) {
        OrderResult r;
        r.client_id = client_id;
        r.requested = size;
        r.outcome = OrderOutcome::kRejected;
        r.reason = d.rule == risk::Rule::kNone
                       ? "risk gate: the account's gate does not hold " + coin + " (TraderConfig::gated_coins)"
                       : gate_refusal(d);
        spdlog::warn("{}: order {} refused before sending: {}", inner->name(), client_id, r.reason);
        return done(r);
      }
      std::string note;
      Size allowed = size;
      s->hold(client_id, d.hold);
      if (d.kind == risk::DecisionKind::kResize) {
        // The gate floors to its own lot for the coin, which it may not know for a strategy-only
        // instrument: the venue's lot decides.
        const Size lot = inner->lot(coin);
        allowed = lot > 0 ? d.size / lot * lot : d.size;
        note = gate_refusal(d) + ": sent " + std::to_string(allowed);
        s->port->release_external(d.hold, d.size - std::max<Size>(allowed, 0));  // the venue's lot's floor
        if (allowed <= 0) {
          s->done(client_id, 0);
          OrderResult r;
          r.client_id = client_id;
          r.requested = size;
          r.outcome = OrderOutcome::kRejected;
          r.reason = gate_refusal(d) + ": less than a lot allowed";
          return done(r);
        }
      }
      send(*inner, coin, side, price, allowed, client_id,
           [s, client_id, size, allowed, note = std::move(note), done = std::move(done)](const OrderResult& result) {
             s->port->post([s, client_id, outcome = result.outcome, filled = result.filled, allowed] {
               s->answered(client_id, outcome, filled, allowed);
             });
             OrderResult r = result;
             if (!note.empty()) {
               r.requested = size;
               if (r.outcome == OrderOutcome::kFilled) r.outcome = OrderOutcome::kPartial;
               r.reason = r.reason.empty() ? note : note + "; " + r.reason;
             }
             done(r);
           });
    });
    if (!posted) (*answer)(stopped_result(client_id, size));
  }

  // The gate's hold on each order sent (StrategyPort::gate_external), by client id, released as
  // the order's fate is known: its fills as they are counted; the part that will not fill once,
  // from whichever says so first (the answer: an IOC's unfilled rest, a refusal; an update: a
  // cancel's remaining); what is left when the order is done is fills yet to arrive (settled:
  // they release it, or it lapses in the gate).
  struct Shared {
    explicit Shared(std::shared_ptr<StrategyPort> p) : port(std::move(p)) {}
    std::shared_ptr<StrategyPort> port;
    HandlerGuard guard;

    // ---- the trader's thread only ----
    struct Held {
      std::uint64_t hold;
      bool rest_released;
    };
    std::unordered_map<ClientOrderId, Held> holds;

    void hold(ClientOrderId id, std::uint64_t hold) {
      if (hold == 0) return;
      // A client id used again while its order is in flight: the older order keeps its hold,
      // settled, so that it lapses if nothing reports on it any more.
      if (const auto it = holds.find(id); it != holds.end()) port->settle_external(it->second.hold);
      holds.insert_or_assign(id, Held{hold, false});
    }
    void release(ClientOrderId id, Size size) {
      const auto it = holds.find(id);
      if (it != holds.end() && port->release_external(it->second.hold, size) == 0) holds.erase(it);
    }
    // The order is done at the venue; `rest` of it will never fill.
    void done(ClientOrderId id, Size rest) {
      const auto it = holds.find(id);
      if (it == holds.end()) return;
      if (!it->second.rest_released && rest > 0) port->release_external(it->second.hold, rest);
      it->second.rest_released = true;
      port->settle_external(it->second.hold);
      // Drop what is gone, this order's hold and any that lapsed in the gate.
      std::erase_if(holds, [this](const auto& h) { return port->release_external(h.second.hold, 0) == 0; });
    }
    void answered(ClientOrderId id, OrderOutcome outcome, Size filled, Size sent) {
      switch (outcome) {
        case OrderOutcome::kFilled:
        case OrderOutcome::kPartial:
        case OrderOutcome::kNoMatch: return done(id, sent - std::min(sent, filled));
        case OrderOutcome::kRejected: return done(id, sent);
        case OrderOutcome::kUnknown: return done(id, 0);  // it may have executed: the fills tell
        case OrderOutcome::kResting: return;  // fills and a cancel's update release it
      }
    }
  };
  std::shared_ptr<Shared> shared_;
  Connector& inner_;
};

}  // namespace

std::unique_ptr<Connector> make_trader_connector(std::shared_ptr<StrategyPort> port, std::string name) {
  return std::make_unique<TraderConnector>(std::move(port), std::move(name));
}

std::unique_ptr<Connector> make_gated_connector(std::shared_ptr<StrategyPort> port, Connector& inner) {
  return std::make_unique<GatedConnector>(std::move(port), inner);
}

}  // namespace hlmm::live
