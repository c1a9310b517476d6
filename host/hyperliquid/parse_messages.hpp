// Parsers for the slow-path messages: /exchange response bodies (protocol.md §4.2), the WS post
// response wrapper (§9), and the /info answers a market maker reads at start-up and on resync
// (§5). They produce the types of messages.hpp. The user channels of the WS feed (orderUpdates,
// userFills, user) are decoded by FeedDecoder (parse_market.hpp) with the same readers.
//
// Every function returns Parsed<T>: a value, or a named ParseError. Nothing throws, whatever the
// input. Unknown keys are ignored (the venue adds fields); missing required keys, wrong JSON types,
// integers that do not fit, and decimal strings fixed_point refuses are errors. Decimal strings are
// converted exactly (parse_fixed at 1e-8, never a double); a value with more than 8 decimals is a
// kBadDecimal error, not a rounded number.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "hyperliquid/messages.hpp"
#include "hyperliquid/parse_error.hpp"

namespace hlmm::hl {

// Largest body these parsers accept: the biggest expected answer (2000 user fills, ~0.8 MB; the
// full metaAndAssetCtxs, ~0.1 MB) with a wide margin. Larger bodies are refused unread.
inline constexpr std::size_t kMaxInfoBytes = std::size_t{8} << 20;

// /exchange body: {"status":"ok","response":{"type",...,"data":{"statuses":[...]}}} or
// {"status":"err","response":"<text>"}.
Parsed<ExchangeResponse> parse_exchange_response(std::string_view body);
// `data.response` of a WS post: {"type":"action"|"info"|"error","payload":...} (what
// net::WsClient hands to a PostCallback). id stays 0: the envelope carries it.
Parsed<WsPostResponse> parse_post_response(std::string_view response_json);

Parsed<PerpMeta> parse_meta(std::string_view body);
Parsed<MetaAndAssetCtxs> parse_meta_and_asset_ctxs(std::string_view body);
Parsed<L2BookSnapshot> parse_l2_book(std::string_view body);
Parsed<std::vector<OpenOrder>> parse_open_orders(std::string_view body);
Parsed<std::vector<UserFill>> parse_user_fills(std::string_view body);
// {"status":"order","order":{"order":{…},"status","statusTimestamp"}} → found, or
// {"status":"unknownOid"} → not found; any other status is kBadValue.
Parsed<OrderStatusAnswer> parse_order_status(std::string_view body);
Parsed<ClearinghouseState> parse_clearinghouse_state(std::string_view body);
Parsed<std::vector<FundingHistoryEntry>> parse_funding_history(std::string_view body);

}  // namespace hlmm::hl
