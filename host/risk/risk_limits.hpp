// The account-wide limits the host risk gate enforces ([risk] in the TOML configuration; defaults
// below are the documented ones). Fractions are of `capital_usd`; 0 disables a limit where noted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hlmm::risk {

enum class VolAction : std::uint8_t { kWiden, kStop };
enum class DisconnectAction : std::uint8_t { kCancelAll, kFlatten };

struct RiskLimits {
  double capital_usd = 0;              // 0: the account value at start (clearinghouseState)
  bool kill_switch = false;            // manual kill at start (config / CLI)
  double max_drawdown_frac = 0.05;     // equity below its high-water mark by this much -> kill
  double daily_loss_frac = 0.03;       // equity below the day's opening equity by this much -> kill
  int daily_reset_utc_hour = 0;        // the trading day starts at this UTC hour
  double max_gross_notional_frac = 1.0;  // sum over assets of |position| x mid, incl. the new quote
  double max_net_position_frac = 0.20;   // per asset |position| x mid
  std::uint32_t max_open_orders_per_asset = 4;
  // Volatility circuit breaker: |mid move| over the window above the threshold.
  double vol_window_s = 60;
  double vol_threshold_frac = 0.02;
  VolAction vol_action = VolAction::kWiden;
  double vol_widen_bps = 50;           // each side at least this far from the mid while tripped
  double vol_cooldown_s = 30;          // tripped state kept this long after the move calms
  DisconnectAction on_disconnect = DisconnectAction::kCancelAll;
  // Adverse-selection monitor: markout of each fill `markout_ms` later, per side (EWMA).
  std::uint64_t markout_ms = 5'000;
  double markout_ewma_alpha = 0.2;
  std::uint32_t toxic_min_fills = 5;
  double toxic_markout_bps = 5;        // EWMA markout below -this (against us) -> widen that side
  double toxic_widen_bps = 10;
  // VaR / expected shortfall of the book of positions.
  double var_confidence = 0.99;
  double var_horizon_s = 60;
  double var_sample_s = 1;             // mid sampling interval of the return history
  std::uint32_t var_window = 600;      // returns kept per asset
  double max_var_frac = 0;             // 0: no cap; else parametric VaR of the book after the quote
};

std::string_view vol_action_name(VolAction a);
std::string_view disconnect_action_name(DisconnectAction a);
// Returns false for an unknown name.
bool parse_vol_action(std::string_view name, VolAction& out);
bool parse_disconnect_action(std::string_view name, DisconnectAction& out);

// Empty when consistent, else what is wrong (the first problem).
std::string validate(const RiskLimits& limits);

}  // namespace hlmm::risk
