#include "backtest/dashboard_replay.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <utility>

#include "dashboard/trader_feed.hpp"
#include "hlmm/fixed_point.hpp"

namespace hlmm::backtest {
namespace {

double usd_price(Price p) { return static_cast<double>(p) / static_cast<double>(kPriceScale); }
double coins(Size s) { return static_cast<double>(s) / static_cast<double>(kSizeScale); }
double usd_cash(Cash c) { return static_cast<double>(c) / kCashScale; }

}  // namespace

DashboardReplay::DashboardReplay(const PolicyTrace& trace, const MarketPath& market, std::string coin,
                                 std::string backend)
    : trace_(trace), market_(market), coin_(std::move(coin)), backend_(std::move(backend)) {
  const Trace& t = trace.trace;
  minutes_ = static_cast<int>(t.position.size());
  if (minutes_ == 0) throw std::invalid_argument("the backtest kept no per-minute trace to replay");
  if (t.cash.size() != t.position.size() || t.equity.size() != t.position.size() || t.bid.size() != t.position.size() ||
      t.ask.size() != t.position.size()) {
    throw std::invalid_argument("the backtest trace's per-minute arrays differ in length");
  }
  if (minutes_ > market.minutes()) throw std::invalid_argument("the backtest trace is longer than its market path");
  live::LoadedTable loaded;
  loaded.coin = coin_;
  loaded.policy = trace.policy;
  loaded.table = trace.table;
  surface_ = dashboard::surface_view(loaded);
}

dashboard::DashboardState DashboardReplay::state_at(int minute) const {
  const int m = std::clamp(minute, 1, minutes_);
  const std::size_t i = static_cast<std::size_t>(m - 1);
  const Trace& t = trace_.trace;
  dashboard::DashboardState s;
  s.source = "backtest";
  s.policy = trace_.policy;
  s.backend = backend_;
  s.uptime_s = 60.0 * m;
  s.connected = true;
  s.ready = true;
  s.pnl = usd_cash(t.equity[i]);
  s.cash = usd_cash(t.cash[i]);
  // Fills are in minute order (the engine appends them as it steps).
  const auto upto = [&](int last_minute) {
    return static_cast<std::uint64_t>(
        std::upper_bound(t.fills.begin(), t.fills.end(), last_minute, [](int v, const TraceFill& f) { return v < f.minute; }) -
        t.fills.begin());
  };
  s.fills = upto(m - 1);
  const int window = std::min(m, 60);
  s.fills_per_minute = static_cast<double>(s.fills - upto(m - 1 - window)) / window;

  dashboard::CoinView c;
  c.coin = coin_;
  const Price mid = market_.mid[i];
  c.best_bid = usd_price(mid);
  c.best_ask = usd_price(mid);
  if (t.bid[i].live) {
    c.our_bid = usd_price(t.bid[i].price);
    c.our_bid_size = coins(t.bid[i].size);
  }
  if (t.ask[i].live) {
    c.our_ask = usd_price(t.ask[i].price);
    c.our_ask_size = coins(t.ask[i].size);
  }
  c.position = coins(t.position[i]);
  c.position_limit = trace_.limit;
  const std::size_t hour = i / 60;
  if (hour < market_.rate.size()) c.funding = usd_price(cash_funding(mid, market_.rate[hour]));
  s.coins.push_back(c);
  s.surfaces_version = 1;
  s.surfaces.push_back(surface_);
  return s;
}

int replay_to_dashboard(const DashboardReplay& replay, dashboard::DashboardServer& board, double minutes_per_second,
                        const std::atomic<bool>& stop, std::chrono::milliseconds period) {
  const auto start = std::chrono::steady_clock::now();
  int shown = 0;
  while (!stop.load() && shown < replay.minutes()) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    shown = std::clamp(static_cast<int>(elapsed * minutes_per_second) + 1, 1, replay.minutes());
    board.publish(replay.state_at(shown));
    if (shown < replay.minutes()) std::this_thread::sleep_for(period);
  }
  return shown;
}

}  // namespace hlmm::backtest
