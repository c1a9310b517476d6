// What the dashboard shows, in display units (USD, coins, hours, nanoseconds): one value type that
// any producer fills (the live trader through TraderFeed, later a backtest replay), and that the
// snapshot JSON and the Prometheus exposition are written from. Nothing here knows the trader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dashboard/latency_histogram.hpp"

namespace hlmm::dashboard {

struct CoinView {
  std::string coin;
  double best_bid = 0;   // USD; 0: no level
  double best_ask = 0;
  double our_bid = 0;    // USD; 0: no order on the side
  double our_ask = 0;
  double our_bid_size = 0;  // coins
  double our_ask_size = 0;
  double position = 0;      // coins
  double position_limit = 0;
  double funding = 0;       // cash funding f = mid x hourly rate, USD per coin per hour

  double mid() const { return best_bid > 0 && best_ask > 0 ? (best_bid + best_ask) / 2 : 0; }
  // Where our two quotes are centred against the mid, USD (positive: leaning up, i.e. keener to
  // buy). 0 when a side is missing.
  double skew() const { return our_bid > 0 && our_ask > 0 && mid() > 0 ? (our_bid + our_ask) / 2 - mid() : 0; }
};

// A refusal or a cancel counted by rule. `source` says who applied the rule ("pipeline" for the
// hot path's risk pre-check, "gate" for the host's risk gate, ...), so one map holds them all.
struct RuleCount {
  std::string source;
  std::string rule;
  std::string kind;  // "reject" or "cancel"
  std::uint64_t count = 0;
};

// One policy as loaded: offsets in USD over inventory (rows) x cash funding (columns), for the
// first time bin. Disabled sides (the hard inventory limit) are NaN: "no quote", not "far".
struct SurfaceView {
  std::string coin;
  std::string policy;
  std::vector<double> q_nodes;  // coins
  std::vector<double> f_nodes;  // USD per coin per hour
  std::vector<double> bid;      // [i * F + j]
  std::vector<double> ask;
};

struct DashboardState {
  std::string source;   // "demo", "run", "backtest"
  std::string policy;
  std::string backend;
  double uptime_s = 0;
  bool connected = false;
  bool ready = false;
  bool killed = false;
  std::string kill_reason;  // who engaged it: "manual", or the rule that tripped it
  std::string fatal;

  double pnl = 0;   // USD, marked to the mid, fees included
  double cash = 0;  // USD
  std::uint64_t fills = 0;
  double fills_per_minute = 0;  // over the last minute (or since start when shorter)
  std::uint64_t frames = 0;
  std::uint64_t parse_errors = 0;
  std::uint64_t requests = 0;
  std::uint64_t responses = 0;
  std::uint64_t exchange_errors = 0;
  std::uint64_t resyncs = 0;
  std::uint64_t quotes = 0;     // quote intents the pipeline produced

  std::vector<CoinView> coins;
  std::vector<RuleCount> rules;
  std::vector<LatencyHistogram> tick_to_quote;  // one per backend
  std::uint64_t surfaces_version = 0;  // changes when `surfaces` does
  std::vector<SurfaceView> surfaces;

  // Fill ratio: fills per order request sent (0 before the first request).
  double fill_ratio() const { return requests == 0 ? 0 : static_cast<double>(fills) / static_cast<double>(requests); }
};

}  // namespace hlmm::dashboard
