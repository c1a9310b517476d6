#include "policy/fast_exp.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace hlmm::policy {
namespace {

// The HJB kernel's exponential against libm over the whole clamped range and the scheme's
// working range (|a| <= 1 - k delta_min <= 1 off the floor).
TEST(FastExp, WithinAFewUlpOfLibm) {
  double worst = 0.0;
  for (int i = -700000; i <= 700000; ++i) {
    const double x = i * 1e-3 + 1.234567e-4;
    if (x > 700.0 || x < -700.0) continue;
    const double ref = std::exp(x);
    worst = std::max(worst, std::fabs(exp_bounded(x) - ref) / ref);
  }
  EXPECT_LT(worst, 2.0 * 2.220446049250313e-16);  // measured: 1.0 eps
  for (double x : {-700.0, -1.0, -0.5, 0.0, 0.5, 1.0, 700.0}) {
    EXPECT_NEAR(exp_bounded(x) / std::exp(x), 1.0, 4.0 * 2.220446049250313e-16) << x;
  }
  EXPECT_EQ(exp_bounded(0.0), 1.0);
}

}  // namespace
}  // namespace hlmm::policy
