// Deterministic simulators for the calibration tests: mt19937_64 is specified bit for bit by the
// standard, the normal draws here are Box-Muller on it (std::normal_distribution is not).
#pragma once

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace hlmm::calibrate::testing {

class Gaussian {
 public:
  explicit Gaussian(std::uint64_t seed) : rng_(seed) {}
  double uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53; }
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double a = 2.0 * std::numbers::pi * uniform();
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  std::mt19937_64 rng_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

// Exact OU transitions plus, with probability p per step, a N(jump_mean, jump_sd^2) jump.
inline std::vector<double> simulate_ou(std::size_t n, double dt, double kappa, double theta, double sigma,
                                       std::uint64_t seed, double p = 0.0, double jump_mean = 0.0,
                                       double jump_sd = 0.0) {
  Gaussian g(seed);
  const double b = std::exp(-kappa * dt);
  const double s = sigma * std::sqrt((1.0 - b * b) / (2.0 * kappa));
  std::vector<double> x(n);
  x[0] = theta + sigma / std::sqrt(2.0 * kappa) * g.normal();
  for (std::size_t i = 1; i < n; ++i) {
    x[i] = theta + (x[i - 1] - theta) * b + s * g.normal();
    if (p > 0.0 && g.uniform() < p) x[i] += jump_mean + jump_sd * g.normal();
  }
  return x;
}

}  // namespace hlmm::calibrate::testing
