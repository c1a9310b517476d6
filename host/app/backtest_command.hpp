// `hlmm backtest`: the funding-aware HJB study on a synthetic preset market, through the pipeline
// and the policy tables live trading uses (sim/backtest, docs/backtest.md).
#pragma once

namespace CLI {
class App;
}

namespace hlmm::app {

// Exit code after Ctrl-C: the partial table over the finished seeds was printed.
inline constexpr int kExitInterrupted = 130;

// Registers the `backtest` subcommand on `app`; its callback stores the exit code in `exit_code`.
void add_backtest_command(CLI::App& app, int& exit_code);

}  // namespace hlmm::app
