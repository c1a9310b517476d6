// `hlmm demo`: the local venue and the market maker together on loopback TLS, paper money, a
// live status line, a summary and an HTML report at the end.
#pragma once

#include <optional>

#include "app/config.hpp"

namespace CLI {
class App;
}

namespace hlmm::app {

// `top_level_config`: hlmm --config, filled in once the command line is parsed.
void add_demo_command(CLI::App& app, int& exit_code, const std::optional<AppConfig>& top_level_config);

}  // namespace hlmm::app
