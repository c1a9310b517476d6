#include "app/hedge_config.hpp"

#include <fmt/format.h>

namespace hlmm::app {

std::optional<std::string> parse_hedge_section(const toml::table& t, std::string_view origin, live::HedgeSettings& out) {
  live::HedgeSettings h = out;
  struct NumberKey {
    const char* name;
    double* target;
  };
  double escalate_after_s = static_cast<double>(h.rule.escalate_after_ns) / 1e9;
  double window = h.window;
  const NumberKey numbers[] = {
      {"inventory_threshold", &h.rule.inventory_threshold},
      {"var_limit_usd", &h.rule.var_limit_usd},
      {"eta", &h.rule.eta},
      {"lean_bps_per_coin", &h.rule.lean_bps_per_coin},
      {"max_lean_bps", &h.rule.max_lean_bps},
      {"min_progress", &h.rule.min_progress},
      {"escalate_after_s", &escalate_after_s},
      {"var_confidence", &h.confidence},
      {"var_horizon_s", &h.horizon_s},
      {"sample_s", &h.sample_s},
      {"window", &window},
      {"ioc_through_bps", &h.ioc_through_bps},
  };
  for (const auto& [key, node] : t) {
    const std::string_view k = key.str();
    const NumberKey* match = nullptr;
    for (const NumberKey& n : numbers) match = k == n.name ? &n : match;
    const auto where = [&](std::string_view what) {
      return fmt::format("{}:{}:{}: {}", origin, node.source().begin.line, node.source().begin.column, what);
    };
    if (match == nullptr) return where(fmt::format("unknown key '{}' in [hedge]", k));
    const auto v = node.value<double>();  // integers are accepted as numbers too
    if (!v) return where(fmt::format("hedge.{} must be a number", k));
    *match->target = *v;
  }
  if (!(escalate_after_s >= 0) || escalate_after_s > 86'400) {
    return fmt::format("{}: [hedge] escalate_after_s must be in [0, 86400] (got {})", origin, escalate_after_s);
  }
  if (!(window >= 2 && window <= 1'000'000) || window != static_cast<double>(static_cast<std::uint32_t>(window))) {
    return fmt::format("{}: [hedge] window must be a whole number in [2, 1000000] (got {})", origin, window);
  }
  h.rule.escalate_after_ns = static_cast<std::uint64_t>(escalate_after_s * 1e9);
  h.window = static_cast<std::uint32_t>(window);
  if (const std::string bad = live::validate(h); !bad.empty()) return fmt::format("{}: [hedge] {}", origin, bad);
  out = h;
  return std::nullopt;
}

}  // namespace hlmm::app
