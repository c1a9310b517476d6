#include "venue/venue_json.hpp"

#include "hyperliquid/wire_writers.hpp"

namespace hlmm::venue {
namespace {

using hl::JsonStyle;
using hl::JsonWriter;

void decimal(JsonWriter& w, std::int64_t units) { w.str(format_fixed(units, kPriceDecimals).view()); }

void side(JsonWriter& w, bool is_buy) { w.str(is_buy ? "B" : "A"); }

// `mirrored`: the No side of an outcome's merged Yes book: its bids are the Yes asks at 1 - p
// (best first stays best first), its asks the Yes bids.
Price shown(Price p, bool mirrored) { return mirrored ? exchange::kOutcomePayout - p : p; }

void levels(JsonWriter& w, const exchange::OrderBook& book, bool bids, std::size_t depth, bool mirrored) {
  w.begin_array(0);
  for (const exchange::BookLevel& l : book.levels(bids != mirrored, depth)) {
    w.begin_map(3);
    w.key("px");
    decimal(w, shown(l.price, mirrored));
    w.key("sz");
    decimal(w, l.size);
    w.key("n");
    w.uint(l.orders);
    w.end_map();
  }
  w.end_array();
}

void book_body(JsonWriter& w, const std::string& coin, std::uint64_t time_ms, const exchange::OrderBook& book,
               std::size_t depth, bool mirrored) {
  w.begin_map(3);
  w.key("coin");
  w.str(coin);
  w.key("time");
  w.uint(time_ms);
  w.key("levels");
  w.begin_array(2);
  levels(w, book, true, depth, mirrored);
  levels(w, book, false, depth, mirrored);
  w.end_array();
  w.end_map();
}

void begin_channel(JsonWriter& w, std::string_view channel) {
  w.begin_map(2);
  w.key("channel");
  w.str(channel);
  w.key("data");
}

void fill(JsonWriter& w, const hl::UserFill& f) {
  w.begin_map(0);
  w.key("coin");
  w.str(f.coin);
  w.key("px");
  decimal(w, f.price);
  w.key("sz");
  decimal(w, f.size);
  w.key("side");
  side(w, f.is_buy);
  w.key("time");
  w.uint(f.time_ms);
  w.key("startPosition");
  decimal(w, f.start_position);
  w.key("dir");
  w.str(f.dir);
  w.key("closedPnl");
  decimal(w, f.closed_pnl);
  w.key("hash");
  w.str(f.hash);
  w.key("oid");
  w.uint(f.oid);
  w.key("crossed");
  w.boolean(f.crossed);
  w.key("fee");
  decimal(w, f.fee);
  w.key("tid");
  w.uint(f.tid);
  if (f.cloid) {
    w.key("cloid");
    w.str(f.cloid->to_string());
  }
  w.key("feeToken");
  w.str(f.fee_token);
  w.end_map();
}

void fills_array(JsonWriter& w, std::span<const hl::UserFill> fills) {
  w.begin_array(0);
  for (const hl::UserFill& f : fills) fill(w, f);
  w.end_array();
}

void ctx_body(JsonWriter& w, const AssetCtxValues& c) {
  w.begin_map(0);
  w.key("dayNtlVlm");
  decimal(w, c.day_notional);
  w.key("prevDayPx");
  decimal(w, c.prev_day);
  w.key("markPx");
  decimal(w, c.mark);
  w.key("midPx");
  if (c.mid > 0) {
    decimal(w, c.mid);
  } else {
    w.nil();
  }
  w.key("funding");
  decimal(w, c.funding);
  w.key("openInterest");
  decimal(w, c.open_interest);
  w.key("oraclePx");
  decimal(w, c.oracle);
  w.key("premium");
  decimal(w, 0);
  w.key("impactPxs");
  w.nil();
  w.end_map();
}

void asset_spec(JsonWriter& w, const exchange::AssetSpec& a) {
  w.begin_map(3);
  w.key("name");
  w.str(a.name);
  w.key("szDecimals");
  w.uint(a.sz_decimals);
  w.key("maxLeverage");
  w.uint(a.max_leverage);
  w.end_map();
}

void meta_body(JsonWriter& w, std::span<const exchange::AssetSpec> assets) {
  w.begin_map(1);
  w.key("universe");
  w.begin_array(0);
  for (const auto& a : assets) asset_spec(w, a);
  w.end_array();
  w.end_map();
}

}  // namespace

std::string exchange_response_json(const hl::ExchangeResponse& r) {
  if (!r.ok) return exchange_error_json(r.error);
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  w.begin_map(2);
  w.key("status");
  w.str("ok");
  w.key("response");
  w.begin_map(2);
  w.key("type");
  w.str(r.type);
  if (r.type != "default") {
    w.key("data");
    w.begin_map(1);
    w.key("statuses");
    w.begin_array(0);
    for (const hl::OrderStatus& s : r.statuses) {
      switch (s.kind) {
        case hl::OrderStatusKind::kSuccess: w.str("success"); break;
        case hl::OrderStatusKind::kWaitingForFill: w.str("waitingForFill"); break;
        case hl::OrderStatusKind::kWaitingForTrigger: w.str("waitingForTrigger"); break;
        case hl::OrderStatusKind::kError:
          w.begin_map(1);
          w.key("error");
          w.str(s.error);
          w.end_map();
          break;
        case hl::OrderStatusKind::kResting:
          w.begin_map(1);
          w.key("resting");
          w.begin_map(1);
          w.key("oid");
          w.uint(s.oid);
          w.end_map();
          w.end_map();
          break;
        case hl::OrderStatusKind::kFilled:
          w.begin_map(1);
          w.key("filled");
          w.begin_map(3);
          w.key("totalSz");
          decimal(w, s.total_size);
          w.key("avgPx");
          decimal(w, s.avg_price);
          w.key("oid");
          w.uint(s.oid);
          w.end_map();
          w.end_map();
          break;
      }
    }
    w.end_array();
    w.end_map();
  }
  w.end_map();
  w.end_map();
  return out;
}

std::string exchange_error_json(std::string_view message) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  w.begin_map(2);
  w.key("status");
  w.str("err");
  w.key("response");
  w.str(message);
  w.end_map();
  return out;
}

std::string l2book_message(const std::string& coin, std::uint64_t time_ms, const exchange::OrderBook& book,
                           std::size_t depth, bool mirrored) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "l2Book");
  book_body(w, coin, time_ms, book, depth, mirrored);
  w.end_map();
  return out;
}

std::string bbo_message(const std::string& coin, std::uint64_t time_ms, const exchange::OrderBook& book,
                        bool mirrored) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "bbo");
  w.begin_map(3);
  w.key("coin");
  w.str(coin);
  w.key("time");
  w.uint(time_ms);
  w.key("bbo");
  w.begin_array(2);
  for (const bool bids : {true, false}) {
    const auto top = book.levels(bids != mirrored, 1);
    if (top.empty()) {
      w.nil();
      continue;
    }
    w.begin_map(3);
    w.key("px");
    decimal(w, shown(top[0].price, mirrored));
    w.key("sz");
    decimal(w, top[0].size);
    w.key("n");
    w.uint(top[0].orders);
    w.end_map();
  }
  w.end_array();
  w.end_map();
  w.end_map();
  return out;
}

std::string trades_message(std::span<const exchange::PublicTrade> trades) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "trades");
  w.begin_array(0);
  for (const auto& t : trades) {
    w.begin_map(0);
    w.key("coin");
    w.str(t.coin);
    w.key("side");
    side(w, t.taker_is_buy);
    w.key("px");
    decimal(w, t.price);
    w.key("sz");
    decimal(w, t.size);
    w.key("hash");
    w.str(t.hash);
    w.key("time");
    w.uint(t.time_ms);
    w.key("tid");
    w.uint(t.tid);
    w.key("users");
    w.begin_array(2);
    w.str(t.buyer.to_string());
    w.str(t.seller.to_string());
    w.end_array();
    w.end_map();
  }
  w.end_array();
  w.end_map();
  return out;
}

std::string asset_ctx_message(const AssetCtxValues& ctx) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "activeAssetCtx");
  w.begin_map(2);
  w.key("coin");
  w.str(ctx.coin);
  w.key("ctx");
  ctx_body(w, ctx);
  w.end_map();
  w.end_map();
  return out;
}

namespace {

// The fields an order object opens with, in orderUpdates and in orderStatus alike.
void order_fields(JsonWriter& w, const hl::OrderUpdate& o) {
  w.key("coin");
  w.str(o.coin);
  w.key("side");
  side(w, o.is_buy);
  w.key("limitPx");
  decimal(w, o.limit_price);
  w.key("sz");
  decimal(w, o.size);
  w.key("oid");
  w.uint(o.oid);
  w.key("timestamp");
  w.uint(o.timestamp_ms);
}

// What follows the order object: its status and when it took it.
void order_status_fields(JsonWriter& w, const hl::OrderUpdate& o) {
  w.key("status");
  w.str(o.status);
  w.key("statusTimestamp");
  w.uint(o.status_timestamp_ms);
}

}  // namespace

std::string order_updates_message(std::span<const hl::OrderUpdate> updates) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "orderUpdates");
  w.begin_array(0);
  for (const hl::OrderUpdate& u : updates) {
    w.begin_map(3);
    w.key("order");
    w.begin_map(0);
    order_fields(w, u);
    w.key("origSz");
    decimal(w, u.orig_size);
    if (u.cloid) {
      w.key("cloid");
      w.str(u.cloid->to_string());
    }
    w.end_map();
    order_status_fields(w, u);
    w.end_map();
  }
  w.end_array();
  w.end_map();
  return out;
}

std::string user_fills_message(const hl::Address& user, std::span<const hl::UserFill> fills, bool is_snapshot) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "userFills");
  w.begin_map(0);
  if (is_snapshot) {
    w.key("isSnapshot");
    w.boolean(true);
  }
  w.key("user");
  w.str(user.to_string());
  w.key("fills");
  fills_array(w, fills);
  w.end_map();
  w.end_map();
  return out;
}

std::string user_events_fills_message(std::span<const hl::UserFill> fills) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "user");
  w.begin_map(1);
  w.key("fills");
  fills_array(w, fills);
  w.end_map();
  w.end_map();
  return out;
}

std::string user_events_funding_message(const hl::UserFunding& f) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "user");
  w.begin_map(1);
  w.key("funding");
  w.begin_map(5);
  w.key("time");
  w.uint(f.time_ms);
  w.key("coin");
  w.str(f.coin);
  w.key("usdc");
  decimal(w, f.usdc);
  w.key("szi");
  decimal(w, f.position);
  w.key("fundingRate");
  decimal(w, f.funding_rate);
  w.end_map();
  w.end_map();
  w.end_map();
  return out;
}

std::string subscription_response(std::string_view method, std::string_view subscription_json) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "subscriptionResponse");
  w.begin_map(2);
  w.key("method");
  w.str(method);
  w.key("subscription");
  w.raw(subscription_json);
  w.end_map();
  w.end_map();
  return out;
}

namespace {
std::string post_response(std::uint64_t id, std::string_view type, std::string_view payload_json) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "post");
  w.begin_map(2);
  w.key("id");
  w.uint(id);
  w.key("response");
  w.begin_map(2);
  w.key("type");
  w.str(type);
  w.key("payload");
  w.raw(payload_json);
  w.end_map();
  w.end_map();
  w.end_map();
  return out;
}
}  // namespace

std::string post_action_response(std::uint64_t id, std::string_view body_json) {
  return post_response(id, "action", body_json);
}

std::string post_info_response(std::uint64_t id, std::string_view info_type, std::string_view data_json) {
  std::string payload;
  JsonWriter w(payload, JsonStyle::kCompact);
  w.begin_map(2);
  w.key("type");
  w.str(info_type);
  w.key("data");
  w.raw(data_json);
  w.end_map();
  return post_response(id, "info", payload);
}

std::string post_error_response(std::uint64_t id, std::string_view message) {
  std::string quoted;
  hl::append_json_string(quoted, message);
  return post_response(id, "error", quoted);
}

std::string ws_error_message(std::string_view message) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  begin_channel(w, "error");
  w.str(message);
  w.end_map();
  return out;
}

std::string meta_json(std::span<const exchange::AssetSpec> assets) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  meta_body(w, assets);
  return out;
}

std::string meta_and_ctxs_json(std::span<const exchange::AssetSpec> assets, std::span<const AssetCtxValues> ctxs) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  w.begin_array(2);
  meta_body(w, assets);
  w.begin_array(0);
  for (const auto& c : ctxs) ctx_body(w, c);
  w.end_array();
  w.end_array();
  return out;
}

std::string l2book_json(const std::string& coin, std::uint64_t time_ms, const exchange::OrderBook& book,
                        std::size_t depth, bool mirrored) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  book_body(w, coin, time_ms, book, depth, mirrored);
  return out;
}

std::string outcome_meta_json(std::span<const OutcomeMetaEntry> outcomes) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  w.begin_map(1);
  w.key("outcomes");
  w.begin_array(0);
  for (const OutcomeMetaEntry& o : outcomes) {
    w.begin_map(4);
    w.key("outcome");
    w.uint(o.outcome);
    w.key("name");
    w.str(o.name);
    w.key("description");
    w.str(o.description);
    w.key("sideSpecs");
    w.begin_array(2);
    for (const char* name : {"Yes", "No"}) {
      w.begin_map(1);
      w.key("name");
      w.str(name);
      w.end_map();
    }
    w.end_array();
    w.end_map();
  }
  w.end_array();
  w.end_map();
  return out;
}

std::string open_orders_json(std::span<const hl::OpenOrder> orders) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  w.begin_array(0);
  for (const hl::OpenOrder& o : orders) {
    w.begin_map(0);
    w.key("coin");
    w.str(o.coin);
    w.key("limitPx");
    decimal(w, o.limit_price);
    w.key("oid");
    w.uint(o.oid);
    w.key("side");
    side(w, o.is_buy);
    w.key("sz");
    decimal(w, o.size);
    w.key("timestamp");
    w.uint(o.timestamp_ms);
    if (o.cloid) {
      w.key("cloid");
      w.str(o.cloid->to_string());
    }
    w.end_map();
  }
  w.end_array();
  return out;
}

std::string order_status_json(const hl::OrderStatusAnswer& answer) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  if (!answer.found) {
    w.begin_map(1);
    w.key("status");
    w.str("unknownOid");
    w.end_map();
    return out;
  }
  const hl::OrderUpdate& o = answer.order;
  w.begin_map(2);
  w.key("status");
  w.str("order");
  w.key("order");
  w.begin_map(3);
  w.key("order");
  // The frontend order shape the real venue answers with (protocol.md §5); the trigger fields are
  // constant because the exchange core has no trigger orders.
  w.begin_map(0);
  order_fields(w, o);
  w.key("triggerCondition");
  w.str("N/A");
  w.key("isTrigger");
  w.boolean(false);
  w.key("triggerPx");
  decimal(w, 0);
  w.key("children");
  w.begin_array(0);
  w.end_array();
  w.key("isPositionTpsl");
  w.boolean(false);
  w.key("reduceOnly");
  w.boolean(answer.reduce_only);
  w.key("orderType");
  w.str("Limit");
  w.key("origSz");
  decimal(w, o.orig_size);
  w.key("tif");
  w.str(answer.tif);
  w.key("cloid");
  if (o.cloid) {
    w.str(o.cloid->to_string());
  } else {
    w.nil();
  }
  w.end_map();
  order_status_fields(w, o);
  w.end_map();
  w.end_map();
  return out;
}

std::string user_fills_json(std::span<const hl::UserFill> fills) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  fills_array(w, fills);
  return out;
}

std::string clearinghouse_json(const hl::ClearinghouseState& s) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  w.begin_map(0);
  w.key("assetPositions");
  w.begin_array(0);
  for (const hl::AssetPosition& p : s.positions) {
    w.begin_map(2);
    w.key("position");
    w.begin_map(0);
    w.key("coin");
    w.str(p.coin);
    w.key("entryPx");
    if (p.entry_price) {
      decimal(w, *p.entry_price);
    } else {
      w.nil();
    }
    w.key("szi");
    decimal(w, p.position);
    w.key("unrealizedPnl");
    decimal(w, p.unrealized_pnl);
    w.end_map();
    w.key("type");
    w.str("oneWay");
    w.end_map();
  }
  w.end_array();
  w.key("marginSummary");
  w.begin_map(0);
  w.key("accountValue");
  decimal(w, s.account_value);
  w.key("totalMarginUsed");
  decimal(w, s.total_margin_used);
  w.end_map();
  w.key("time");
  w.uint(s.time_ms);
  w.key("withdrawable");
  decimal(w, s.withdrawable);
  w.end_map();
  return out;
}

std::string funding_history_json(const std::string& coin, std::span<const FundingPoint> points) {
  std::string out;
  JsonWriter w(out, JsonStyle::kCompact);
  w.begin_array(0);
  for (const FundingPoint& p : points) {
    w.begin_map(4);
    w.key("coin");
    w.str(coin);
    w.key("fundingRate");
    decimal(w, p.rate);
    w.key("premium");
    decimal(w, p.premium);
    w.key("time");
    w.uint(p.time_ms);
    w.end_map();
  }
  w.end_array();
  return out;
}

}  // namespace hlmm::venue
