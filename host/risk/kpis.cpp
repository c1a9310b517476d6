#include "risk/kpis.hpp"

#include <cmath>

namespace hlmm::risk {

KpiTracker::KpiTracker(std::size_t assets, double interval_s)
    : interval_s_(interval_s > 0 ? interval_s : 60), acc_(assets), sharpe_(assets + 1) {}

void KpiTracker::on_fill(std::size_t asset, bool is_buy, double price, double size, double fee_usd, double mid) {
  if (asset >= acc_.size()) return;
  Acc& a = acc_[asset];
  a.cash += (is_buy ? -price : price) * size - fee_usd;
  a.position += is_buy ? size : -size;
  if (mid > 0) a.spread += std::abs(price - mid) * size;
}

void KpiTracker::Sharpe::add(double x) {
  ++n;
  const double d = x - mean;
  mean += d / static_cast<double>(n);
  m2 += d * (x - mean);
}

double KpiTracker::Sharpe::value(double per_year) const {
  if (n < 2 || m2 <= 0) return 0;
  return mean / std::sqrt(m2 / static_cast<double>(n - 1)) * std::sqrt(per_year);
}

void KpiTracker::sample(double now_s, const std::vector<double>& positions, const std::vector<double>& mids) {
  double account_notional = 0;
  for (std::size_t i = 0; i < acc_.size(); ++i) {
    Acc& a = acc_[i];
    if (i < mids.size() && mids[i] > 0) a.mid = mids[i];
    if (i < positions.size()) a.position = positions[i];  // the order manager's view wins
    a.sum_q2 += a.position * a.position;
    a.sum_notional2 += (a.position * a.mid) * (a.position * a.mid);
    ++a.samples;
    account_notional += std::abs(a.position * a.mid);
  }
  account_sum_notional2_ += account_notional * account_notional;
  ++account_samples_;
  if (next_interval_ < 0) {
    next_interval_ = now_s + interval_s_;
    for (std::size_t i = 0; i < acc_.size(); ++i) sharpe_[i].last_equity = asset(i).pnl_usd;
    sharpe_.back().last_equity = account().pnl_usd;
    return;
  }
  if (now_s < next_interval_) return;
  next_interval_ += interval_s_;
  for (std::size_t i = 0; i <= acc_.size(); ++i) {
    const double eq = i < acc_.size() ? asset(i).pnl_usd : account().pnl_usd;
    sharpe_[i].add(eq - sharpe_[i].last_equity);
    sharpe_[i].last_equity = eq;
  }
}

Kpis KpiTracker::asset(std::size_t i) const {
  Kpis k;
  if (i >= acc_.size()) return k;
  const Acc& a = acc_[i];
  k.pnl_usd = a.cash + a.position * a.mid;
  k.spread_captured_usd = a.spread;
  k.inventory_rms = a.samples > 0 ? std::sqrt(a.sum_q2 / static_cast<double>(a.samples)) : 0;
  k.spread_capture_efficiency = a.spread > 0 ? k.pnl_usd / a.spread : 0;
  const double rms_notional = k.inventory_rms * a.mid;
  k.inventory_efficiency_ratio = rms_notional > 0 ? k.pnl_usd / rms_notional : 0;
  k.intervals = sharpe_[i].n;
  k.risk_adjusted_return = sharpe_[i].value(365.0 * 86400.0 / interval_s_);
  return k;
}

Kpis KpiTracker::account() const {
  Kpis k;
  for (std::size_t i = 0; i < acc_.size(); ++i) {
    const Kpis a = asset(i);
    k.pnl_usd += a.pnl_usd;
    k.spread_captured_usd += a.spread_captured_usd;
  }
  k.inventory_rms =
      account_samples_ > 0 ? std::sqrt(account_sum_notional2_ / static_cast<double>(account_samples_)) : 0;
  k.spread_capture_efficiency = k.spread_captured_usd > 0 ? k.pnl_usd / k.spread_captured_usd : 0;
  k.inventory_efficiency_ratio = k.inventory_rms > 0 ? k.pnl_usd / k.inventory_rms : 0;
  k.intervals = sharpe_.back().n;
  k.risk_adjusted_return = sharpe_.back().value(365.0 * 86400.0 / interval_s_);
  return k;
}

}  // namespace hlmm::risk
