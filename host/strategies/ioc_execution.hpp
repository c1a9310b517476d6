// What every strategy that trades IOCs over two connectors on a thread of its own needs (the
// cross-venue arbitrage, the parity trader): the thread and its event loop, the connectors'
// events and answers posted onto it, and the bookkeeping of the orders of one step (an
// arbitrage's legs, a parity trade's order) until they are settled.
//
// Settled: an order's answer is in and its fills add up to what the answer says; an unknown
// answer, or fills that never come, settle at the timeout on what the fills show (positions
// follow fills, never answers).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "connectors/connector.hpp"

namespace hlmm::strategies {

struct TrackedOrder {
  int venue = 0;
  Side side = Side::kBid;
  Size requested = 0;
  std::uint8_t role = 0;  // the strategy's own tag (e.g. leg or unwind)
  std::optional<connectors::OrderResult> result;
  Size filled_by_fills = 0;
  bool settled = false;
};

// The orders of the current step, and every order ever sent (its venue and step, for fills that
// arrive after their step was settled). Single-threaded: the strategy's loop.
class IocOrders {
 public:
  // A new order of step `step`; returns its client id (unique for the strategy's life).
  connectors::ClientOrderId add(int venue, Side side, Size requested, std::uint64_t step, std::uint8_t role = 0);
  void clear_step() { current_.clear(); }  // the next step starts with none in flight

  TrackedOrder* in_step(connectors::ClientOrderId id);
  struct Sent {
    int venue = 0;
    std::uint64_t step = 0;
  };
  // Any order this strategy sent; nothing for client id 0 or another program's order.
  std::optional<Sent> sent(connectors::ClientOrderId id) const;

  // Marks what is settled; true once every order of the step is. At the timeout an order with an
  // answer settles on its fills; `short_fills` hears of one whose fills fall short of a known answer.
  bool settle(bool timed_out, const std::function<void(const TrackedOrder&)>& short_fills);
  const std::map<connectors::ClientOrderId, TrackedOrder>& step() const { return current_; }

 private:
  std::map<connectors::ClientOrderId, TrackedOrder> current_;
  std::map<connectors::ClientOrderId, Sent> sent_;
  connectors::ClientOrderId next_id_ = 0;
};

// The strategy's thread: one io_context that the connectors' events and order answers are posted
// to, so the strategy itself needs no locks. A member of the strategy's state (the Owner), which
// must be held by a shared_ptr.
class StrategyLoop {
 public:
  StrategyLoop() : work_(io_.get_executor()) {}
  boost::asio::io_context& io() { return io_; }

  // Every event of both venues to `owner->on_event(venue, event)`, on this loop, while the owner lives.
  template <class Owner>
  void attach(const std::shared_ptr<Owner>& owner, connectors::Connector& v0, connectors::Connector& v1);
  // Places an IOC whose answer reaches `owner->on_result(id, result)` on this loop.
  template <class Owner>
  void place_ioc(const std::shared_ptr<Owner>& owner, connectors::Connector& venue, std::string_view coin, Side side,
                 Price price, Size size, connectors::ClientOrderId id);

  void start(std::function<void()> first = {});
  bool running() const { return thread_.joinable(); }
  // `busy()` runs on the loop until it says no or `timeout` passes (a step in flight is not
  // abandoned halfway); then `wind_down()` (cancel the owner's timers) and the thread ends.
  void stop(std::chrono::milliseconds timeout, const std::function<bool()>& busy, const std::function<void()>& wind_down);
  // `read()` on the loop (or here once it has stopped), for snapshots.
  template <class F>
  auto read(F&& fn) -> decltype(fn());

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

// A timer whose expiry runs only for the arming it belongs to: re-arming or disarming makes an
// earlier expiry a no-op even if it was already queued.
class SettleTimer {
 public:
  explicit SettleTimer(boost::asio::io_context& io) : timer_(io) {}
  template <class Owner>
  void arm(const std::shared_ptr<Owner>& owner, std::chrono::milliseconds after);  // owner->on_settle_timeout()
  void disarm() {
    timer_.cancel();
    ++generation_;
  }

 private:
  boost::asio::steady_timer timer_;
  std::uint64_t generation_ = 0;
};

// ---- templates ------------------------------------------------------------------------------

template <class Owner>
void StrategyLoop::attach(const std::shared_ptr<Owner>& owner, connectors::Connector& v0, connectors::Connector& v1) {
  connectors::Connector* venues[2] = {&v0, &v1};
  for (int i = 0; i < 2; ++i) {
    venues[i]->set_event_handler([weak = std::weak_ptr<Owner>(owner), this, i](const connectors::VenueEvent& e) {
      const auto alive = weak.lock();  // the loop is the owner's: it lives while this does
      if (!alive) return;
      boost::asio::post(io_, [weak, i, e] {
        if (const auto s = weak.lock()) s->on_event(i, e);
      });
    });
  }
}

template <class Owner>
void StrategyLoop::place_ioc(const std::shared_ptr<Owner>& owner, connectors::Connector& venue, std::string_view coin,
                             Side side, Price price, Size size, connectors::ClientOrderId id) {
  venue.place_ioc(coin, side, price, size, id, [weak = std::weak_ptr<Owner>(owner), this, id](const connectors::OrderResult& r) {
    const auto alive = weak.lock();
    if (!alive) return;
    boost::asio::post(io_, [weak, id, r] {
      if (const auto s = weak.lock()) s->on_result(id, r);
    });
  });
}

template <class F>
auto StrategyLoop::read(F&& fn) -> decltype(fn()) {
  if (!thread_.joinable()) return fn();
  std::promise<decltype(fn())> done;
  boost::asio::post(io_, [&] { done.set_value(fn()); });
  return done.get_future().get();
}

template <class Owner>
void SettleTimer::arm(const std::shared_ptr<Owner>& owner, std::chrono::milliseconds after) {
  timer_.expires_after(after);
  timer_.async_wait([weak = std::weak_ptr<Owner>(owner), this, gen = ++generation_](const boost::system::error_code& ec) {
    const auto self = weak.lock();
    if (ec || !self || gen != generation_) return;
    self->on_settle_timeout();
  });
}

}  // namespace hlmm::strategies
