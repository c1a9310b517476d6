// The actions the event-level venue tests script for us (and the exchange's other accounts): one
// limit order of asset 0, a cancel by cloid, values in USD and coins.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include "hlmm/fixed_point.hpp"
#include "hyperliquid/actions.hpp"

namespace hlmm::backtest::testing {

inline constexpr std::uint64_t kBlock = 190;  // the exchange's default block interval, ms

inline Price px(double usd) { return static_cast<Price>(std::llround(usd * static_cast<double>(kPriceScale))); }
inline Size sz(double coins) { return static_cast<Size>(std::llround(coins * static_cast<double>(kSizeScale))); }

inline hl::Cloid cloid(std::uint8_t tag) {
  hl::Cloid c;
  c.bytes[15] = tag;
  return c;
}

inline hl::OrderAction order(bool buy, double price, double size, hl::Tif tif,
                             std::optional<hl::Cloid> id = std::nullopt) {
  hl::OrderWire w;
  w.asset = 0;
  w.is_buy = buy;
  w.price = px(price);
  w.size = sz(size);
  w.type = hl::LimitOrderType{tif};
  w.cloid = id;
  hl::OrderAction a;
  a.orders.push_back(w);
  return a;
}

inline hl::CancelByCloidAction cancel(const hl::Cloid& id) {
  hl::CancelByCloidAction a;
  a.cancels.push_back(hl::CancelByCloidEntry{0, id});
  return a;
}

}  // namespace hlmm::backtest::testing
