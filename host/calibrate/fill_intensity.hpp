// Fill-intensity calibration, Lambda(delta) = A exp(-k delta) (shared hjb-math.md §9.2).
//
// Observations are windows of length dt at a quote distance delta, each a hit or not (the paper's
// volume_minute mode: a minute is a hit when enough volume crossed beyond delta). A window is hit
// with probability 1 - exp(-Lambda(delta) dt); (A, k) maximise the Bernoulli likelihood.
#pragma once

#include <vector>

#include "calibrate/calibration_result.hpp"

namespace hlmm::calibrate {

struct HitCount {
  double delta = 0.0;     // quote distance from the mid, USD
  double hits = 0.0;      // windows with a fill
  double windows = 0.0;   // windows observed
};

struct IntensityFit {
  double A = 0.0;  // per unit of dt's time (1/h for dt in hours)
  double k = 0.0;  // 1/USD
  double log_likelihood = 0.0;
  int iterations = 0;
};

Fit<IntensityFit> fit_fill_intensity(const std::vector<HitCount>& counts, double dt);

}  // namespace hlmm::calibrate
