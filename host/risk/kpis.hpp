// The inventory framework's KPIs for a live run, with the definitions of docs/backtest.md
// "Metrics" (the backtester's): spread capture efficiency = equity change / spread captured at fill
// time (sum |fill price - mid| x size); inventory efficiency ratio = equity change / (inventory RMS
// x S_ref), S_ref the latest mid; risk-adjusted return = mean / sd of equity changes per interval
// x sqrt(intervals per year) (the backtester's Sharpe, hourly there; here the interval is
// `interval_s`, one minute by default, since a live run is often shorter than an hour).
// Per asset (its own P&L: cash flows of its fills + position x mid) and for the account.
#pragma once

#include <cstdint>
#include <vector>

namespace hlmm::risk {

struct Kpis {
  double pnl_usd = 0;
  double spread_captured_usd = 0;
  double inventory_rms = 0;          // coins (per asset); USD notional for the account
  double spread_capture_efficiency = 0;  // 0 when nothing was captured yet
  double inventory_efficiency_ratio = 0; // 0 when no inventory was carried
  double risk_adjusted_return = 0;       // 0 until two intervals have passed
  std::uint64_t intervals = 0;
};

class KpiTracker {
 public:
  KpiTracker(std::size_t assets, double interval_s = 60);
  // A fill: its edge against the mid at fill time counts as spread captured.
  void on_fill(std::size_t asset, bool is_buy, double price, double size, double fee_usd, double mid);
  // Periodic sample (e.g. each poll): positions (coins) and mids; `now_s` monotonic seconds.
  void sample(double now_s, const std::vector<double>& positions, const std::vector<double>& mids);
  Kpis asset(std::size_t i) const;
  Kpis account() const;

 private:
  struct Acc {
    double cash = 0, position = 0, mid = 0, spread = 0;
    double sum_q2 = 0;        // coins^2 per sample
    double sum_notional2 = 0; // USD^2 per sample (account RMS adds notionals)
    std::uint64_t samples = 0;
  };
  struct Sharpe {
    double last_equity = 0, mean = 0, m2 = 0;
    std::uint64_t n = 0;
    void add(double x);
    double value(double per_year) const;
  };
  double interval_s_;
  std::vector<Acc> acc_;
  std::vector<Sharpe> sharpe_;  // per asset, then the account
  double next_interval_ = -1;
  std::uint64_t account_samples_ = 0;
  double account_sum_notional2_ = 0;
};

}  // namespace hlmm::risk
