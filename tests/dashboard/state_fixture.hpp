// A DashboardState with every part filled, including names that need escaping.
#pragma once

#include <cmath>
#include <limits>

#include "dashboard/dashboard_state.hpp"

namespace hlmm::dashboard::testing {

inline DashboardState sample_state() {
  DashboardState s;
  s.source = "demo";
  s.policy = "hjb_fd";
  s.backend = "sw";
  s.uptime_s = 12.5;
  s.connected = true;
  s.ready = true;
  s.pnl = -3.25;
  s.cash = 1000.5;
  s.fills = 7;
  s.fills_per_minute = 33.6;
  s.frames = 1234;
  s.requests = 70;
  s.responses = 69;
  s.quotes = 50;
  CoinView eth;
  eth.coin = "ETH";
  eth.best_bid = 3000.1;
  eth.best_ask = 3000.3;
  eth.our_bid = 2999.9;
  eth.our_ask = 3000.7;
  eth.our_bid_size = 0.05;
  eth.our_ask_size = 0.05;
  eth.position = -0.15;
  eth.position_limit = 1.0;
  eth.funding = 0.042;
  CoinView odd;
  odd.coin = "we\"ird\\coin\n";  // escaping in JSON strings and Prometheus label values
  s.coins = {eth, odd};
  s.rules = {{"pipeline", "position_limit", "reject", 3}, {"pipeline", "fill_cooldown", "cancel", 5},
             {"gate", "max_notional", "reject", 1}};
  LatencyHistogram h = LatencyHistogram::with_default_buckets("sw");
  for (const std::uint64_t ns : {800u, 1'500u, 40'000u, 45'000u, 2'000'000u, 500'000'000u}) h.add(ns);
  s.tick_to_quote = {h, LatencyHistogram::with_default_buckets("verilator")};
  SurfaceView v;
  v.coin = "ETH";
  v.policy = "hjb_fd";
  v.q_nodes = {-1, 0, 1};
  v.f_nodes = {-0.1, 0.1};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  v.bid = {0.5, 0.6, 0.3, 0.35, nan, nan};
  v.ask = {nan, nan, 0.3, 0.25, 0.5, 0.45};
  s.surfaces = {v};
  s.surfaces_version = 1;
  return s;
}

}  // namespace hlmm::dashboard::testing
