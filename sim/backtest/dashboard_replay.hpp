// A backtest shown on the live dashboard: one policy's first-seed trace (per minute: position,
// cash, equity and the resting quotes; the fills; the funding) replayed as if it were trading now,
// at a chosen number of simulated minutes per wall second. Same server, page and metrics as the
// live trader (host/dashboard); only the producer differs.
//
// What a trace does not have is not invented: the study's execution model has no order book, so
// the top of book shows the path's mid on both sides; there are no frames, requests or latencies.
// Times on the page (uptime, fills per minute) are simulated time.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "backtest/market.hpp"
#include "backtest/study.hpp"
#include "dashboard/dashboard_server.hpp"
#include "dashboard/dashboard_state.hpp"

namespace hlmm::backtest {

class DashboardReplay {
 public:
  // `trace` and `market` must outlive the replay (they are the study's result). Throws
  // std::invalid_argument when the trace has no minutes or is longer than the market path.
  DashboardReplay(const PolicyTrace& trace, const MarketPath& market, std::string coin, std::string backend);

  int minutes() const { return minutes_; }
  // The state after `minute` steps, clamped to [1, minutes()].
  dashboard::DashboardState state_at(int minute) const;

 private:
  const PolicyTrace& trace_;
  const MarketPath& market_;
  std::string coin_;
  std::string backend_;
  int minutes_ = 0;
  dashboard::SurfaceView surface_;
};

// Publishes state_at(elapsed x minutes_per_second) every `period` until the last minute has been
// shown or `stop` is set. Returns the last minute published.
int replay_to_dashboard(const DashboardReplay& replay, dashboard::DashboardServer& board, double minutes_per_second,
                        const std::atomic<bool>& stop,
                        std::chrono::milliseconds period = std::chrono::milliseconds(250));

}  // namespace hlmm::backtest
