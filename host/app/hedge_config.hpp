// The [hedge] section of the TOML configuration (config/hlmm.example.toml documents every key):
// the market maker's live delta hedge (host/live/hedge_loop.hpp). Unknown keys and unusable values
// are refused with the file, line and key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "live/hedge_loop.hpp"

namespace hlmm::app {

// Returns an error message (file:line:column: what) or nothing.
std::optional<std::string> parse_hedge_section(const toml::table& hedge, std::string_view origin, live::HedgeSettings& out);

}  // namespace hlmm::app
