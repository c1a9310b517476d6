#include "backtest/execution_model.hpp"

#include <cmath>

#include "backtest/rng.hpp"

namespace hlmm::backtest {

StudyExecutionModel::StudyExecutionModel(double A, double k, double dt_hours, std::uint64_t key)
    : A_dt_(A * dt_hours), k_per_unit_(k / static_cast<double>(kPriceScale)), key_(key) {}

double StudyExecutionModel::fill_probability(double delta_usd) const {
  return -std::expm1(-A_dt_ * std::exp(-k_per_unit_ * static_cast<double>(kPriceScale) * delta_usd));
}

void StudyExecutionModel::step(const StepState& s, const RestingQuote (&quotes)[2], std::vector<ProposedFill>& out) {
  for (int side = 0; side < 2; ++side) {
    const RestingQuote& q = quotes[side];
    if (!q.live || q.size <= 0) continue;
    // The study's delta is the quote's distance from the mid; a quote through the mid (negative
    // delta) is allowed by the formula and simply fills more often.
    const Price delta = side == 0 ? s.mid - q.price : q.price - s.mid;
    const double p = -std::expm1(-A_dt_ * std::exp(-k_per_unit_ * static_cast<double>(delta)));
    const double u = counter_uniform(key_, 2 * static_cast<std::uint64_t>(s.minute) + static_cast<std::uint64_t>(side));
    if (u < p) out.push_back({side == 0 ? Side::kBid : Side::kAsk, q.price, q.size});
  }
}

}  // namespace hlmm::backtest
