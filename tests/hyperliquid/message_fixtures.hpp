// Shared by the parser tests, the fuzz corpus driver and the parse benchmark: the fixture
// messages of tests/fixtures/hyperliquid/messages/ and the asset directory they are written for
// (info_meta.json; ETH trades in slot 0, BTC in slot 1, ATOM is known but not traded).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "hyperliquid/asset_directory.hpp"
#include "hyperliquid/parse_messages.hpp"

namespace hlmm::hl::test {

inline std::string read_message_fixture(std::string_view name) {
  const std::string path = std::string(HLMM_HL_MESSAGES) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read fixture " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline AssetDirectory fixture_directory() {
  const Parsed<PerpMeta> meta = parse_meta(read_message_fixture("info_meta.json"));
  if (!meta.ok()) throw std::runtime_error("info_meta.json: " + meta.error.message());
  const std::string_view traded[] = {"ETH", "BTC"};
  Parsed<AssetDirectory> dir = AssetDirectory::from_meta(meta.value.universe, traded);
  if (!dir.ok()) throw std::runtime_error("directory: " + dir.error.message());
  return std::move(dir.value);
}

inline constexpr std::uint8_t kEthSlot = 0;
inline constexpr std::uint8_t kBtcSlot = 1;

}  // namespace hlmm::hl::test
