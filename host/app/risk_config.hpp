// The [risk] section of the TOML configuration (config/hlmm.example.toml documents every key):
// parsed into host/risk's RiskLimits, unknown keys and out-of-range values refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "risk/risk_limits.hpp"


namespace hlmm::app {

// Returns an error message (file:line:column: what) or nothing.
std::optional<std::string> parse_risk_section(const toml::table& risk, std::string_view origin, risk::RiskLimits& out);

}  // namespace hlmm::app
