#include "strategies/ioc_execution.hpp"

namespace hlmm::strategies {

connectors::ClientOrderId IocOrders::add(int venue, Side side, Size requested, std::uint64_t step, std::uint8_t role) {
  const connectors::ClientOrderId id = ++next_id_;
  current_[id] = TrackedOrder{venue, side, requested, role, std::nullopt, 0, false};
  sent_[id] = Sent{venue, step};
  return id;
}

TrackedOrder* IocOrders::in_step(connectors::ClientOrderId id) {
  const auto it = current_.find(id);
  return it == current_.end() ? nullptr : &it->second;
}

std::optional<IocOrders::Sent> IocOrders::sent(connectors::ClientOrderId id) const {
  if (id == 0) return std::nullopt;
  const auto it = sent_.find(id);
  if (it == sent_.end()) return std::nullopt;
  return it->second;
}

bool IocOrders::settle(bool timed_out, const std::function<void(const TrackedOrder&)>& short_fills) {
  bool all = true;
  for (auto& [id, o] : current_) {
    if (o.settled) continue;
    if (o.result && o.result->outcome != connectors::OrderOutcome::kUnknown && o.filled_by_fills >= o.result->filled) {
      o.settled = true;
    } else if (timed_out && o.result) {
      o.settled = true;
      if (o.result->outcome != connectors::OrderOutcome::kUnknown && o.filled_by_fills < o.result->filled) short_fills(o);
    } else {
      all = false;
    }
  }
  return all;
}

void StrategyLoop::start(std::function<void()> first) {
  if (thread_.joinable()) return;
  if (first) boost::asio::post(io_, std::move(first));
  thread_ = std::thread([this] { io_.run(); });
}

void StrategyLoop::stop(std::chrono::milliseconds timeout, const std::function<bool()>& busy,
                        const std::function<void()>& wind_down) {
  if (!thread_.joinable()) return;
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::promise<bool> answer;
    boost::asio::post(io_, [&] { answer.set_value(busy()); });
    if (!answer.get_future().get() || std::chrono::steady_clock::now() >= until) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  boost::asio::post(io_, [&] {
    wind_down();
    work_.reset();
    io_.stop();
  });
  thread_.join();
}

}  // namespace hlmm::strategies
