#include "backtest/report.hpp"

#include <cmath>

#include <fmt/format.h>

namespace hlmm::backtest {
namespace {

// JSON has no NaN or infinity: a value that is not finite is written as null.
std::string num(double x, int digits = 6) {
  if (!std::isfinite(x)) return "null";
  return fmt::format("{:.{}f}", x, digits);
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string display_name(const PolicySummary& p) {
  return p.name == "pure_as_scaled" ? fmt::format("pure_as_scaled(x{:.3f})", p.scale) : p.name;
}

}  // namespace

std::string format_table(const StudyResult& r) {
  std::string out;
  const auto& c = r.config;
  const bool event = event_level(c.execution);
  const std::string execution =
      event ? fmt::format("{} ({}, queues, feed {} ms + order {} ms latency, fees maker {} / taker {} ppm)",
                          execution_name(c.execution),
                          c.execution == ExecutionMode::kL2 ? "L2 replay blocks" : "exchange blocks",
                          c.event.latency.feed_ms, c.event.latency.order_ms, c.event.fees.maker_ppm, c.event.fees.taker_ppm)
            : std::string("study (Poisson fills, hourly funding)");
  out += fmt::format("backtest {}{} | {} seeds x {:g} days | quotes: {} | execution: {}{}{}\n",
                     c.preset, c.recorded ? " (recorded market)" : "", r.seeds_finished, r.days,
                     c.quotes == QuoteMode::kPipeline ? "pipeline (" + c.backend + ")" : std::string("continuous"), execution,
                     c.jumps ? " | funding jumps on" : "",
                     c.funding_scale != 1.0 || c.funding_sigma_scale != 1.0
                         ? fmt::format(" | funding stress theta x{:g}, sigma_f x{:g}", c.funding_scale, c.funding_sigma_scale)
                         : std::string());
  if (r.interrupted) out += fmt::format("INTERRUPTED: the table covers the {} seeds that finished\n", r.seeds_finished);
  out += fmt::format("{:<24}{:>12}{:>9}{:>10}{:>9}{:>6}{:>9}{:>10}{:>7}{:>7}{:>9}{:>8}{:>7}{:>8}\n", "policy", "equity", "+/-95%",
                     "d vs AS", "+/-95%", "win", "inv RMS", "max DD", "fill", "Sharpe", "USD/day", "funding", "SCE", "IER");
  for (const auto& p : r.policies) {
    const bool base = p.name == "pure_as";
    out += fmt::format("{:<24}{:>12.2f}{:>9.2f}{:>10}{:>9}{:>6}{:>9.4f}{:>10.2f}{:>7.4f}{:>7.2f}{:>9.1f}{:>8.2f}{:>7.3f}{:>8.4f}\n",
                       display_name(p), p.final_equity.mean, p.final_equity.ci95,
                       base ? "—" : fmt::format("{:.2f}", p.delta_vs_pure_as.mean),
                       base ? "—" : fmt::format("{:.2f}", p.delta_vs_pure_as.ci95),
                       base ? "—" : fmt::format("{:.2f}", p.win_rate), p.inventory_rms, p.max_drawdown, p.fill_rate,
                       p.sharpe, p.equity_per_day, p.funding_paid, p.spread_capture_efficiency, p.inventory_efficiency);
  }
  out += "  funding: USD paid (negative: received); SCE = equity / spread captured at fill; IER = equity / (inv RMS x S_ref)\n";
  if (event) {
    out += fmt::format("{} model, per seed (fill rate counts filled size in lots):\n", execution_name(c.execution));
    out += fmt::format("{:<24}{:>12}{:>12}{:>12}{:>10}{:>12}{:>14}\n", "policy", "fees USD", "ALO rejects", "actions",
                       "taker", "max |q|", "events");
    for (const auto& p : r.policies) {
      out += fmt::format("{:<24}{:>12.2f}{:>12.1f}{:>12.1f}{:>10.1f}{:>12.4g}{:>14.0f}\n", display_name(p), p.fees_paid,
                         p.alo_rejects, p.requests, p.taker_fills, p.max_abs_position, p.events);
    }
  }
  if (!r.policies.empty() && !r.policies.front().windows.empty()) {
    out += "stress windows (per seed the one day the market path picks; PnL over that day, mean +/- 95%):\n";
    out += fmt::format("{:<24}", "policy");
    for (const auto& w : r.policies.front().windows) out += fmt::format("{:>30}", w.name);
    out += "\n";
    for (const auto& p : r.policies) {
      out += fmt::format("{:<24}", display_name(p));
      for (const auto& w : p.windows) {
        out += fmt::format("{:>30}", fmt::format("{:.1f} +/- {:.1f} (rms {:.3g})", w.pnl.mean, w.pnl.ci95, w.inventory_rms));
      }
      out += "\n";
    }
    out += fmt::format("{:<24}", "  window market");
    for (const auto& w : r.policies.front().windows) {
      out += fmt::format("{:>30}", fmt::format("r {:.2e}/h, vol {:.0f}%", w.mean_rate, 100.0 * w.realized_vol));
    }
    out += "\n";
  }
  for (const auto& a : r.attribution) {
    out += fmt::format("paired: {} - {} = {:.2f} +/- {:.2f} USD, win {:.2f}{}\n", a.policy, a.against, a.delta.mean, a.delta.ci95,
                       a.win_rate,
                       a.against == "hjb_fd_no_funding" ? "  (the funding channel)" : "  (HJB vs AS with matched inventory risk)");
    out += fmt::format("        = spread captured {:.2f} +/- {:.2f} + funding received {:.2f} +/- {:.2f} + inventory "
                       "mark-to-market {:.2f} +/- {:.2f}\n",
                       a.spread.mean, a.spread.ci95, a.funding_received.mean, a.funding_received.ci95,
                       a.mark_to_market.mean, a.mark_to_market.ci95);
  }
  for (const auto& n : r.notes) out += "note: " + n + "\n";
  out += fmt::format("{} runs, {} pipeline records, {}{:.1f} s wall\n", r.runs, r.records,
                     event ? fmt::format("{} events (L2 updates + trades), ", r.events) : std::string(), r.wall_seconds);
  return out;
}

std::string format_json(const StudyResult& r) {
  std::string out = fmt::format("{{\"preset\":{},\"seeds\":{},\"policies\":[", quoted(r.config.preset), r.seeds_finished);
  bool first = true;
  for (const auto& p : r.policies) {
    if (!first) out += ",";
    first = false;
    out += fmt::format(
        "{{\"policy\":{},\"final_equity\":{},\"ci95\":{},\"delta_vs_pure_as\":{},\"delta_ci95\":{},\"win_rate\":{},"
        "\"inventory_rms\":{},\"max_drawdown\":{},\"fill_rate\":{},\"sharpe\":{},\"equity_per_day\":{},"
        "\"funding_paid\":{},\"spread_captured\":{},\"spread_capture_efficiency\":{},\"inventory_efficiency_ratio\":{},\"blocked_fills\":{},"
        "\"scale\":{},\"days\":{},\"quotes\":{},\"execution\":{},\"fees_paid\":{},\"alo_rejects\":{},\"requests\":{},"
        "\"taker_fills\":{},\"max_abs_position\":{},\"events\":{},\"interrupted\":{},\"stress_windows\":[",
        quoted(p.name), num(p.final_equity.mean, 4), num(p.final_equity.ci95, 4), num(p.delta_vs_pure_as.mean, 4),
        num(p.delta_vs_pure_as.ci95, 4), num(p.win_rate, 4), num(p.inventory_rms), num(p.max_drawdown, 4),
        num(p.fill_rate), num(p.sharpe, 4), num(p.equity_per_day, 4), num(p.funding_paid, 4),
        num(p.spread_captured, 4), num(p.spread_capture_efficiency), num(p.inventory_efficiency), num(p.blocked_fills, 2), num(p.scale),
        num(r.days, 4), quoted(r.config.quotes == QuoteMode::kPipeline ? "pipeline" : "continuous"),
        quoted(std::string(execution_name(r.config.execution))), num(p.fees_paid, 4), num(p.alo_rejects, 2),
        num(p.requests, 2), num(p.taker_fills, 2), num(p.max_abs_position), num(p.events, 0),
        r.interrupted ? "true" : "false");
    bool wfirst = true;
    for (const auto& w : p.windows) {
      if (!wfirst) out += ",";
      wfirst = false;
      out += fmt::format("{{\"window\":{},\"pnl\":{},\"ci95\":{},\"inventory_rms\":{},\"funding_paid\":{},\"mean_rate\":{},"
                         "\"realized_vol\":{}}}",
                         quoted(w.name), num(w.pnl.mean, 4), num(w.pnl.ci95, 4), num(w.inventory_rms), num(w.funding_paid, 4),
                         num(w.mean_rate, 10), num(w.realized_vol));
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace hlmm::backtest
