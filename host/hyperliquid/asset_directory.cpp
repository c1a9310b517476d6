#include "hyperliquid/asset_directory.hpp"

#include <algorithm>
#include <utility>

namespace hlmm::hl {
namespace {

ParseError named(ParseErrc code, std::string_view field, std::string_view name) {
  ParseError e = make_parse_error(code, field);
  e.set_detail(name);
  return e;
}

}  // namespace

Parsed<AssetDirectory> AssetDirectory::from_meta(const std::vector<AssetMeta>& universe,
                                                 std::span<const std::string_view> traded,
                                                 std::uint32_t asset_id_base) {
  Parsed<AssetDirectory> out;
  if (traded.size() > static_cast<std::size_t>(kMaxAssets)) {
    out.error = make_parse_error(ParseErrc::kBadValue, "traded: more coins than pipeline slots");
    return out;
  }
  for (std::size_t i = 0; i < universe.size(); ++i) {
    AssetInfo info{.name = universe[i].name,
                   .asset_id = asset_id_base + static_cast<std::uint32_t>(i),
                   .sz_decimals = universe[i].sz_decimals,
                   .market = MarketType::kPerp,
                   .slot = std::nullopt};
    if (ParseError e = out.value.add(std::move(info))) {
      out.error = e;
      return out;
    }
  }
  for (std::size_t k = 0; k < traded.size(); ++k) {
    const auto it = std::lower_bound(out.value.by_name_.begin(), out.value.by_name_.end(), traded[k],
                                     [&](std::uint32_t idx, std::string_view n) { return out.value.entries_[idx].name < n; });
    if (it == out.value.by_name_.end() || out.value.entries_[*it].name != traded[k]) {
      out.error = named(ParseErrc::kUnknownCoin, "traded", traded[k]);
      return out;
    }
    AssetInfo& info = out.value.entries_[*it];
    if (info.slot) {
      out.error = named(ParseErrc::kBadValue, "traded: listed twice", traded[k]);
      return out;
    }
    info.slot = static_cast<std::uint8_t>(k);
    out.value.slot_index_[k] = static_cast<std::uint16_t>(*it);
  }
  return out;
}

ParseError AssetDirectory::add(AssetInfo info) {
  if (info.name.empty()) return make_parse_error(ParseErrc::kBadValue, "asset name empty");
  if (max_price_decimals(info.market, info.sz_decimals) < 0 || info.sz_decimals > kSizeDecimals) {
    return named(ParseErrc::kBadValue, "szDecimals", info.name);
  }
  if (info.slot && *info.slot >= kMaxAssets) return named(ParseErrc::kBadValue, "slot out of range", info.name);
  if (info.slot && slot_index_[*info.slot] != kNone) return named(ParseErrc::kBadValue, "slot taken", info.name);
  if (by_asset_id(info.asset_id) != nullptr) return named(ParseErrc::kBadValue, "duplicate asset id", info.name);
  if (entries_.size() >= kNone) return make_parse_error(ParseErrc::kBadValue, "directory full");
  const auto pos = std::lower_bound(by_name_.begin(), by_name_.end(), std::string_view(info.name),
                                    [&](std::uint32_t idx, std::string_view n) { return entries_[idx].name < n; });
  if (pos != by_name_.end() && entries_[*pos].name == info.name) return named(ParseErrc::kBadValue, "duplicate name", info.name);
  const auto index = static_cast<std::uint32_t>(entries_.size());
  if (info.slot) slot_index_[*info.slot] = static_cast<std::uint16_t>(index);
  entries_.push_back(std::move(info));
  by_name_.insert(pos, index);
  return {};
}

const AssetInfo* AssetDirectory::find(std::string_view name) const {
  const auto it = std::lower_bound(by_name_.begin(), by_name_.end(), name,
                                   [&](std::uint32_t idx, std::string_view n) { return entries_[idx].name < n; });
  if (it == by_name_.end() || entries_[*it].name != name) return nullptr;
  return &entries_[*it];
}

const AssetInfo* AssetDirectory::by_slot(std::uint8_t slot) const {
  if (slot >= kMaxAssets || slot_index_[slot] == kNone) return nullptr;
  return &entries_[slot_index_[slot]];
}

const AssetInfo* AssetDirectory::by_asset_id(std::uint32_t asset_id) const {
  // Linear: asset-id lookups are on the order path's setup, not per message.
  for (const AssetInfo& info : entries_) {
    if (info.asset_id == asset_id) return &info;
  }
  return nullptr;
}

}  // namespace hlmm::hl
