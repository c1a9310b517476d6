#include "app/config.hpp"

#include <array>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "app/hedge_config.hpp"
#include "app/risk_config.hpp"
#include "live/trader.hpp"

namespace hlmm::app {
namespace {

constexpr std::array kBackends = {"sw", "verilator", "systemc", "xrt", "auto"};

ConfigError error_at(std::string_view origin, const toml::source_region& where, std::string_view what) {
  return {fmt::format("{}:{}:{}: {}", origin, where.begin.line, where.begin.column, what)};
}

// Refuses keys a section does not define, naming the first one found.
template <std::size_t N>
const ConfigError* unknown_key(const toml::table& table, std::string_view section,
                               const std::array<std::string_view, N>& known, std::string_view origin,
                               ConfigError& out) {
  for (const auto& [key, node] : table) {
    bool found = false;
    for (auto k : known) found = found || key.str() == k;
    if (!found) {
      out = error_at(origin, node.source(),
                     section.empty() ? fmt::format("unknown section or key '{}'", key.str())
                                     : fmt::format("unknown key '{}' in [{}]", key.str(), section));
      return &out;
    }
  }
  return nullptr;
}

}  // namespace

SubcommandConfig subcommand_config(const std::string& own_path, std::string_view own_option,
                                   const std::optional<AppConfig>& top_level) {
  if (own_path.empty()) return top_level;
  if (top_level) {
    return ConfigError{fmt::format("a configuration was given twice (hlmm --config and {} {}); give one", own_option, own_path)};
  }
  ConfigResult loaded = load_config_file(own_path);
  if (auto* err = std::get_if<ConfigError>(&loaded)) return *err;
  return std::optional<AppConfig>(std::get<AppConfig>(std::move(loaded)));
}

void apply_to_trader(const AppConfig& config, live::TraderConfig& trader) {
  trader.risk = config.risk;
  trader.funding_target = config.funding_target;
  trader.hedge = config.hedge;
}

ConfigResult parse_config(std::string_view toml_text, std::string_view origin) {
  // Debian's toml++ is built with exceptions: a syntax error throws.
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& err) {
    return error_at(origin, err.source(), err.description());
  }
  ConfigError err;
  if (unknown_key(root, "", std::array<std::string_view, 5>{"log", "engine", "risk", "strategy", "hedge"}, origin, err)) return err;

  AppConfig cfg;
  if (const toml::node* log = root.get("log")) {
    const toml::table* t = log->as_table();
    if (!t) return error_at(origin, log->source(), "[log] must be a table");
    if (unknown_key(*t, "log", std::array<std::string_view, 1>{"level"}, origin, err)) return err;
    if (const toml::node* level = t->get("level")) {
      const auto name = level->value<std::string>();
      if (!name) return error_at(origin, level->source(), "log.level must be a string");
      cfg.log_level = spdlog::level::from_str(*name);
      // from_str maps anything unknown to "off"; only an explicit "off" may mean off.
      if (cfg.log_level == spdlog::level::off && *name != "off") {
        return error_at(origin, level->source(),
                        fmt::format("log.level '{}' is not one of trace, debug, info, warn, error, critical, off", *name));
      }
    }
  }
  if (const toml::node* engine = root.get("engine")) {
    const toml::table* t = engine->as_table();
    if (!t) return error_at(origin, engine->source(), "[engine] must be a table");
    if (unknown_key(*t, "engine", std::array<std::string_view, 1>{"backend"}, origin, err)) return err;
    if (const toml::node* backend = t->get("backend")) {
      const auto name = backend->value<std::string>();
      if (!name) return error_at(origin, backend->source(), "engine.backend must be a string");
      bool known = false;
      for (auto b : kBackends) known = known || *name == b;
      if (!known) {
        return error_at(origin, backend->source(),
                        fmt::format("engine.backend '{}' is not one of sw, verilator, systemc, xrt, auto", *name));
      }
      cfg.backend = *name;
    }
  }
  if (const toml::node* risk = root.get("risk")) {
    const toml::table* t = risk->as_table();
    if (!t) return error_at(origin, risk->source(), "[risk] must be a table");
    if (auto bad = parse_risk_section(*t, origin, cfg.risk)) return ConfigError{*bad};
  }
  if (const toml::node* strategy = root.get("strategy")) {
    const toml::table* t = strategy->as_table();
    if (!t) return error_at(origin, strategy->source(), "[strategy] must be a table");
    if (unknown_key(*t, "strategy", std::array<std::string_view, 2>{"funding_sensitivity_per_bp_h", "target_cap"}, origin, err)) {
      return err;
    }
    const toml::node* sensitivity = t->get("funding_sensitivity_per_bp_h");
    const toml::node* cap = t->get("target_cap");
    if (cap && !sensitivity) return error_at(origin, cap->source(), "strategy.target_cap needs strategy.funding_sensitivity_per_bp_h");
    if (sensitivity) {
      strategies::FundingTargetConfig ft;
      const auto s = sensitivity->value<double>();  // toml++ also converts an integer
      if (!s) return error_at(origin, sensitivity->source(), "strategy.funding_sensitivity_per_bp_h must be a number");
      ft.sensitivity_per_bp_h = *s;
      if (cap) {
        const auto c = cap->value<double>();
        if (!c) return error_at(origin, cap->source(), "strategy.target_cap must be a number");
        ft.target_cap = *c;
      }
      // Checked with the default cap first, so the message points at the key that is wrong.
      if (auto bad = strategies::funding_target_error({ft.sensitivity_per_bp_h, strategies::FundingTargetConfig{}.target_cap})) {
        return error_at(origin, sensitivity->source(), "strategy." + *bad);
      }
      if (auto bad = strategies::funding_target_error(ft)) return error_at(origin, cap->source(), "strategy." + *bad);
      cfg.funding_target = ft;
    }
  }
  if (const toml::node* hedge = root.get("hedge")) {
    const toml::table* t = hedge->as_table();
    if (!t) return error_at(origin, hedge->source(), "[hedge] must be a table");
    live::HedgeSettings h;
    if (auto bad = parse_hedge_section(*t, origin, h)) return ConfigError{*bad};
    cfg.hedge = h;
  }
  return cfg;
}

ConfigResult load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return ConfigError{fmt::format("{}: cannot open the configuration file", path)};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace hlmm::app
