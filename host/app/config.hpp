// hlmm's TOML configuration (config/hlmm.example.toml documents every key).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <spdlog/common.h>

#include "live/hedge_loop.hpp"
#include "risk/risk_limits.hpp"
#include "strategies/funding_target.hpp"

namespace hlmm::live {
struct TraderConfig;
}

namespace hlmm::app {

struct AppConfig {
  spdlog::level::level_enum log_level = spdlog::level::info;
  // [engine] backend: sw | verilator | systemc | xrt | auto; absent: each command's own default.
  std::optional<std::string> backend;
  risk::RiskLimits risk;          // [risk]: the host risk gate's limits (host/risk/README.md)
  // [strategy] funding_sensitivity_per_bp_h / target_cap: the inventory policy's funding-aware
  // target (host/strategies/funding_target.hpp); none when the key is absent (the preset's lean).
  std::optional<strategies::FundingTargetConfig> funding_target{};
  // [hedge]: the live delta hedge of each quoted coin (host/live/hedge_loop.hpp); none: off.
  std::optional<live::HedgeSettings> hedge{};
};

struct ConfigError {
  std::string message;  // names the file, the key and what was expected
};

using ConfigResult = std::variant<AppConfig, ConfigError>;

// Parses TOML text; `origin` names the source in error messages. Unknown keys are errors so that
// a misspelt limit is never silently ignored.
ConfigResult parse_config(std::string_view toml_text, std::string_view origin);
ConfigResult load_config_file(const std::string& path);

// The configuration a subcommand runs with: the file its own option names (`own_path`, e.g.
// `run --config`), else the top-level `hlmm --config` (loaded before any subcommand runs), else
// none. Both at once is an error: which one set the risk limits would be a guess.
using SubcommandConfig = std::variant<std::optional<AppConfig>, ConfigError>;
SubcommandConfig subcommand_config(const std::string& own_path, std::string_view own_option,
                                   const std::optional<AppConfig>& top_level);
// The sections the live trader takes: [risk], [strategy], [hedge].
void apply_to_trader(const AppConfig& config, live::TraderConfig& trader);

}  // namespace hlmm::app
