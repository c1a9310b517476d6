// What the exchange core's tests build their cases from: users, fixed-point prices and sizes, and
// one-order actions.
#pragma once

#include <cstdint>

#include "exchange/exchange.hpp"

namespace hlmm::exchange::test_util {

inline hl::Address user(std::uint8_t n) {
  hl::Address a;
  a.bytes[19] = n;
  return a;
}

constexpr Price px(double p) { return static_cast<Price>(p * 1e8 + (p >= 0 ? 0.5 : -0.5)); }
constexpr Size sz(double s) { return static_cast<Size>(s * 1e8 + 0.5); }

inline hl::OrderWire wire(std::uint32_t asset, bool buy, Price price, Size size, hl::Tif tif = hl::Tif::kGtc,
                          bool reduce_only = false) {
  hl::OrderWire w;
  w.asset = asset;
  w.is_buy = buy;
  w.price = price;
  w.size = size;
  w.reduce_only = reduce_only;
  w.type = hl::LimitOrderType{tif};
  return w;
}

inline hl::L1Action order(hl::OrderWire w) {
  hl::OrderAction a;
  a.orders.push_back(std::move(w));
  return a;
}

}  // namespace hlmm::exchange::test_util
