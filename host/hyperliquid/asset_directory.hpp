// Coin name <-> venue asset id <-> pipeline slot <-> szDecimals, built from /info meta.
//
// The venue names coins ("BTC", "dex:COIN", "@107"); orders need the asset id, the pipeline needs
// a slot 0 .. kMaxAssets-1, and every decimal string needs the coin's szDecimals. Only traded
// coins get a slot. Lookups by name are a binary search over string_views: no allocation, so the
// feed decoder can use them per message.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hlmm/pipeline_config.hpp"
#include "hyperliquid/messages.hpp"
#include "hyperliquid/parse_error.hpp"

namespace hlmm::hl {

struct AssetInfo {
  std::string name;
  std::uint32_t asset_id = 0;
  std::uint8_t sz_decimals = 0;
  MarketType market = MarketType::kPerp;
  std::optional<std::uint8_t> slot;  // pipeline slot when traded
};

class AssetDirectory {
 public:
  AssetDirectory() { slot_index_.fill(kNone); }

  // Universe entry i gets asset id `asset_id_base + i` (0 for the first perp dex; HIP-3 dex d uses
  // 100000 + d*10000, protocol.md §6); `traded[k]` gets slot k. Errors: kUnknownCoin (a traded
  // coin not in the universe), kBadValue (duplicate name, more traded coins than kMaxAssets slots).
  static Parsed<AssetDirectory> from_meta(const std::vector<AssetMeta>& universe,
                                          std::span<const std::string_view> traded,
                                          std::uint32_t asset_id_base = 0);

  // Adds one coin (spot pairs, another dex). kBadValue for a duplicate name, asset id or slot, a
  // slot >= kMaxAssets, or szDecimals the market type does not admit.
  ParseError add(AssetInfo info);

  const AssetInfo* find(std::string_view name) const;
  const AssetInfo* by_slot(std::uint8_t slot) const;
  const AssetInfo* by_asset_id(std::uint32_t asset_id) const;
  std::size_t size() const { return entries_.size(); }

 private:
  static constexpr std::uint16_t kNone = 0xffff;
  std::vector<AssetInfo> entries_;
  std::vector<std::uint32_t> by_name_;  // indexes into entries_, sorted by name
  std::array<std::uint16_t, kMaxAssets> slot_index_{};
};

}  // namespace hlmm::hl
