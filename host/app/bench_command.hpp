// `hlmm bench`: tick-to-quote latency and throughput of a pipeline backend on a realistic mix.
#pragma once

#include <CLI/CLI.hpp>

namespace hlmm::app {

void add_bench_command(CLI::App& app, int& exit_code);

}  // namespace hlmm::app
