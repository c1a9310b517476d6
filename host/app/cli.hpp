// The `hlmm` command line: one binary, one subcommand per job.
#pragma once

namespace hlmm::app {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // the job ran and failed
inline constexpr int kExitUsage = 2;         // bad arguments or configuration
inline constexpr int kExitUnavailable = 3;   // the subcommand is not in this build yet

int run_cli(int argc, char** argv);

}  // namespace hlmm::app
