// Host-side values of the venue's messages: what the parsers (parse_*.hpp) produce from the wire
// and what the order manager, the risk gate and the journal consume. Market data that feeds the
// pipeline goes straight to MarketEvent records instead; these are the slow-path types.
//
// Prices and sizes are exact fixed-point integers (1e-8, hlmm/fixed_point.hpp), never doubles.
// Coins are names as the venue sends them ("BTC", "dex:COIN", "@107"); mapping a name to an asset
// id or a pipeline slot is the caller's job (AssetDirectory), because it depends on meta.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hyperliquid/actions.hpp"

namespace hlmm::hl {

// ---- /exchange responses (protocol.md §4.2) -------------------------------------------------

enum class OrderStatusKind : std::uint8_t {
  kResting,           // {"resting":{"oid"}}
  kFilled,            // {"filled":{"totalSz","avgPx","oid"}}
  kError,             // {"error":"..."}
  kSuccess,           // "success" (cancels, modifies)
  kWaitingForFill,    // "waitingForFill"
  kWaitingForTrigger  // "waitingForTrigger"
};

struct OrderStatus {
  OrderStatusKind kind = OrderStatusKind::kSuccess;
  std::uint64_t oid = 0;   // resting, filled
  Size total_size = 0;     // filled
  Price avg_price = 0;     // filled
  std::string error;       // error: the venue's text, verbatim
};

// One /exchange (or WS post) response body.
struct ExchangeResponse {
  bool ok = false;                    // "status":"ok"
  std::string error;                  // "status":"err": the whole-request error text
  std::string type;                   // "order", "cancel", "default", …
  std::vector<OrderStatus> statuses;  // one per batched item, or a single pre-validation error
};

// ---- user channels and /info user queries ----------------------------------------------------

// Order lifecycle status strings (protocol.md §5): "open", "filled", "canceled", "triggered",
// "rejected", the system cancels ("marginCanceled", "scheduledCancel", …) and the rejections
// ("badAloPxRejected", …). Kept as the venue's string; classify with the helpers below.
struct OrderUpdate {
  std::string coin;
  bool is_buy = false;       // side "B" (bid) or "A" (ask)
  Price limit_price = 0;
  Size size = 0;             // remaining
  Size orig_size = 0;
  std::uint64_t oid = 0;
  std::uint64_t timestamp_ms = 0;
  std::optional<Cloid> cloid;
  std::string status;
  std::uint64_t status_timestamp_ms = 0;
};

inline bool is_open_status(const std::string& status) { return status == "open" || status == "triggered"; }

// /info orderStatus (protocol.md §5): one order's latest state, asked for by oid or cloid.
// `found` false is the venue's {"status":"unknownOid"}: never placed (refused before it got an
// oid), not yet committed, another user's, or forgotten.
struct OrderStatusAnswer {
  bool found = false;
  OrderUpdate order;       // as in orderUpdates: size is what is left, status and statusTimestamp
  std::string tif;         // "Gtc", "Ioc", "Alo" (the real venue also "FrontendMarket"); "" when null
  bool reduce_only = false;
};

struct UserFill {
  std::string coin;
  Price price = 0;
  Size size = 0;             // > 0
  bool is_buy = false;       // side "B" or "A"
  std::uint64_t time_ms = 0;
  std::int64_t start_position = 0;  // signed, size scale
  std::string dir;                  // "Open Long", …
  std::int64_t closed_pnl = 0;      // signed, price scale (USDC 1e-8)
  std::string hash;
  std::uint64_t oid = 0;
  bool crossed = false;             // we were the taker
  std::int64_t fee = 0;             // signed, 1e-8 of fee_token; negative = rebate
  std::uint64_t tid = 0;
  std::string fee_token;
  std::optional<Cloid> cloid;       // present when the order had one
};

struct UserFillsMessage {
  bool is_snapshot = false;
  std::string user;
  std::vector<UserFill> fills;
};

struct UserFunding {
  std::uint64_t time_ms = 0;
  std::string coin;
  std::int64_t usdc = 0;            // signed, 1e-8
  std::int64_t position = 0;        // szi, signed, size scale
  std::int64_t funding_rate = 0;    // signed, 1e-8 per hour
};

struct NonUserCancel {
  std::string coin;
  std::uint64_t oid = 0;
};

// The "user" channel (userEvents subscription): exactly one of these per message.
struct UserEvent {
  std::vector<UserFill> fills;
  std::optional<UserFunding> funding;
  std::vector<NonUserCancel> non_user_cancels;
  bool liquidation = false;
};

struct OpenOrder {
  std::string coin;
  bool is_buy = false;
  Price limit_price = 0;
  Size size = 0;
  std::uint64_t oid = 0;
  std::uint64_t timestamp_ms = 0;
  std::optional<Cloid> cloid;
};

struct AssetPosition {
  std::string coin;
  std::int64_t position = 0;        // szi, signed, size scale
  std::optional<Price> entry_price;
  std::int64_t unrealized_pnl = 0;  // signed, 1e-8 USDC
};

struct ClearinghouseState {
  std::vector<AssetPosition> positions;
  std::int64_t account_value = 0;   // 1e-8 USDC
  std::int64_t total_margin_used = 0;
  std::int64_t withdrawable = 0;
  std::uint64_t time_ms = 0;
};

// ---- meta ------------------------------------------------------------------------------------

struct AssetMeta {
  std::string name;
  std::uint8_t sz_decimals = 0;
  std::uint32_t max_leverage = 0;
  bool only_isolated = false;
  bool is_delisted = false;
};

struct AssetContext {
  Price mark_price = 0;
  std::optional<Price> mid_price;
  Price oracle_price = 0;
  std::int64_t funding_rate = 0;    // signed, 1e-8 per hour
  std::int64_t premium = 0;         // signed, 1e-8; 0 when null
  Size open_interest = 0;
};

// ---- added with the parsers (parse_messages.hpp) ---------------------------------------------

// /info meta: the perp universe, index = asset id (for the first perp dex).
struct PerpMeta {
  std::vector<AssetMeta> universe;
};

// /info metaAndAssetCtxs: contexts index-aligned with the universe.
struct MetaAndAssetCtxs {
  std::vector<AssetMeta> universe;
  std::vector<AssetContext> contexts;
};

struct BookLevel {
  Price price = 0;
  Size size = 0;
  std::uint32_t orders = 0;  // "n"
};

// /info l2Book (the host copy; the WS channel goes to MarketEvent records instead).
struct L2BookSnapshot {
  std::string coin;
  std::uint64_t time_ms = 0;
  std::vector<BookLevel> bids;  // best first
  std::vector<BookLevel> asks;  // best first
};

// /info fundingHistory: one entry per hourly settlement.
struct FundingHistoryEntry {
  std::string coin;
  std::int64_t funding_rate = 0;  // signed, 1e-8 per hour
  std::int64_t premium = 0;       // signed, 1e-8
  std::uint64_t time_ms = 0;
};

// A WS post response (`data.response` of {"channel":"post"}): an /exchange body for "action",
// the raw info payload for "info", the venue's text for "error".
enum class PostResponseKind : std::uint8_t { kAction, kInfo, kError };

struct WsPostResponse {
  std::uint64_t id = 0;              // set by the envelope decoder; 0 when parsed alone
  PostResponseKind kind = PostResponseKind::kError;
  ExchangeResponse action;           // kAction
  std::string info_payload;          // kInfo: the payload's JSON text, as sent
  std::string error;                 // kError
};

}  // namespace hlmm::hl
