#include "policy/hjb_kernel.hpp"

#include <algorithm>

#include "policy/fast_exp.hpp"

namespace hlmm::policy::detail {
namespace {

struct RowConstants {
  double dt;
  double k_over_lot;
  double floor_exponent;
  double h_scale;
  double lambda_scale;
  double lambda_floor;
  double floor_cash;
};

// Edge between rows i and i+1 with value jump D = h(i+1) - h(i): the bid of row i (J = D) and the
// ask of row i+1 (J = -D) share one exponential, since exp(-a) = 1 / exp(a). Beyond the floor
// exponent H is linear in J (the floor binds) and the exponential is not used. Both branches are
// computed and selected, which GCC only if-converts (and so vectorises) with -fno-trapping-math;
// otherwise it runs the scalar loop. The output rows never alias the input rows.
template <bool kHasEdge, bool kJumps>
[[gnu::always_inline]] inline void row(int nf, RowConstants c, const double* __restrict hi, const double* __restrict hn,
                                       double* __restrict out, const double* __restrict src,
                                       const double* __restrict up, const double* __restrict down,
                                       const double* __restrict outr, const double* __restrict ask_in,
                                       const double* __restrict lam_in, double* __restrict ask_next,
                                       double* __restrict lam_next, double* __restrict max_rate,
                                       const double* __restrict jump) {
  for (int j = 0; j < nf; ++j) {
    const double v = hi[j];
    const double g = up[j] * (hi[j + 1] - v) + down[j] * (hi[j - 1] - v);
    double h_bid = 0.0;
    double l_bid = 0.0;
    if constexpr (kHasEdge) {
      const double d = hn[j] - v;
      const double a = d * c.k_over_lot;
      const double ac = std::min(700.0, std::max(-700.0, a));
      const double e = exp_bounded(ac);
      const double inv = 1.0 / e;
      const bool bid_floor = a > c.floor_exponent;
      const bool ask_floor = -a > c.floor_exponent;
      h_bid = bid_floor ? c.lambda_floor * (c.floor_cash + d) : c.h_scale * e;
      l_bid = bid_floor ? c.lambda_floor : c.lambda_scale * e;
      ask_next[j] = ask_floor ? c.lambda_floor * (c.floor_cash - d) : c.h_scale * inv;
      lam_next[j] = ask_floor ? c.lambda_floor : c.lambda_scale * inv;
    }
    const double ham = ask_in[j] + h_bid;
    double rhs = g + src[j] + ham;
    if constexpr (kJumps) rhs += jump[j];
    out[j] = v + c.dt * rhs;
    const double rate = outr[j] + lam_in[j] + l_bid;
    max_rate[j] = std::max(max_rate[j], rate);
  }
}

// Column-major weights (jump_wt[m][j] = w[j][m]) make the inner loop run over j with no
// reduction, so it vectorises; each j still sums over m in ascending order.
[[gnu::always_inline]] inline void jump_term(const HjbKernel& k, const double* __restrict hi, double* __restrict jump) {
  const int nf = k.nf;
  for (int j = 0; j < nf; ++j) jump[j] = 0.0;
  for (int m = 0; m < nf; ++m) {
    const double* __restrict col = k.jump_wt + static_cast<std::size_t>(m) * static_cast<std::size_t>(nf);
    const double hm = hi[m];
    for (int j = 0; j < nf; ++j) jump[j] += col[j] * hm;
  }
  for (int j = 0; j < nf; ++j) jump[j] -= k.jump_out[j] * hi[j];
}

template <bool kJumps>
[[gnu::always_inline]] inline void step(const HjbKernel& k, const double* h_next, double* h_now, HjbScratch& s) {
  for (int j = 0; j < k.nf; ++j) {
    s.ask_in[j] = 0.0;
    s.lam_in[j] = 0.0;
  }
  const RowConstants c{k.dt, k.k_over_lot, k.floor_exponent, k.h_scale, k.lambda_scale, k.lambda_floor, k.floor_cash};
  for (int i = 0; i < k.nq; ++i) {
    const double* hi = h_next + static_cast<std::size_t>(i) * k.stride + 1;
    double* out = h_now + static_cast<std::size_t>(i) * k.stride + 1;
    const double* src = k.source + static_cast<std::size_t>(i) * static_cast<std::size_t>(k.nf);
    if constexpr (kJumps) jump_term(k, hi, s.jump);
    if (i + 1 < k.nq) {
      row<true, kJumps>(k.nf, c, hi, hi + k.stride, out, src, k.up, k.down, k.out_rate, s.ask_in, s.lam_in,
                        s.ask_next, s.lam_next, s.max_rate, s.jump);
    } else {
      row<false, kJumps>(k.nf, c, hi, nullptr, out, src, k.up, k.down, k.out_rate, s.ask_in, s.lam_in, s.ask_next,
                         s.lam_next, s.max_rate, s.jump);
    }
    double* t = s.ask_in;
    s.ask_in = s.ask_next;
    s.ask_next = t;
    t = s.lam_in;
    s.lam_in = s.lam_next;
    s.lam_next = t;
  }
}

}  // namespace

// AVX2 doubles the lanes where the CPU has it; without FMA contraction (ISO C++ mode) both clones
// perform the same IEEE operations, so the solution is bit-identical on every x86-64 host.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void hjb_step(const HjbKernel& k, const double* h_next, double* h_now, HjbScratch& s) {
  if (k.jump_wt != nullptr) {
    step<true>(k, h_next, h_now, s);
  } else {
    step<false>(k, h_next, h_now, s);
  }
}

}  // namespace hlmm::policy::detail
