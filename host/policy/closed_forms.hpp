// Closed-form quotes used as baselines and as test oracles (shared hjb-math.md §6).
// Offsets are (bid, ask) in USD from the mid; +infinity marks a side switched off.
#pragma once

#include <utility>
#include <vector>

namespace hlmm::policy {

using Quote = std::pair<double, double>;  // (bid offset, ask offset)

// §6.1 [CJP15 ch. 10; GLFT13]: constant funding f, lot 1, no floor. With omega = exp(k h) the HJB
// is the linear system d(omega)/d(tau) = M omega, solved by a matrix exponential on the truncated
// inventory grid `qs` (consecutive integers). `pieces` splits tau and renormalises omega between
// pieces (quotes need only ratios) so long horizons do not overflow.
std::vector<Quote> cjp_exact_quotes(const std::vector<double>& qs, double A, double k, double alpha, double phi,
                                    double f, double tau, int pieces = 1);

// exp(M) of a dense square matrix (row-major, n x n): scaling and squaring of a degree-20 Taylor
// polynomial; adequate for the small, well-scaled generators of the oracle.
std::vector<double> matrix_exponential(const std::vector<double>& m, int n);

// §6.5 gamma -> 0 limit of GLFT with running penalty phi, for a lot of `lot` coins:
// bid = 1/k + (2q + lot)/2 sqrt(phi e / (A k lot)), ask = 1/k - (2q - lot)/2 sqrt(phi e / (A k lot)).
Quote glft_risk_neutral(double q, double A, double k, double phi, double lot = 1.0);

// §6.5 [GLFT13] CARA asymptotic quotes, lot `lot` (Gueant 2017's form with xi = gamma):
// base = ln(1 + gamma lot / k) / (gamma lot), omega = sqrt(sigma^2 gamma / (2 A k lot) (1 + gamma lot/k)^(1 + k/(gamma lot))).
Quote glft_cara(double q, double gamma, double sigma, double A, double k, double lot = 1.0);

// §6.4 [AS08]: reservation price S - q gamma sigma^2 tau and total spread
// gamma sigma^2 tau + (2/gamma) ln(1 + gamma/k).
Quote as_cara(double q, double tau, double gamma, double sigma, double k);

// §6.3 the paper's pure_as (LQ value -(alpha + phi tau) q^2, f = 0). `jump` is the inventory step
// of one fill in the value difference: 1 reproduces the paper's unit-jump quirk, the lot divides
// correctly (§14.2). bid = max(floor, 1/k + c (2q + jump)), ask = max(floor, 1/k + c (jump - 2q)).
Quote paper_pure_as(double q, double tau, double alpha, double phi, double k, double floor, double jump = 1.0);

// §6.2 the paper's LQ funding core: paper_pure_as shifted by F(tau, f), the expected funding paid
// over the horizon, F = theta tau + (f - theta)(1 - e^{-kappa tau}) / kappa.
Quote lq_funding(double q, double f, double tau, double alpha, double phi, double kappa, double theta, double k,
                 double floor, double jump = 1.0);

}  // namespace hlmm::policy
