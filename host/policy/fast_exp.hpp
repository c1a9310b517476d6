// exp() written so the compiler can vectorise it: range reduction by ln 2 and a Taylor polynomial.
// The HJB inner loop needs one exponential per grid edge and step; std::exp is an opaque libm
// call that blocks vectorisation, and it is most of the cost. Accuracy is a few ulp, far below the
// scheme's own O(dt) error, and the differential test against the Python reference covers it.
#pragma once

#include <bit>
#include <cstdint>

namespace hlmm::policy {

// Valid for x in [-700, 700]; callers clamp (the result then stays a normal double).
[[gnu::always_inline]] inline double exp_bounded(double x) {
  constexpr double kLog2e = 1.4426950408889634074;
  // ln 2 split so that n * kLn2Hi is exact for |n| < 2^20 (the low 32 bits of kLn2Hi are zero).
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  // Adding 1.5 * 2^52 rounds to an integer and leaves it in the low mantissa bits.
  constexpr double kShifter = 6755399441055744.0;
  const double t = x * kLog2e + kShifter;
  const double n = t - kShifter;
  const double r = (x - n * kLn2Hi) - n * kLn2Lo;  // |r| <= ln(2)/2
  // Taylor series to degree 13: the remainder (ln2/2)^14/14! ~ 5e-18 is below double rounding.
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const std::int64_t ni = std::bit_cast<std::int64_t>(t) - std::bit_cast<std::int64_t>(kShifter);
  const double scale = std::bit_cast<double>((ni + 1023) << 52);
  return p * scale;
}

}  // namespace hlmm::policy
