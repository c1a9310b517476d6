// `hlmm run`: the live market maker (host/live Trader) against a configured venue — Hyperliquid
// mainnet by default, testnet with --testnet, or any compatible venue (the local one: --host
// 127.0.0.1 --port N --ca-file F). Risk gate limits from [risk] of --config, the journal in
// --journal DIR (crash recovery on start), a status line on stderr, a clean stop on SIGINT/SIGTERM
// (everything cancelled, the dead man's switch disarmed), then one JSON summary line on stdout.
#pragma once

#include <optional>

#include "app/config.hpp"

namespace CLI {
class App;
}

namespace hlmm::app {

// `top_level_config`: hlmm --config, filled in once the command line is parsed.
void add_run_command(CLI::App& app, int& exit_code, const std::optional<AppConfig>& top_level_config);

}  // namespace hlmm::app
