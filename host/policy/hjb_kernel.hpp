// The explicit backward step of the HJB scheme (internal to host/policy). Compiled on its own at
// -O3 so the row loops vectorise; everything it needs is precomputed by hjb_fd.cpp.
#pragma once

#include <cstddef>

namespace hlmm::policy::detail {

struct HjbKernel {
  int nq = 0;
  int nf = 0;
  std::size_t stride = 0;    // row stride of h: nf + 2, a zero ghost column on each side
  double dt = 0.0;
  double k_over_lot = 0.0;   // k / lot: exponent of H per unit of value jump J
  double floor_exponent = 0.0;  // 1 - k * min_delta: above it the quote floor binds
  double h_scale = 0.0;      // A lot / (e k): H(J) = h_scale * exp(k J / lot) without the floor
  double lambda_scale = 0.0;  // A / e: fill rate Lambda(delta*) = lambda_scale * exp(k J / lot)
  double lambda_floor = 0.0;  // A exp(-k min_delta): fill rate at the floor
  double floor_cash = 0.0;    // min_delta * lot
  const double* up = nullptr;     // [nf] birth rates (0 at the top node)
  const double* down = nullptr;   // [nf] death rates (0 at the bottom node)
  const double* out_rate = nullptr;  // [nf] up + down + jump_out: the chain's outflow (min_weight only)
  const double* source = nullptr;    // [nq * nf] -q f - phi q^2
  const double* jump_wt = nullptr;   // [nf * nf] jump weights transposed (w[j][m] at m * nf + j); null: no jumps
  const double* jump_out = nullptr;  // [nf] row sums of jump_w
};

// Scratch buffers of nf doubles each, owned by the caller so steps do not allocate.
struct HjbScratch {
  double* ask_in = nullptr;     // H of the ask edge entering the current row (from row i-1)
  double* ask_next = nullptr;
  double* lam_in = nullptr;
  double* lam_next = nullptr;
  double* jump = nullptr;
  double* max_rate = nullptr;   // per-f running maximum of the total outflow rate
};

// One step n+1 -> n: reads h_next (padded rows), writes h_now.
void hjb_step(const HjbKernel& k, const double* h_next, double* h_now, HjbScratch& s);

}  // namespace hlmm::policy::detail
