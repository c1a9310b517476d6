// Asset presets from shared hjb-math.md §9-11 (the paper's calibration files and selected
// penalties). Reference prices are the illustrative ones of the Python reference, so a solve here
// can be compared with its printed tables; live use replaces them with the trailing median mid.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "policy/hjb_fd.hpp"
#include "policy/hjb_jump.hpp"

namespace hlmm::policy {

struct AssetPreset {
  std::string name;
  double ref_price;     // S_ref, USD/coin: scales the fractional funding OU to cash units
  double lot;           // coins
  double limit;         // |q| <= limit, coins
  double A;             // 1/h (volume_minute fit)
  double k;             // 1/USD
  double kappa;         // Gaussian OU on the hourly rate: 1/h
  double theta;         // fraction/h
  double sigma;         // fraction/sqrt(h)
  double jump_kappa;    // OU+jump fit
  double jump_theta;
  double jump_sigma;
  double jump_prob;     // jumps per hour (Bernoulli per hour, ~ Poisson rate at this size)
  double jump_mean;     // fraction/h
  double jump_sd;
  double alpha;         // hjb_fd penalties (paper v1), USD/coin^2 and USD/(coin^2 h)
  double phi;
  double as_alpha;      // pure_as base penalties
  double as_phi;
  double vol_annual;    // price volatility for the CARA formulas (reference backtest values)
  double tick;          // quote floor, USD
  double horizon_hours;
};

std::optional<AssetPreset> find_preset(std::string_view name);  // "eth", "btc", "sol" (any case)

// Cash-mode HJB parameters: funding grid theta +- 5 stationary sd (and always 0), n_f nodes,
// n_t = max(n_t_min_default, smallest CFL-stable count) when n_t <= 0.
HjbParams hjb_params_for(const AssetPreset& a, int n_f = 31, int n_t = 0, bool funding_on = true);
FundingJumps jumps_for(const AssetPreset& a);
// The OU+jump fit's diffusion parameters in cash mode. Its funding grid is wider: theta +-
// max(5 sd of the jump-inclusive stationary law, |jump mean| + 3 jump sd), and always 0, so a jump
// from the bulk lands on the grid rather than in an edge cell.
HjbParams hjb_jump_params_for(const AssetPreset& a, int n_f = 31, int n_t = 0);

inline constexpr int kDefaultTimeSteps = 2048;

}  // namespace hlmm::policy
