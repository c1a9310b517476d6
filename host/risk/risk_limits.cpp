#include "risk/risk_limits.hpp"

#include <cmath>

#include <fmt/format.h>

namespace hlmm::risk {

std::string_view vol_action_name(VolAction a) { return a == VolAction::kWiden ? "widen" : "stop"; }

std::string_view disconnect_action_name(DisconnectAction a) {
  return a == DisconnectAction::kCancelAll ? "cancel_all" : "flatten";
}

bool parse_vol_action(std::string_view name, VolAction& out) {
  if (name == "widen") return out = VolAction::kWiden, true;
  if (name == "stop") return out = VolAction::kStop, true;
  return false;
}

bool parse_disconnect_action(std::string_view name, DisconnectAction& out) {
  if (name == "cancel_all") return out = DisconnectAction::kCancelAll, true;
  if (name == "flatten") return out = DisconnectAction::kFlatten, true;
  return false;
}

std::string validate(const RiskLimits& l) {
  auto frac = [](double v) { return std::isfinite(v) && v >= 0; };
  if (!frac(l.capital_usd)) return "capital_usd must be >= 0";
  if (!frac(l.max_drawdown_frac) || l.max_drawdown_frac > 1) return "max_drawdown_frac must be in [0, 1]";
  if (!frac(l.daily_loss_frac) || l.daily_loss_frac > 1) return "daily_loss_frac must be in [0, 1]";
  if (l.daily_reset_utc_hour < 0 || l.daily_reset_utc_hour > 23) return "daily_reset_utc_hour must be in 0..23";
  if (!frac(l.max_gross_notional_frac)) return "max_gross_notional_frac must be >= 0";
  if (!frac(l.max_net_position_frac)) return "max_net_position_frac must be >= 0";
  if (!(l.vol_window_s > 0) || !std::isfinite(l.vol_window_s)) return "vol_window_s must be finite and > 0";
  if (!frac(l.vol_threshold_frac)) return "vol_threshold_frac must be >= 0";
  if (!frac(l.vol_widen_bps) || !frac(l.vol_cooldown_s)) return "vol_widen_bps and vol_cooldown_s must be >= 0";
  if (l.markout_ms == 0) return "markout_ms must be > 0";
  if (!(l.markout_ewma_alpha > 0 && l.markout_ewma_alpha <= 1)) return "markout_ewma_alpha must be in (0, 1]";
  if (!frac(l.toxic_markout_bps) || !frac(l.toxic_widen_bps)) return "toxic_markout_bps and toxic_widen_bps must be >= 0";
  if (!(l.var_confidence > 0.5 && l.var_confidence < 1)) return "var_confidence must be in (0.5, 1)";
  if (!(l.var_horizon_s > 0) || !(l.var_sample_s > 0) || !std::isfinite(l.var_horizon_s) || !std::isfinite(l.var_sample_s)) {
    return "var_horizon_s and var_sample_s must be finite and > 0";
  }
  if (l.var_window < 2) return "var_window must be >= 2";
  if (!frac(l.max_var_frac)) return "max_var_frac must be >= 0";
  return {};
}

}  // namespace hlmm::risk
