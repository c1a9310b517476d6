// The study's per-minute metrics (engine.cpp's, shared/hjb-math.md §8) for the engines that keep
// their own accounts in simulated time: the event-level model and the L2 replay. Both mark at each
// minute's end and hand over their totals once at the end.
#pragma once

#include <cstdint>
#include <vector>

#include "backtest/engine.hpp"
#include "orders/order_manager.hpp"

namespace hlmm::backtest {

inline constexpr std::uint64_t kMsPerMinute = 60'000;
inline constexpr Cash kMoneyToCash = 100'000'000;  // exchange Money (1e-8 USD) -> Cash (1e-16 USD)

inline double to_usd(Cash c) { return static_cast<double>(c) / kCashScale; }

// The quote that rested over a minute, for a trace.
RestingQuote quote_of(const orders::Order* o);

class MinuteMetrics {
 public:
  MinuteMetrics(int days, int minutes_per_day);

  // Minute m has ended with position q and equity marked; `last` when it is the run's last.
  void close_minute(int m, Size q, Cash equity, bool last);
  void add_funding(Cash paid) { funding_today_ += paid; }

  struct Totals {
    int minutes_run = 0;    // minutes closed
    bool completed = false;
    Size position = 0;
    Cash equity = 0;        // at the end, marked at last_mid
    Price last_mid = 0;
    Cash funding_paid = 0;
    Cash spread = 0;
    double filled_lots = 0.0;
  };
  // The study's RunResult fields from the minutes closed and the run's totals.
  void finish(RunResult& r, const Totals& t);

 private:
  int per_day_;
  Cash peak_ = 0, max_dd_ = 0, funding_today_ = 0;
  bool have_peak_ = false;
  double sum_q2_ = 0, day_sum_q2_ = 0, day_start_ = 0, last_hour_ = 0, h_mean_ = 0, h_m2_ = 0;
  std::uint64_t hours_ = 0;
  std::vector<double> day_pnl_, day_funding_, day_q2_;
};

}  // namespace hlmm::backtest
