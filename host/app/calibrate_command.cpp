#include "app/calibrate_command.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli.hpp"
#include "backtest/recorded.hpp"
#include "calibrate/ewma_vol.hpp"
#include "calibrate/hit_counts.hpp"
#include "calibrate/ou_fit.hpp"
#include "policy/preset_file.hpp"

namespace hlmm::app {
namespace {

// The study's distance grid (hjb-math.md §9.2), in basis points of the median mid.
constexpr double kDistancesBp[] = {0, 1, 2, 5, 10, 20, 50, 100};
constexpr double kMinutesPerYear = 60.0 * 24.0 * 365.0;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct CalibrateOptions {
  CalibrateInputs inputs;
  std::string out;
  bool json = false;
};

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The report plus its warnings on their own, so the command can also put them into the written
// file's header and onto stderr.
struct Calibration {
  CalibrateReport report;
  std::vector<std::string> warnings;
};

Calibration calibrate(const CalibrateInputs& in) {
  const auto base = policy::find_preset(in.base);
  if (!base) throw std::runtime_error("unknown --base preset '" + in.base + "' (eth, btc, sol)");
  if (in.rule != "volume_minute" && in.rule != "minute_hit") {
    throw std::runtime_error("--rule must be volume_minute or minute_hit");
  }
  backtest::RecordedStats stats;
  const backtest::MarketPath path =
      backtest::market_from_recorded(backtest::read_text_file(in.candles), backtest::read_text_file(in.funding), &stats);

  // Price: the minute mids; volatility as an EWMA with a one-day half-life, annualised.
  std::vector<double> mids;
  for (const Price m : path.mid) mids.push_back(static_cast<double>(m) / static_cast<double>(kPriceScale));
  calibrate::EwmaVolatility vol = calibrate::EwmaVolatility::with_half_life(1440);
  for (std::size_t i = 1; i < mids.size(); ++i) vol.add_prices(mids[i - 1], mids[i]);
  const double ref_price = median(mids);

  // Funding: every published rate (hourly), not only the hours the candles cover.
  const std::string funding_text = backtest::read_text_file(in.funding);
  std::vector<double> rates;
  for (const auto& [t, r] : backtest::funding_rates(funding_text)) rates.push_back(r);
  const auto ou = calibrate::fit_ou(rates, 1.0);
  if (!ou.ok()) throw std::runtime_error("funding OU fit: " + ou.error().message);
  const auto jump = calibrate::fit_ou_jump(rates, 1.0);
  std::vector<std::string> warnings;

  policy::AssetPreset p = *base;
  p.ref_price = ref_price;
  p.vol_annual = vol.volatility_per(kMinutesPerYear);
  p.kappa = ou.value().kappa;
  p.theta = ou.value().theta;
  p.sigma = ou.value().sigma;
  if (jump.ok()) {
    p.jump_kappa = jump.value().kappa;
    p.jump_theta = jump.value().theta;
    p.jump_sigma = jump.value().sigma;
    p.jump_prob = jump.value().jump_probability;
    p.jump_mean = jump.value().jump_mean;
    p.jump_sd = jump.value().jump_sd;
  } else {
    // Keep the base preset's jump model rather than refuse: the Gaussian OU and the fill fits
    // are what hjb_fd and the other policies use, and the jump EM can fail on data the Gaussian
    // fit handles. But the written file then mixes this data with another asset's jump model
    // (read by hjb_jump and `backtest --jumps`), so every output names the kept values.
    warnings.push_back(fmt::format(
        "WARNING: the funding OU+jump fit failed ({}); the preset keeps the base preset {}'s jump parameters "
        "jump_kappa = {:.6g}, jump_theta = {:.6g}, jump_sigma = {:.6g}, jump_prob = {:.6g}, jump_mean = {:.6g}, "
        "jump_sd = {:.6g} next to the newly fitted Gaussian OU: hjb_jump and backtest --jumps would use {}'s "
        "jump model",
        jump.error().message, base->name, p.jump_kappa, p.jump_theta, p.jump_sigma, p.jump_prob, p.jump_mean,
        p.jump_sd, base->name));
  }

  std::string fills_text = "fill intensity: kept from the base preset (no --trades given)\n";
  std::string fills_json = R"("fills":null)";
  if (!in.trades.empty()) {
    fills_text.clear();
    // count_hits wants the mid at the start of each minute. A candle's close is the mid at the end
    // of its minute, the start of the next: the candle panel begins one minute after the first
    // candle opens and ends with the last candle's minute (the last close starts a minute the
    // candles do not cover). The book's snapshots are taken at the minute's start already.
    std::vector<double> panel(mids.begin(), mids.end() - 1);
    std::uint64_t start_ms = path.start_ns / 1'000'000 + 60'000;
    if (!in.l2book.empty()) {
      const auto snaps = backtest::l2book_mids(backtest::decompress_lz4_if_framed(backtest::read_text_file(in.l2book)));
      start_ms = path.start_ns / 1'000'000;
      panel = backtest::minute_mids(snaps, start_ms);
      if (panel.empty()) throw std::runtime_error(in.l2book + ": no two-sided book snapshot");
    }
    const auto trades = backtest::read_trades(backtest::read_text_file(in.trades));
    std::vector<double> distances;
    for (const double bp : kDistancesBp) distances.push_back(bp * 1e-4 * median(panel));
    std::string rows;
    for (const auto rule : {calibrate::CountingRule::kVolumeMinute, calibrate::CountingRule::kMinuteHit}) {
      const auto counts = calibrate::count_hits(panel, start_ms, trades, distances, base->lot, rule);
      const auto fit = calibrate::fit_fill_intensity(counts, 1.0 / 60.0);
      const char* name = rule == calibrate::CountingRule::kVolumeMinute ? "volume_minute" : "minute_hit";
      if (!fit.ok()) throw std::runtime_error(std::string("fill intensity (") + name + "): " + fit.error().message);
      fills_text += fmt::format("fill intensity ({}): A = {:.4f} 1/h, k = {:.6g} 1/USD (1/k = {:.4g} USD)\n", name,
                                fit.value().A, fit.value().k, 1.0 / fit.value().k);
      rows += fmt::format("{}\"{}\":{{\"A\":{:.10g},\"k\":{:.10g}}}", rows.empty() ? "" : ",", name, fit.value().A,
                          fit.value().k);
      if (in.rule == name) {
        p.A = fit.value().A;
        p.k = fit.value().k;
      }
    }
    fills_text = fmt::format("fills from {} trades over {} minutes\n", trades.size(), panel.size()) + fills_text;
    fills_json = "\"fills\":{" + rows + "}";
  }

  std::string warning_lines;
  std::string warnings_json;
  for (const std::string& w : warnings) {
    warning_lines += w + "\n";
    warnings_json += (warnings_json.empty() ? "" : ",") + json_string(w);
  }
  CalibrateReport r;
  r.preset = p;
  const calibrate::OuFit& o = ou.value();
  r.text = fmt::format(
      "{} minutes ({} candles, {} gap minutes), {} funding records\n"
      "ref_price (median mid) {:.6g} USD; vol_annual (EWMA, 1-day half-life) {:.4f}\n"
      "funding OU: kappa {:.5g}/h (half-life {:.4g} h), theta {:.4g}/h, sigma {:.4g}/sqrt(h); residuals: skew {:.3f}, "
      "excess kurtosis {:.3f}, Jarque-Bera {:.4g}\n"
      "funding OU+jump: {}\n{}{}",
      mids.size(), stats.candles, stats.gap_minutes, rates.size(), p.ref_price, p.vol_annual, o.kappa,
      o.half_life, o.theta, o.sigma, o.residual_skewness, o.residual_excess_kurtosis, o.jarque_bera,
      jump.ok() ? fmt::format("p {:.4g}/h, mean {:.4g}, sd {:.4g}; log-likelihood gain {:.4g}", jump.value().jump_probability,
                              jump.value().jump_mean, jump.value().jump_sd, jump.value().log_likelihood - o.log_likelihood)
                : "not fitted (" + jump.error().message + ")",
      fills_text, warning_lines);
  r.json = fmt::format(
      "{{\"preset\":\"{}\",\"minutes\":{},\"ref_price\":{:.10g},\"vol_annual\":{:.10g},\"kappa\":{:.10g},\"theta\":{:.10g},"
      "\"sigma\":{:.10g},\"half_life_h\":{:.10g},\"jarque_bera\":{:.10g},\"jump_prob\":{:.10g},\"jump_params\":\"{}\","
      "\"A\":{:.10g},\"k\":{:.10g},{},\"warnings\":[{}]}}",
      p.name, mids.size(), p.ref_price, p.vol_annual, p.kappa, p.theta, p.sigma, o.half_life, o.jarque_bera, p.jump_prob,
      jump.ok() ? "fitted" : "base", p.A, p.k, fills_json, warnings_json);
  return {r, warnings};
}

}  // namespace

CalibrateReport calibrate_from_files(const CalibrateInputs& in) { return calibrate(in).report; }

void add_calibrate_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand("calibrate", "Fit volatility, funding OU and fill intensity from recorded data");
  cmd->add_option("--candles", o->inputs.candles, "candleSnapshot JSON, 1m candles (mid panel)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--funding", o->inputs.funding, "fundingHistory JSON")->required()->check(CLI::ExistingFile);
  cmd->add_option("--trades", o->inputs.trades, "trades: WS messages one per line, or a JSON array")->check(CLI::ExistingFile);
  cmd->add_option("--l2book", o->inputs.l2book, "archive l2Book snapshots (.lz4 or JSON lines): mid panel for the fill counts")
      ->check(CLI::ExistingFile);
  cmd->add_option("--base", o->inputs.base, "preset for what the data cannot give (penalties, lot, limit): eth, btc, sol")
      ->required();
  cmd->add_option("--rule", o->inputs.rule, "fill counting rule written to the preset: volume_minute or minute_hit")
      ->capture_default_str();
  cmd->add_option("--out", o->out, "preset file to write (TOML); default <name>-calibrated.toml");
  cmd->add_flag("--json", o->json, "print one JSON object instead of text");
  cmd->callback([o, &exit_code] {
    try {
      const Calibration c = calibrate(o->inputs);
      const CalibrateReport& r = c.report;
      const std::string out = o->out.empty() ? r.preset.name + "-calibrated.toml" : o->out;
      std::ofstream file(out, std::ios::trunc);
      // The file outlives this run's output: it carries the warnings itself.
      std::string comment = "written by hlmm calibrate from " + o->inputs.candles;
      for (const std::string& w : c.warnings) comment += "; " + w;
      file << policy::preset_to_toml(r.preset, comment);
      if (!file) throw std::runtime_error("cannot write " + out);
      // --json keeps stdout one JSON object; the warnings still reach a human.
      if (o->json) {
        for (const std::string& w : c.warnings) std::cerr << "hlmm calibrate: " << w << "\n";
      }
      std::cout << (o->json ? r.json + "\n" : r.text + "preset written to " + out + "\n");
      exit_code = kExitOk;
    } catch (const std::exception& e) {
      std::cerr << "hlmm calibrate: " << e.what() << "\n";
      exit_code = kExitFailure;
    }
  });
}

}  // namespace hlmm::app
