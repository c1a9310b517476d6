#include "app/risk_config.hpp"

#include <cmath>
#include <cstdint>

#include <fmt/format.h>

namespace hlmm::app {

namespace {

std::string at(std::string_view origin, const toml::node& n, std::string_view what) {
  return fmt::format("{}:{}:{}: {}", origin, n.source().begin.line, n.source().begin.column, what);
}

}  // namespace

std::optional<std::string> parse_risk_section(const toml::table& t, std::string_view origin, risk::RiskLimits& out) {
  risk::RiskLimits l = out;
  struct NumberKey {
    const char* name;
    double* target;
  };
  const NumberKey numbers[] = {
      {"capital_usd", &l.capital_usd},
      {"max_drawdown_frac", &l.max_drawdown_frac},
      {"daily_loss_frac", &l.daily_loss_frac},
      {"max_gross_notional_frac", &l.max_gross_notional_frac},
      {"max_net_position_frac", &l.max_net_position_frac},
      {"vol_window_s", &l.vol_window_s},
      {"vol_threshold_frac", &l.vol_threshold_frac},
      {"vol_widen_bps", &l.vol_widen_bps},
      {"vol_cooldown_s", &l.vol_cooldown_s},
      {"markout_ewma_alpha", &l.markout_ewma_alpha},
      {"toxic_markout_bps", &l.toxic_markout_bps},
      {"toxic_widen_bps", &l.toxic_widen_bps},
      {"var_confidence", &l.var_confidence},
      {"var_horizon_s", &l.var_horizon_s},
      {"var_sample_s", &l.var_sample_s},
      {"max_var_frac", &l.max_var_frac},
  };
  for (const auto& [key, node] : t) {
    const std::string_view k = key.str();
    bool done = false;
    for (const NumberKey& n : numbers) {
      if (k != n.name) continue;
      const auto v = node.value<double>();  // integers are accepted as numbers too
      if (!v) return at(origin, node, fmt::format("risk.{} must be a number", k));
      // TOML has inf and nan; no limit, window or rate is meant by either.
      if (!std::isfinite(*v)) return at(origin, node, fmt::format("risk.{} must be a finite number", k));
      *n.target = *v;
      done = true;
    }
    if (done) continue;
    if (k == "kill_switch") {
      const auto v = node.value<bool>();
      if (!v || !node.is_boolean()) return at(origin, node, "risk.kill_switch must be true or false");
      l.kill_switch = *v;
    } else if (k == "daily_reset_utc_hour" || k == "max_open_orders_per_asset" || k == "markout_ms" ||
               k == "toxic_min_fills" || k == "var_window") {
      const auto v = node.value<std::int64_t>();
      if (!v || !node.is_integer() || *v < 0) return at(origin, node, fmt::format("risk.{} must be a non-negative integer", k));
      // Each key's largest meaningful value; beyond it a value is refused, never wrapped or clamped.
      const std::int64_t most = k == "daily_reset_utc_hour" ? 23
                                : k == "markout_ms"        ? 86'400'000
                                : k == "var_window"        ? 1'000'000
                                                           : std::int64_t{UINT32_MAX};
      if (*v > most) return at(origin, node, fmt::format("risk.{} must be at most {}", k, most));
      if (k == "daily_reset_utc_hour") l.daily_reset_utc_hour = static_cast<int>(*v);
      if (k == "max_open_orders_per_asset") l.max_open_orders_per_asset = static_cast<std::uint32_t>(*v);
      if (k == "markout_ms") l.markout_ms = static_cast<std::uint64_t>(*v);
      if (k == "toxic_min_fills") l.toxic_min_fills = static_cast<std::uint32_t>(*v);
      if (k == "var_window") l.var_window = static_cast<std::uint32_t>(*v);
    } else if (k == "vol_action") {
      const auto v = node.value<std::string>();
      if (!v || !risk::parse_vol_action(*v, l.vol_action)) return at(origin, node, "risk.vol_action must be \"widen\" or \"stop\"");
    } else if (k == "on_disconnect") {
      const auto v = node.value<std::string>();
      if (!v || !risk::parse_disconnect_action(*v, l.on_disconnect)) {
        return at(origin, node, "risk.on_disconnect must be \"cancel_all\" or \"flatten\"");
      }
    } else {
      return at(origin, node, fmt::format("unknown key '{}' in [risk]", k));
    }
  }
  if (const std::string bad = risk::validate(l); !bad.empty()) return fmt::format("{}: [risk] {}", origin, bad);
  out = l;
  return std::nullopt;
}

}  // namespace hlmm::app
