#include "app/config.hpp"

#include <gtest/gtest.h>

namespace hlmm::app {
namespace {

std::string error_of(std::string_view toml) {
  const ConfigResult r = parse_config(toml, "test.toml");
  const auto* err = std::get_if<ConfigError>(&r);
  return err ? err->message : std::string{};
}

TEST(Config, DefaultsWhenEmpty) {
  const ConfigResult r = parse_config("", "empty.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(r));
  EXPECT_FALSE(std::get<AppConfig>(r).backend.has_value());  // each command's own default
  EXPECT_EQ(std::get<AppConfig>(r).log_level, spdlog::level::info);
}

TEST(Config, ReadsKnownKeys) {
  const ConfigResult r = parse_config("[log]\nlevel = \"debug\"\n[engine]\nbackend = \"sw\"\n", "ok.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(r)) << error_of("");
  EXPECT_EQ(std::get<AppConfig>(r).backend, "sw");
  EXPECT_EQ(std::get<AppConfig>(r).log_level, spdlog::level::debug);
}

TEST(Config, HedgeSection) {
  EXPECT_FALSE(std::get<AppConfig>(parse_config("", "e.toml")).hedge.has_value());  // off unless configured
  const ConfigResult r = parse_config(
      "[hedge]\ninventory_threshold = 0.5\nvar_limit_usd = 200\neta = 0.5\nlean_bps_per_coin = 2\nmax_lean_bps = 6\n"
      "min_progress = 0.4\nescalate_after_s = 30\nvar_confidence = 0.95\nvar_horizon_s = 120\nsample_s = 2\nwindow = 100\n"
      "ioc_through_bps = 15\n",
      "h.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(r)) << std::get<ConfigError>(r).message;
  const live::HedgeSettings& h = *std::get<AppConfig>(r).hedge;
  EXPECT_DOUBLE_EQ(h.rule.inventory_threshold, 0.5);
  EXPECT_DOUBLE_EQ(h.rule.var_limit_usd, 200);
  EXPECT_DOUBLE_EQ(h.rule.eta, 0.5);
  EXPECT_DOUBLE_EQ(h.rule.lean_bps_per_coin, 2);
  EXPECT_DOUBLE_EQ(h.rule.max_lean_bps, 6);
  EXPECT_DOUBLE_EQ(h.rule.min_progress, 0.4);
  EXPECT_EQ(h.rule.escalate_after_ns, 30'000'000'000ULL);
  EXPECT_DOUBLE_EQ(h.confidence, 0.95);
  EXPECT_DOUBLE_EQ(h.horizon_s, 120);
  EXPECT_DOUBLE_EQ(h.sample_s, 2);
  EXPECT_EQ(h.window, 100u);
  EXPECT_DOUBLE_EQ(h.ioc_through_bps, 15);
  EXPECT_NE(error_of("[hedge]\nvar_limit_usd = 0\n").find("var_limit_usd must be > 0"), std::string::npos);
  EXPECT_NE(error_of("[hedge]\nvar_limit_usd = 10\neta = 2\n").find("eta must be in (0, 1]"), std::string::npos);
  EXPECT_NE(error_of("[hedge]\nvar_limit_usd = 10\nwindow = 2.5\n").find("window must be a whole number"), std::string::npos);
  EXPECT_NE(error_of("[hedge]\nvar_limit_usd = 10\nhedge_ratio = 2\n").find("unknown key 'hedge_ratio' in [hedge]"), std::string::npos);
  EXPECT_NE(error_of("[hedge]\nvar_limit_usd = \"high\"\n").find("hedge.var_limit_usd must be a number"), std::string::npos);
  EXPECT_NE(error_of("[hedge]\nvar_limit_usd = 10\nsample_s = 5\nvar_horizon_s = 1\n").find("horizon_s must be >= sample_s"),
            std::string::npos);
}

TEST(Config, RefusesWhatItDoesNotKnow) {
  EXPECT_NE(error_of("[engine]\nbackend = \"gpu\"\n").find("engine.backend 'gpu'"), std::string::npos);
  EXPECT_NE(error_of("[engine]\nbakend = \"sw\"\n").find("unknown key 'bakend' in [engine]"), std::string::npos);
  EXPECT_NE(error_of("[rsik]\nmax = 1\n").find("unknown section or key 'rsik'"), std::string::npos);
  EXPECT_NE(error_of("[risk]\nmax = 1\n").find("unknown key 'max' in [risk]"), std::string::npos);
  EXPECT_NE(error_of("[log]\nlevel = 3\n").find("log.level must be a string"), std::string::npos);
  EXPECT_NE(error_of("[log]\nlevel = \"loud\"\n").find("'loud'"), std::string::npos);
  EXPECT_NE(error_of("engine = 5\n").find("[engine] must be a table"), std::string::npos);
}

TEST(Config, RiskValuesThatWouldOverflowOrWrapAreRefusedByName) {
  EXPECT_NE(error_of("[risk]\nvol_window_s = inf\n").find("risk.vol_window_s must be a finite number"), std::string::npos);
  EXPECT_NE(error_of("[risk]\nvar_horizon_s = inf\n").find("risk.var_horizon_s must be a finite number"), std::string::npos);
  EXPECT_NE(error_of("[risk]\nmax_drawdown_frac = nan\n").find("risk.max_drawdown_frac must be a finite number"), std::string::npos);
  EXPECT_NE(error_of("[risk]\nmax_open_orders_per_asset = 4294967296\n").find("risk.max_open_orders_per_asset must be at most 4294967295"),
            std::string::npos);
  EXPECT_NE(error_of("[risk]\ntoxic_min_fills = 4294967296\n").find("risk.toxic_min_fills must be at most"), std::string::npos);
  EXPECT_NE(error_of("[risk]\nvar_window = 1000001\n").find("risk.var_window must be at most 1000000"), std::string::npos);
  EXPECT_NE(error_of("[risk]\nmarkout_ms = 86400001\n").find("risk.markout_ms must be at most"), std::string::npos);
  EXPECT_NE(error_of("[risk]\ndaily_reset_utc_hour = 24\n").find("risk.daily_reset_utc_hour must be at most 23"), std::string::npos);
  const ConfigResult r = parse_config("[risk]\nmax_open_orders_per_asset = 4294967295\nvar_window = 1000000\n", "ok.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(r));
  EXPECT_EQ(std::get<AppConfig>(r).risk.max_open_orders_per_asset, 4294967295u);
  EXPECT_EQ(std::get<AppConfig>(r).risk.var_window, 1'000'000u);
}

TEST(Config, ASubcommandTakesItsOwnFileOrTheTopLevelOneNeverBoth) {
  AppConfig top;
  top.risk.kill_switch = true;
  const SubcommandConfig from_top = subcommand_config("", "run --config", top);
  ASSERT_TRUE(std::holds_alternative<std::optional<AppConfig>>(from_top));
  ASSERT_TRUE(std::get<std::optional<AppConfig>>(from_top).has_value());
  EXPECT_TRUE(std::get<std::optional<AppConfig>>(from_top)->risk.kill_switch);
  const SubcommandConfig none = subcommand_config("", "run --config", std::nullopt);
  EXPECT_FALSE(std::get<std::optional<AppConfig>>(none).has_value());
  const SubcommandConfig both = subcommand_config(HLMM_EXAMPLE_CONFIG, "run --config", top);
  ASSERT_TRUE(std::holds_alternative<ConfigError>(both));
  EXPECT_NE(std::get<ConfigError>(both).message.find("given twice"), std::string::npos) << std::get<ConfigError>(both).message;
  const SubcommandConfig own = subcommand_config(HLMM_EXAMPLE_CONFIG, "run --config", std::nullopt);
  ASSERT_TRUE(std::holds_alternative<std::optional<AppConfig>>(own)) << std::get<ConfigError>(own).message;
  EXPECT_FALSE(std::get<std::optional<AppConfig>>(own)->risk.kill_switch);
}

TEST(Config, StrategyFundingTarget) {
  const ConfigResult none = parse_config("[strategy]\n", "s.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(none));
  EXPECT_FALSE(std::get<AppConfig>(none).funding_target);  // absent: the preset's lean
  const ConfigResult r = parse_config("[strategy]\nfunding_sensitivity_per_bp_h = 0.75\ntarget_cap = 0.3\n", "s.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(r)) << std::get<ConfigError>(r).message;
  ASSERT_TRUE(std::get<AppConfig>(r).funding_target);
  EXPECT_EQ(std::get<AppConfig>(r).funding_target->sensitivity_per_bp_h, 0.75);
  EXPECT_EQ(std::get<AppConfig>(r).funding_target->target_cap, 0.3);
  const ConfigResult integer = parse_config("[strategy]\nfunding_sensitivity_per_bp_h = 1\n", "s.toml");
  ASSERT_TRUE(std::holds_alternative<AppConfig>(integer));
  EXPECT_EQ(std::get<AppConfig>(integer).funding_target->sensitivity_per_bp_h, 1.0);
  EXPECT_EQ(std::get<AppConfig>(integer).funding_target->target_cap, 0.5);  // the default cap

  EXPECT_NE(error_of("[strategy]\nfunding_sensitivity_per_bp_h = -0.1\n").find("must be finite and >= 0"), std::string::npos);
  EXPECT_NE(error_of("[strategy]\nfunding_sensitivity_per_bp_h = 0.5\ntarget_cap = 1.5\n").find("target_cap must be in [0, 1]"),
            std::string::npos);
  EXPECT_NE(error_of("[strategy]\nfunding_sensitivity_per_bp_h = nan\n").find("must be finite"), std::string::npos);
  EXPECT_NE(error_of("[strategy]\ntarget_cap = 0.2\n").find("needs strategy.funding_sensitivity_per_bp_h"), std::string::npos);
  EXPECT_NE(error_of("[strategy]\nfunding_sensitivity_per_bp_h = \"high\"\n").find("must be a number"), std::string::npos);
  EXPECT_NE(error_of("[strategy]\nfunding_sensitivty = 1\n").find("unknown key 'funding_sensitivty' in [strategy]"),
            std::string::npos);
  EXPECT_NE(error_of("strategy = 1\n").find("[strategy] must be a table"), std::string::npos);
}

TEST(Config, SyntaxErrorsNameTheLine) {
  const std::string msg = error_of("[log]\nlevel = \"info\n");
  EXPECT_NE(msg.find("test.toml:2:"), std::string::npos) << msg;
}

}  // namespace
}  // namespace hlmm::app
