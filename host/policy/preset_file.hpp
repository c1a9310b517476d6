// Asset presets as TOML files: what `hlmm calibrate` writes and `hlmm solve --preset-file` reads.
// Every field of AssetPreset is written and required on reading, so a file never silently mixes
// calibrated values with built-in defaults.
#pragma once

#include <string>

#include "policy/presets.hpp"
#include "policy/result.hpp"

namespace hlmm::policy {

std::string preset_to_toml(const AssetPreset& preset, const std::string& comment = "");
Result<AssetPreset> preset_from_toml(const std::string& text, const std::string& source = "preset");
Result<AssetPreset> load_preset_file(const std::string& path);

}  // namespace hlmm::policy
