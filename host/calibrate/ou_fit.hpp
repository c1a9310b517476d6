// Funding-rate OU calibration on equally spaced samples (shared hjb-math.md §9.1).
//
// Gaussian OU: the exact transition x' | x ~ N(theta + (x - theta) b, s^2), b = e^{-kappa dt},
// s^2 = sigma^2 (1 - b^2) / (2 kappa). Its conditional likelihood is maximised by the AR(1) least
// squares fit, mapped back to (kappa, theta, sigma).
//
// OU + jumps: the paper's one-jump Bernoulli-normal approximation at small dt: with probability p
// per step the innovation also carries a N(mu_J, sigma_J^2) jump. Fitted by expectation
// maximisation (responsibilities of the jump component; weighted least squares for the AR part).
#pragma once

#include <vector>

#include "calibrate/calibration_result.hpp"

namespace hlmm::calibrate {

struct OuFit {
  double kappa = 0.0;       // 1/time unit of dt
  double theta = 0.0;
  double sigma = 0.0;       // diffusion, per sqrt(time unit)
  double half_life = 0.0;   // ln 2 / kappa
  double residual_skewness = 0.0;
  double residual_excess_kurtosis = 0.0;
  double jarque_bera = 0.0;  // n/6 (S^2 + K^2/4); ~ chi^2(2) under normal residuals
  double log_likelihood = 0.0;
  std::size_t samples = 0;
};

// Needs at least 10 samples and mean reversion (0 < b < 1) in the data.
Fit<OuFit> fit_ou(const std::vector<double>& x, double dt);

struct OuJumpFit {
  double kappa = 0.0;
  double theta = 0.0;
  double sigma = 0.0;
  double jump_probability = 0.0;  // per step
  double jump_mean = 0.0;
  double jump_sd = 0.0;
  double log_likelihood = 0.0;
  int iterations = 0;
};

Fit<OuJumpFit> fit_ou_jump(const std::vector<double>& x, double dt, int max_iterations = 500);

}  // namespace hlmm::calibrate
