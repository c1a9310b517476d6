// Turns the live trader's snapshots into DashboardStates: prices and sizes into USD and coins,
// the pipeline's counters into rules, the tick-to-quote samples into a cumulative histogram (only
// the new samples are copied each time), the loaded policy tables into surfaces.
//
// Call sample() from the thread that owns the Trader's lifetime (the loop that will stop it): it
// blocks briefly on the trader's I/O thread, which must still be running or already joined.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>

#include "dashboard/dashboard_state.hpp"
#include "live/trader.hpp"

namespace hlmm::dashboard {

class TraderFeed {
 public:
  TraderFeed(const live::Trader& trader, std::string source, std::string policy);

  DashboardState sample();

 private:
  const live::Trader& trader_;
  std::string source_;
  std::string policy_;
  std::chrono::steady_clock::time_point start_;
  LatencyHistogram latency_;
  std::uint64_t latencies_seen_ = 0;
  std::uint64_t tables_seen_ = 0;
  std::vector<SurfaceView> surfaces_;
  std::deque<std::pair<double, std::uint64_t>> fills_window_;  // (t, fills) over the last minute
};

// A rule name for each pipeline Reason ("position_limit", "stale_book", ...) and whether the
// pipeline counts it as a cancel or a reject.
std::string_view pipeline_rule_name(std::uint8_t reason);
bool pipeline_rule_is_cancel(std::uint8_t reason);

// The first time bin of a loaded table, decoded to USD over coins x cash funding.
SurfaceView surface_view(const live::LoadedTable& loaded);

}  // namespace hlmm::dashboard
