// The pipeline backends this build of hlmm carries, for `hlmm devices` and `--backend` parsing.
#pragma once

#include <string>
#include <vector>

namespace hlmm::engine {

struct BackendInfo {
  std::string name;         // the value --backend takes
  std::string description;  // one line: what runs the pipeline
  bool usable = false;      // false when compiled in but unable to run here (no card, ...)
  std::string detail;       // why not usable, or what was found
};

// Backends compiled into this binary, in the order `--backend auto` would consider them.
std::vector<BackendInfo> compiled_backends();

}  // namespace hlmm::engine
