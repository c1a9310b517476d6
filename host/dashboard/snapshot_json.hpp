// The messages the page reads, as JSON text (docs in host/dashboard/README.md):
//   tick      every period: KPIs, coins (top of book, our quotes, inventory, funding, skew), rules,
//             latency histograms, the surfaces' version
//   surfaces  the policy surfaces, sent on connect and when their version changes
//   history   the recent ticks' chart points, sent on connect so a late page has its lines
// Non-finite numbers are written as null (JSON has no NaN).
#pragma once

#include <deque>
#include <string>

#include "dashboard/dashboard_state.hpp"

namespace hlmm::dashboard {

// One point of the charts' lines, kept by the server for pages that connect later.
struct HistoryPoint {
  double t = 0;
  double pnl = 0;
  std::vector<CoinView> coins;
};

HistoryPoint history_point(const DashboardState& s);

std::string tick_json(const DashboardState& s);
std::string surfaces_json(const DashboardState& s);
std::string history_json(const std::deque<HistoryPoint>& history);

// JSON string literal of `text` (quotes included), escaping what RFC 8259 requires.
std::string json_quote(std::string_view text);

}  // namespace hlmm::dashboard
