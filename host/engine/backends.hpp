// The pipeline backends this build of hlmm carries: `hlmm devices`, and `--backend` parsing.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/pipeline.hpp"

namespace hlmm::engine {

struct BackendInfo {
  std::string name;         // the value --backend takes
  std::string description;  // one line: what runs the pipeline
  bool usable = false;      // false when compiled in but unable to run here (no card, ...)
  std::string detail;       // why not usable, or what was found
};

// Backends compiled into this binary, in the order `--backend auto` would consider them.
std::vector<BackendInfo> compiled_backends();

// The backend named `name` (`auto` picks the first usable one). Throws PipelineError with a
// one-line reason and a hint when the backend is unknown, not compiled in, or not usable here.
std::unique_ptr<Pipeline> make_pipeline(std::string_view name);

}  // namespace hlmm::engine
