// `hlmm demo`: the local venue and the market maker together on loopback TLS, paper money, a
// live status line, a summary and an HTML report at the end.
#pragma once

namespace CLI {
class App;
}

namespace hlmm::app {

void add_demo_command(CLI::App& app, int& exit_code);

}  // namespace hlmm::app
