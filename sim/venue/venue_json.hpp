// The venue's side of the wire: Hyperliquid's JSON shapes (protocol.md §4.2, §5, §9) written from
// the exchange core's values. Prices and sizes are decimal strings in canonical form ("2000.5",
// "3"); the bot's parsers accept that as well as the "2000.0" style the real venue also sends.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/exchange.hpp"
#include "exchange/exchange_types.hpp"
#include "hyperliquid/messages.hpp"

namespace hlmm::venue {

struct AssetCtxValues {
  std::string coin;
  Price mark = 0;
  Price mid = 0;         // 0: null
  Price oracle = 0;
  std::int64_t funding = 0;  // hourly rate, 1e-8
  Size open_interest = 0;
  exchange::Money day_notional = 0;
  Price prev_day = 0;
};

// /exchange response bodies (also the payload of a WS post's action response).
std::string exchange_response_json(const hl::ExchangeResponse& response);
std::string exchange_error_json(std::string_view message);  // {"status":"err","response":…}

// WS channel messages, each a complete {"channel":…, "data":…} text. `mirrored`: the book is an
// outcome's merged Yes book and `coin` its No side, shown as Yes asks at 1 - p for bids and back.
std::string l2book_message(const std::string& coin, std::uint64_t time_ms, const exchange::OrderBook& book,
                           std::size_t depth = 20, bool mirrored = false);
std::string bbo_message(const std::string& coin, std::uint64_t time_ms, const exchange::OrderBook& book,
                        bool mirrored = false);
std::string trades_message(std::span<const exchange::PublicTrade> trades);
std::string asset_ctx_message(const AssetCtxValues& ctx);
std::string order_updates_message(std::span<const hl::OrderUpdate> updates);
std::string user_fills_message(const hl::Address& user, std::span<const hl::UserFill> fills, bool is_snapshot);
std::string user_events_fills_message(std::span<const hl::UserFill> fills);
std::string user_events_funding_message(const hl::UserFunding& funding);
std::string subscription_response(std::string_view method, std::string_view subscription_json);
std::string post_action_response(std::uint64_t id, std::string_view body_json);
std::string post_info_response(std::uint64_t id, std::string_view info_type, std::string_view data_json);
std::string post_error_response(std::uint64_t id, std::string_view message);
std::string ws_error_message(std::string_view message);
inline constexpr std::string_view kPongMessage = R"({"channel":"pong"})";

// /info response bodies.
std::string meta_json(std::span<const exchange::AssetSpec> assets);
std::string meta_and_ctxs_json(std::span<const exchange::AssetSpec> assets, std::span<const AssetCtxValues> ctxs);
std::string l2book_json(const std::string& coin, std::uint64_t time_ms, const exchange::OrderBook& book,
                        std::size_t depth = 20, bool mirrored = false);
// {"outcomes":[{"outcome":N,"name":…,"description":…,"sideSpecs":[{"name":"Yes"},{"name":"No"}]}]}
// (protocol.md §6).
struct OutcomeMetaEntry {
  std::uint32_t outcome = 0;
  std::string name;
  std::string description;
};
std::string outcome_meta_json(std::span<const OutcomeMetaEntry> outcomes);
std::string open_orders_json(std::span<const hl::OpenOrder> orders);
std::string user_fills_json(std::span<const hl::UserFill> fills);
// {"status":"order","order":{"order":{…,"tif","cloid"},"status","statusTimestamp"}} or
// {"status":"unknownOid"}.
std::string order_status_json(const hl::OrderStatusAnswer& answer);
std::string clearinghouse_json(const hl::ClearinghouseState& state);
struct FundingPoint {
  std::uint64_t time_ms;
  std::int64_t rate;     // 1e-8 per hour
  std::int64_t premium;  // 1e-8
};
std::string funding_history_json(const std::string& coin, std::span<const FundingPoint> points);

}  // namespace hlmm::venue
