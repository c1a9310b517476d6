// The WebSocket subscription bodies every Hyperliquid client here sends ({"method":"subscribe",
// "subscription":...} wraps them in host/net/ws_client): per coin (l2Book, trades, activeAssetCtx)
// or per user (orderUpdates, userFills). Coin names and addresses need no escaping: the venue's
// names are alphanumeric (with ':' '@' '#' '+' for builder, spot and outcome assets).
#pragma once

#include <string>
#include <string_view>

#include "hyperliquid/hex.hpp"

namespace hlmm::hl {

inline std::string coin_subscription(std::string_view type, std::string_view coin) {
  return std::string(R"({"type":")") + std::string(type) + R"(","coin":")" + std::string(coin) + "\"}";
}

inline std::string user_subscription(std::string_view type, const Address& user) {
  return std::string(R"({"type":")") + std::string(type) + R"(","user":")" + user.to_string() + "\"}";
}

}  // namespace hlmm::hl
