// `hlmm calibrate`: recorded market data in, an asset preset out (TOML, readable by
// `hlmm solve --preset-file`): price volatility (EWMA of minute log returns), the funding OU and
// OU+jump fits, and the fill intensity A·exp(-k·delta) under both of the study's counting rules.
#pragma once

#include <optional>
#include <string>

#include "policy/presets.hpp"

namespace CLI {
class App;
}

namespace hlmm::app {

struct CalibrateInputs {
  std::string candles;   // candleSnapshot JSON, 1m (mid panel, volatility)
  std::string funding;   // fundingHistory JSON
  std::string trades;    // optional: WS trades lines or a JSON array
  std::string l2book;    // optional: archive l2Book snapshots (.lz4 or plain JSON lines): the mid panel for fills
  std::string base;      // preset supplying what data cannot: penalties, lot, limit, tick, horizon
  std::string rule = "volume_minute";
};

struct CalibrateReport {
  policy::AssetPreset preset;
  std::string text;      // human-readable diagnostics
  std::string json;      // one JSON object
};

// Throws std::runtime_error naming the input at fault.
CalibrateReport calibrate_from_files(const CalibrateInputs& inputs);

void add_calibrate_command(CLI::App& app, int& exit_code);

}  // namespace hlmm::app
