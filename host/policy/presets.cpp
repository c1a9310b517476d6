#include "policy/presets.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace hlmm::policy {
namespace {

const AssetPreset kPresets[] = {
    {"ETH", 3000.0, 1.0, 10.0, 94.2862697978559, 0.5971592658795428, 0.12465693644346972, 1.4271686739769607e-05,
     1.1125286895537884e-05, 0.15471, 1.0657e-05, 5.580e-06, 0.020536, 6.56e-06, 2.66e-05, 0.0005, 0.0001, 0.001,
     0.0001, 0.65, 0.01, 6.0},
    {"BTC", 90000.0, 0.05, 0.5, 87.33825174850391, 0.044786618414423704, 0.17026174832434643, 1.609414562564758e-05,
     1.1392420546945807e-05, 0.22537, 1.2271e-05, 4.380e-06, 0.012355, 9.37e-06, 3.59e-05, 0.002, 0.0001, 0.001,
     0.0001, 0.50, 0.01, 6.0},
    {"SOL", 135.0, 25.0, 250.0, 86.6402906740685, 10.058117030639629, 0.300005342747364, 1.1521290591682468e-05,
     2.9280161388292017e-05, 0.36724, 1.1912e-05, 1.2795e-05, 0.0015545, -1.02e-05, 6.47e-04, 0.001, 0.00005, 0.001,
     0.0001, 0.80, 0.01, 6.0},
};

// half_width: the funding grid spans theta +- half_width (cash units), and always 0.
HjbParams base_params(const AssetPreset& a, double kappa, double theta, double sigma, double half_width, int n_f,
                      int n_t, bool funding_on) {
  HjbParams p;
  p.horizon_hours = a.horizon_hours;
  p.q_min = -a.limit;
  p.q_max = a.limit;
  p.q_step = a.lot;
  const double s = a.ref_price;
  const double th = theta * s;
  if (funding_on) {
    p.f_min = std::min(th - half_width, 0.0);
    p.f_max = std::max(th + half_width, 0.0);
    p.n_f = n_f;
    p.kappa = kappa;
    p.theta_bar = th;
    p.sigma_f = sigma * s;
  }
  p.A = a.A;
  p.k = a.k;
  p.alpha = a.alpha;
  p.phi = a.phi;
  p.min_delta = a.tick;
  p.n_t = n_t > 0 ? n_t : std::max(kDefaultTimeSteps, min_n_t(p));
  return p;
}

}  // namespace

std::optional<AssetPreset> find_preset(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (const auto& p : kPresets) {
    if (p.name == upper) return p;
  }
  return std::nullopt;
}

HjbParams hjb_params_for(const AssetPreset& a, int n_f, int n_t, bool funding_on) {
  const double stationary_sd = a.sigma * a.ref_price / std::sqrt(2.0 * a.kappa);
  return base_params(a, a.kappa, a.theta, a.sigma, 5.0 * stationary_sd, n_f, n_t, funding_on);
}

FundingJumps jumps_for(const AssetPreset& a) {
  return FundingJumps{a.jump_prob, a.jump_mean * a.ref_price, a.jump_sd * a.ref_price};
}

namespace {

double jump_grid_half_width(const AssetPreset& a) {
  const FundingJumps j = jumps_for(a);
  const double sigma = a.jump_sigma * a.ref_price;
  const double two_kappa = 2.0 * a.jump_kappa;
  const double stationary_sd = std::sqrt((sigma * sigma + j.lambda * (j.sd * j.sd + j.mean * j.mean)) / two_kappa);
  // The jumps are rare but each is large against the stationary spread (SOL: s_J ~ 19 stationary
  // sd), so theta +- 5 sd of the stationary law still clamps most jumps to an edge cell, which
  // truncates the very tail this variant models. The grid also spans one jump from theta to 3 s_J.
  // Cells get coarser than the diffusion (SOL: 8.7 diffusion sd), which costs little: the chain's
  // drift is exact at the nodes, and SOL's quotes in the bulk stay within 0.1% of a 301-node grid's.
  return std::max(5.0 * stationary_sd, std::fabs(j.mean) + 3.0 * j.sd);
}

}  // namespace

HjbParams hjb_jump_params_for(const AssetPreset& a, int n_f, int n_t) {
  HjbParams p = base_params(a, a.jump_kappa, a.jump_theta, a.jump_sigma, jump_grid_half_width(a), n_f, n_t, true);
  if (n_t <= 0) p.n_t = std::max(kDefaultTimeSteps, min_n_t(p, jumps_for(a).lambda));
  return p;
}

}  // namespace hlmm::policy
