// Parameter sets shared by the HJB tests; each mirrors a check of shared/hjb_reference.py so the
// reference's printed figures (shared/hjb-math.md §13) apply.
#pragma once

#include "policy/hjb_fd.hpp"
#include "policy/presets.hpp"

namespace hlmm::policy::testing {

// HJBParams(T, q_min, q_max, lot, f_min, f_max, n_f, n_t, kappa, theta, sigma, A, k, alpha, phi, floor)
inline HjbParams make(double T, double q_min, double q_max, double lot, double f_min, double f_max, int n_f, int n_t,
                      double kappa, double theta, double sigma, double A, double k, double alpha, double phi,
                      double floor) {
  HjbParams p;
  p.horizon_hours = T;
  p.q_min = q_min;
  p.q_max = q_max;
  p.q_step = lot;
  p.f_min = f_min;
  p.f_max = f_max;
  p.n_f = n_f;
  p.n_t = n_t;
  p.kappa = kappa;
  p.theta_bar = theta;
  p.sigma_f = sigma;
  p.A = A;
  p.k = k;
  p.alpha = alpha;
  p.phi = phi;
  p.min_delta = floor;
  return p;
}

// The reference's `small_f` grid: OU funding on, 9 inventory levels, 11 funding nodes.
inline HjbParams small_funding_grid() {
  HjbParams p = make(1.0, -4, 4, 1.0, -0.2, 0.3, 11, 2, 0.5, 0.05, 0.1, 20.0, 2.0, 0.05, 0.01, 0.01);
  p.n_t = min_n_t(p) + 5;
  return p;
}

// The reference's ETH table (section 1): paper fits, S_ref 3000, n_t = ceil(1.15 (min - 1)) + 1.
inline HjbParams eth_reference_grid() {
  HjbParams p = hjb_params_for(*find_preset("eth"), 31, 2);
  p.n_t = static_cast<int>(std::ceil(1.15 * (min_n_t(p) - 1))) + 1;
  return p;
}

}  // namespace hlmm::policy::testing
