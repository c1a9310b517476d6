// `hlmm solve`: solve a quoting policy for an asset preset into a pipeline policy table, and write
// the binary table, a CSV view and an SVG plot.
#pragma once

namespace CLI {
class App;
}

namespace hlmm::app {

// Registers the `solve` subcommand on `app`; its callback stores the exit code in `exit_code`.
void add_solve_command(CLI::App& app, int& exit_code);

}  // namespace hlmm::app
