// `hlmm bench --turnaround`: the host's order path end to end, in memory — an l2Book frame as it
// leaves TLS, decoded into records, through the pipeline, intents into actions by the order
// manager, each action signed into its request body — against the floor it cannot beat: one bare
// libsecp256k1 signature, timed in the same run.
#pragma once

#include <cstdint>
#include <string>

namespace hlmm::app {

struct TurnaroundOptions {
  std::string backend = "sw";
  std::size_t frames = 20'000;
  bool json = false;
};

int run_turnaround_bench(const TurnaroundOptions& options);

}  // namespace hlmm::app
