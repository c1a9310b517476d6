// The asset directory of a two-coin perp universe (BTC szDecimals 5, ETH szDecimals 4) trading ETH:
// what the tests of the live pipeline setup configure the pipeline from.
#pragma once

#include <stdexcept>
#include <string_view>
#include <vector>

#include "hyperliquid/asset_directory.hpp"

namespace hlmm::test {

inline hl::AssetDirectory eth_directory() {
  const std::vector<hl::AssetMeta> universe{{"BTC", 5, 40, false, false}, {"ETH", 4, 25, false, false}};
  const std::string_view traded[] = {"ETH"};
  auto dir = hl::AssetDirectory::from_meta(universe, traded);
  if (!dir.ok()) throw std::runtime_error("asset directory refused the test universe");
  return std::move(dir.value);
}

}  // namespace hlmm::test
