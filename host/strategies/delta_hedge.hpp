// Delta hedging of a market maker's inventory (issue #11): rolling return statistics and the
// cross-asset ratio beta = Cov/Var, the minimum-variance hedge over several instruments, and the
// hedge decision itself (lean the quotes first, an IOC on the hedge instrument when leaning is too
// slow). Host slow path: doubles. Nothing here sends an order: the caller acts on the decision.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace hlmm::strategies {

// A linear system the hedge needs has no unique solution (collinear or constant return series).
class SingularHedgeError : public std::domain_error {
 public:
  using std::domain_error::domain_error;
};

// Simple returns of N series sampled at the same instants over a fixed window. Running sums of
// the returns and their cross products make push O(N^2) and independent of the window; they are
// rebuilt from the ring once per window so rounding cannot accumulate.
class RollingReturns {
 public:
  // Throws std::invalid_argument if series == 0 or window < 2.
  RollingReturns(std::size_t series, std::size_t window);
  // The next price of every series; the first call only sets the reference prices. Throws
  // std::invalid_argument on a count mismatch or a non-positive or non-finite price (nothing kept).
  void push_prices(std::span<const double> prices);
  // One return per series. Throws std::invalid_argument on a count mismatch or a non-finite value.
  void push_returns(std::span<const double> returns);
  std::size_t series() const { return n_; }
  std::size_t window() const { return window_; }
  std::size_t size() const { return count_; }  // returns kept (<= window)
  // Sample covariance (ddof 1) of the kept returns; 0 with fewer than two.
  double covariance(std::size_t i, std::size_t j) const;
  double variance(std::size_t i) const { return covariance(i, i); }
  // beta of series y on series x: Cov(y, x) / Var(x), the notional of x that offsets one unit of
  // notional of y. Throws SingularHedgeError with fewer than two returns or Var(x) == 0.
  double beta(std::size_t y, std::size_t x) const;

 private:
  void rebuild();
  std::size_t n_, window_;
  std::vector<double> ring_;   // window x n
  std::vector<double> sum_;    // n
  std::vector<double> cross_;  // n x n, sum of r_i r_j
  std::vector<double> last_price_;
  std::vector<double> scratch_;  // the returns of push_prices (no allocation per push)
  bool have_prices_ = false;
  std::size_t next_ = 0, count_ = 0, since_rebuild_ = 0;
};

// Solves a x = b for the n x n row-major `a` by Gaussian elimination with partial pivoting.
// Throws std::invalid_argument on mismatched sizes and SingularHedgeError when a pivot is
// negligible against the matrix's largest entry.
std::vector<double> solve_linear_system(std::vector<double> a, std::vector<double> b);

// Minimum-variance hedge h = -Sigma_hh^{-1} Sigma_hp: the notional in each hedge instrument per
// unit notional of the position (negative: sell). `cov_hh` is m x m row-major, `cov_hp` has m
// entries. Singular Sigma_hh: SingularHedgeError.
std::vector<double> min_variance_hedge(std::span<const double> cov_hh, std::span<const double> cov_hp);
// The same on the rolling statistics: position series `position`, hedge series `hedges`.
std::vector<double> min_variance_hedge(const RollingReturns& returns, std::size_t position,
                                       std::span<const std::size_t> hedges);

// Hedge-instrument coins per coin of the position for a notional ratio beta (beta * P_pos / P_hedge).
double cross_hedge_ratio(double beta, double position_price, double hedge_price);

// Parametric VaR (USD, positive) of `inventory` coins at `mid`, one-sample return sd `sigma`, over
// `horizon_samples` samples at `confidence` (normal: z_c |I mid| sigma sqrt(h)).
double position_var(double inventory, double mid, double sigma, double confidence, double horizon_samples);

struct DeltaHedgeConfig {
  double inventory_threshold = 0;  // coins: hedge only when |I| exceeds this ...
  double var_limit_usd = 0;        // ... and the position's VaR exceeds this (> 0)
  double eta = 1.0;                // share of the excess hedged per decision, (0, 1]
  // Lean: both quotes move by lean_bps_per_coin x |hedge size| bps of the mid (at most
  // max_lean_bps), toward the side that sheds the inventory.
  double lean_bps_per_coin = 1.0;
  double max_lean_bps = 10.0;
  // Escalation: leaning is too slow when |I| has not fallen by min_progress x |hedge size at the
  // start of the lean| within escalate_after_ns; then one IOC goes out on the hedge instrument.
  double min_progress = 0.5;
  std::uint64_t escalate_after_ns = 0;
  double hedge_ratio = 1.0;  // hedge-instrument coins per position coin (1: the same perp)
  double hedge_lot = 0;      // the IOC is floored to this multiple (0: none)
};

enum class HedgeAction { kNone, kLean, kExternal };

struct HedgeDecision {
  HedgeAction action = HedgeAction::kNone;
  double hedge_size = 0;  // I (1 - VaR_max / VaR) eta, coins, signed like I; 0 when not active
  double skew_bps = 0;    // kLean: add to both quote prices (bps of mid); negative sheds a long
  double ioc_qty = 0;     // kExternal: signed hedge-instrument quantity (negative: sell)
};

// Throws std::invalid_argument for a config the decision cannot use (named in the message).
void validate(const DeltaHedgeConfig& config);

// Active iff |I| > threshold and VaR > VaR_max (both: a large but calm position is left alone).
bool hedge_active(double inventory, double var_usd, const DeltaHedgeConfig& config);
// I (1 - VaR_max / VaR) eta when active, else 0.
double hedge_size(double inventory, double var_usd, const DeltaHedgeConfig& config);

// The decision rule with its lean episode. One call per sample, `now_ns` non-decreasing.
class DeltaHedger {
 public:
  explicit DeltaHedger(const DeltaHedgeConfig& config);  // validates
  HedgeDecision decide(double inventory, double var_usd, std::uint64_t now_ns);
  const DeltaHedgeConfig& config() const { return cfg_; }
  bool leaning() const { return leaning_; }

 private:
  void start_lean(double inventory, double size, std::uint64_t now_ns);
  DeltaHedgeConfig cfg_;
  bool leaning_ = false;
  std::uint64_t lean_start_ns_ = 0;
  double lean_start_abs_inventory_ = 0;
  double lean_start_abs_size_ = 0;
};

}  // namespace hlmm::strategies
