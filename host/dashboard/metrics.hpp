// Prometheus text exposition (format 0.0.4) of a DashboardState: what /metrics serves. Counters
// end in _total, gauges carry their unit, the tick-to-quote histogram is in seconds with
// cumulative `le` buckets, _sum and _count, one series per backend.
#pragma once

#include <string>

#include "dashboard/dashboard_state.hpp"

namespace hlmm::dashboard {

inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string metrics_text(const DashboardState& s);

}  // namespace hlmm::dashboard
