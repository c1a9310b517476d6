// `hlmm venue`: the local Hyperliquid-compatible exchange on its own (TLS on 127.0.0.1), for
// paper trading and for pointing other clients at it.
#pragma once

namespace CLI {
class App;
}

namespace hlmm::app {

void add_venue_command(CLI::App& app, int& exit_code);

}  // namespace hlmm::app
