#include "hyperliquid/parse_messages.hpp"

#include <exception>
#include <string>
#include <utility>

#include "hyperliquid/parse_json.hpp"

namespace hlmm::hl {
namespace json {
namespace {

ParseError bad_value(std::string_view field, std::string_view text) {
  ParseError e = fail(ParseErrc::kBadValue, field);
  e.set_detail(text);
  return e;
}

ParseError read_meta_asset(od::value& v, AssetMeta& out) {
  Required req;
  ParseError e = for_each_field(v, "universe[]", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "name")) {
      req.see(0);
      return read_string(value, "universe[].name", out.name);
    }
    if (key_is(key, "szDecimals")) {
      req.see(1);
      std::uint32_t d = 0;
      if (ParseError pe = read_u32(value, "universe[].szDecimals", d)) return pe;
      if (d > static_cast<std::uint32_t>(kSizeDecimals)) return fail(ParseErrc::kBadValue, "universe[].szDecimals");
      out.sz_decimals = static_cast<std::uint8_t>(d);
      return {};
    }
    if (key_is(key, "maxLeverage")) {
      req.see(2);
      return read_u32(value, "universe[].maxLeverage", out.max_leverage);
    }
    if (key_is(key, "onlyIsolated")) return read_bool(value, "universe[].onlyIsolated", out.only_isolated);
    if (key_is(key, "isDelisted")) return read_bool(value, "universe[].isDelisted", out.is_delisted);
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"universe[].name", "universe[].szDecimals", "universe[].maxLeverage"};
  return req.check(kNames);
}

ParseError read_meta(od::value& v, std::vector<AssetMeta>& universe) {
  universe.clear();
  Required req;
  ParseError e = for_each_field(v, "meta", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (!key_is(key, "universe")) return {};
    req.see(0);
    return for_each_element(value, "universe", [&](od::value& item) -> ParseError {
      AssetMeta m;
      if (ParseError pe = read_meta_asset(item, m)) return pe;
      universe.push_back(std::move(m));
      return {};
    });
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"universe"};
  return req.check(kNames);
}

ParseError read_book_side(od::value& v, std::vector<BookLevel>& out) {
  out.clear();
  return for_each_element(v, "levels[]", [&](od::value& item) -> ParseError {
    BookLevel level;
    Required req;
    ParseError e = for_each_field(item, "levels[][]", [&](od::raw_json_string key, od::value& value) -> ParseError {
      if (key_is(key, "px")) {
        req.see(0);
        if (ParseError pe = read_fixed(value, "levels[][].px", false, level.price)) return pe;
        return level.price > 0 ? ParseError{} : bad_decimal(DecimalError::kNotPositive, "levels[][].px");
      }
      if (key_is(key, "sz")) {
        req.see(1);
        return read_fixed(value, "levels[][].sz", false, level.size);
      }
      if (key_is(key, "n")) {
        req.see(2);
        return read_u32(value, "levels[][].n", level.orders);
      }
      return {};
    });
    if (e) return e;
    static constexpr std::string_view kNames[] = {"levels[][].px", "levels[][].sz", "levels[][].n"};
    if (ParseError pe = req.check(kNames)) return pe;
    out.push_back(level);
    return {};
  });
}

ParseError read_l2_book(od::value& v, L2BookSnapshot& out) {
  Required req;
  ParseError e = for_each_field(v, "l2Book", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "coin")) {
      req.see(0);
      return read_string(value, "coin", out.coin);
    }
    if (key_is(key, "time")) {
      req.see(1);
      return read_u64(value, "time", out.time_ms);
    }
    if (key_is(key, "levels")) {
      req.see(2);
      int side = 0;
      ParseError pe = for_each_element(value, "levels", [&](od::value& item) -> ParseError {
        if (side >= 2) return fail(ParseErrc::kBadValue, "levels");
        return read_book_side(item, side++ == 0 ? out.bids : out.asks);
      });
      if (pe) return pe;
      return side == 2 ? ParseError{} : fail(ParseErrc::kBadValue, "levels");
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"coin", "time", "levels"};
  return req.check(kNames);
}

ParseError read_open_order(od::value& v, OpenOrder& out) {
  Required req;
  ParseError e = for_each_field(v, "openOrders[]", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "coin")) {
      req.see(0);
      return read_string(value, "openOrders[].coin", out.coin);
    }
    if (key_is(key, "side")) {
      req.see(1);
      return read_side(value, "openOrders[].side", out.is_buy);
    }
    if (key_is(key, "limitPx")) {
      req.see(2);
      return read_fixed(value, "openOrders[].limitPx", false, out.limit_price);
    }
    if (key_is(key, "sz")) {
      req.see(3);
      return read_fixed(value, "openOrders[].sz", false, out.size);
    }
    if (key_is(key, "oid")) {
      req.see(4);
      return read_u64(value, "openOrders[].oid", out.oid);
    }
    if (key_is(key, "timestamp")) {
      req.see(5);
      return read_u64(value, "openOrders[].timestamp", out.timestamp_ms);
    }
    if (key_is(key, "cloid")) return read_cloid(value, "openOrders[].cloid", out.cloid);
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"openOrders[].coin", "openOrders[].side", "openOrders[].limitPx",
                                                "openOrders[].sz", "openOrders[].oid", "openOrders[].timestamp"};
  return req.check(kNames);
}

ParseError read_position(od::value& v, AssetPosition& out) {
  Required req;
  ParseError e = for_each_field(v, "assetPositions[].position", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "coin")) {
      req.see(0);
      return read_string(value, "position.coin", out.coin);
    }
    if (key_is(key, "szi")) {
      req.see(1);
      return read_fixed(value, "position.szi", true, out.position);
    }
    if (key_is(key, "unrealizedPnl")) {
      req.see(2);
      return read_fixed(value, "position.unrealizedPnl", true, out.unrealized_pnl);
    }
    if (key_is(key, "entryPx")) return read_optional_fixed(value, "position.entryPx", false, out.entry_price);
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"position.coin", "position.szi", "position.unrealizedPnl"};
  return req.check(kNames);
}

ParseError read_clearinghouse(od::value& v, ClearinghouseState& out) {
  Required req;
  ParseError e = for_each_field(v, "clearinghouseState", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "assetPositions")) {
      req.see(0);
      return for_each_element(value, "assetPositions", [&](od::value& item) -> ParseError {
        AssetPosition p;
        bool have = false;
        ParseError pe = for_each_field(item, "assetPositions[]", [&](od::raw_json_string k, od::value& val) -> ParseError {
          if (!key_is(k, "position")) return {};
          have = true;
          return read_position(val, p);
        });
        if (pe) return pe;
        if (!have) return fail(ParseErrc::kMissingField, "assetPositions[].position");
        out.positions.push_back(std::move(p));
        return {};
      });
    }
    if (key_is(key, "marginSummary")) {
      req.see(1);
      Required inner;
      ParseError pe = for_each_field(value, "marginSummary", [&](od::raw_json_string k, od::value& val) -> ParseError {
        if (key_is(k, "accountValue")) {
          inner.see(0);
          return read_fixed(val, "marginSummary.accountValue", true, out.account_value);
        }
        if (key_is(k, "totalMarginUsed")) {
          inner.see(1);
          return read_fixed(val, "marginSummary.totalMarginUsed", true, out.total_margin_used);
        }
        return {};
      });
      if (pe) return pe;
      static constexpr std::string_view kInner[] = {"marginSummary.accountValue", "marginSummary.totalMarginUsed"};
      return inner.check(kInner);
    }
    if (key_is(key, "withdrawable")) {
      req.see(2);
      return read_fixed(value, "withdrawable", true, out.withdrawable);
    }
    if (key_is(key, "time")) {
      req.see(3);
      return read_u64(value, "time", out.time_ms);
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"assetPositions", "marginSummary", "withdrawable", "time"};
  return req.check(kNames);
}

ParseError read_funding_entry(od::value& v, FundingHistoryEntry& out) {
  Required req;
  ParseError e = for_each_field(v, "fundingHistory[]", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "coin")) {
      req.see(0);
      return read_string(value, "fundingHistory[].coin", out.coin);
    }
    if (key_is(key, "fundingRate")) {
      req.see(1);
      return read_fixed(value, "fundingHistory[].fundingRate", true, out.funding_rate);
    }
    if (key_is(key, "premium")) {
      req.see(2);
      return read_fixed(value, "fundingHistory[].premium", true, out.premium);
    }
    if (key_is(key, "time")) {
      req.see(3);
      return read_u64(value, "fundingHistory[].time", out.time_ms);
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"fundingHistory[].coin", "fundingHistory[].fundingRate",
                                                "fundingHistory[].premium", "fundingHistory[].time"};
  return req.check(kNames);
}

ParseError read_order_status(od::value& v, OrderStatus& out) {
  od::json_type t;
  if (auto err = v.type().get(t)) return fail(err, "statuses[]");
  if (t == od::json_type::string) {
    std::string_view text;
    if (ParseError pe = read_string(v, "statuses[]", text)) return pe;
    if (text == "success") {
      out.kind = OrderStatusKind::kSuccess;
    } else if (text == "waitingForFill") {
      out.kind = OrderStatusKind::kWaitingForFill;
    } else if (text == "waitingForTrigger") {
      out.kind = OrderStatusKind::kWaitingForTrigger;
    } else {
      return bad_value("statuses[]", text);
    }
    return {};
  }
  bool have = false;
  ParseError e = for_each_field(v, "statuses[]", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "resting")) {
      have = true;
      out.kind = OrderStatusKind::kResting;
      Required req;
      ParseError pe = for_each_field(value, "statuses[].resting", [&](od::raw_json_string k, od::value& val) -> ParseError {
        if (!key_is(k, "oid")) return {};
        req.see(0);
        return read_u64(val, "statuses[].resting.oid", out.oid);
      });
      if (pe) return pe;
      static constexpr std::string_view kNames[] = {"statuses[].resting.oid"};
      return req.check(kNames);
    }
    if (key_is(key, "filled")) {
      have = true;
      out.kind = OrderStatusKind::kFilled;
      Required req;
      ParseError pe = for_each_field(value, "statuses[].filled", [&](od::raw_json_string k, od::value& val) -> ParseError {
        if (key_is(k, "oid")) {
          req.see(0);
          return read_u64(val, "statuses[].filled.oid", out.oid);
        }
        if (key_is(k, "totalSz")) {
          req.see(1);
          return read_fixed(val, "statuses[].filled.totalSz", false, out.total_size);
        }
        if (key_is(k, "avgPx")) {
          req.see(2);
          return read_fixed(val, "statuses[].filled.avgPx", false, out.avg_price);
        }
        return {};
      });
      if (pe) return pe;
      static constexpr std::string_view kNames[] = {"statuses[].filled.oid", "statuses[].filled.totalSz",
                                                    "statuses[].filled.avgPx"};
      return req.check(kNames);
    }
    if (key_is(key, "error")) {
      have = true;
      out.kind = OrderStatusKind::kError;
      return read_string(value, "statuses[].error", out.error);
    }
    return {};
  });
  if (e) return e;
  return have ? ParseError{} : fail(ParseErrc::kMissingField, "statuses[].resting|filled|error");
}

}  // namespace

ParseError read_user_fill(od::value& v, UserFill& out) {
  Required req;
  ParseError e = for_each_field(v, "fills[]", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "coin")) {
      req.see(0);
      return read_string(value, "fills[].coin", out.coin);
    }
    if (key_is(key, "px")) {
      req.see(1);
      if (ParseError pe = read_fixed(value, "fills[].px", false, out.price)) return pe;
      return out.price > 0 ? ParseError{} : bad_decimal(DecimalError::kNotPositive, "fills[].px");
    }
    if (key_is(key, "sz")) {
      req.see(2);
      if (ParseError pe = read_fixed(value, "fills[].sz", false, out.size)) return pe;
      return out.size > 0 ? ParseError{} : bad_decimal(DecimalError::kNotPositive, "fills[].sz");
    }
    if (key_is(key, "side")) {
      req.see(3);
      return read_side(value, "fills[].side", out.is_buy);
    }
    if (key_is(key, "time")) {
      req.see(4);
      return read_u64(value, "fills[].time", out.time_ms);
    }
    if (key_is(key, "oid")) {
      req.see(5);
      return read_u64(value, "fills[].oid", out.oid);
    }
    if (key_is(key, "crossed")) {
      req.see(6);
      return read_bool(value, "fills[].crossed", out.crossed);
    }
    if (key_is(key, "fee")) {
      req.see(7);
      return read_fixed(value, "fills[].fee", true, out.fee);
    }
    if (key_is(key, "tid")) {
      req.see(8);
      return read_u64(value, "fills[].tid", out.tid);
    }
    if (key_is(key, "startPosition")) return read_fixed(value, "fills[].startPosition", true, out.start_position);
    if (key_is(key, "closedPnl")) return read_fixed(value, "fills[].closedPnl", true, out.closed_pnl);
    if (key_is(key, "dir")) return read_string(value, "fills[].dir", out.dir);
    if (key_is(key, "hash")) return read_string(value, "fills[].hash", out.hash);
    if (key_is(key, "feeToken")) return read_string(value, "fills[].feeToken", out.fee_token);
    if (key_is(key, "cloid")) return read_cloid(value, "fills[].cloid", out.cloid);
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"fills[].coin", "fills[].px",  "fills[].sz",
                                                "fills[].side", "fills[].time", "fills[].oid",
                                                "fills[].crossed", "fills[].fee", "fills[].tid"};
  return req.check(kNames);
}

ParseError read_user_fills(od::value& v, std::vector<UserFill>& out) {
  out.clear();
  return for_each_element(v, "fills", [&](od::value& item) -> ParseError {
    UserFill fill;
    if (ParseError pe = read_user_fill(item, fill)) return pe;
    out.push_back(std::move(fill));
    return {};
  });
}

namespace {

// The "order" object of an orderUpdates entry, also the inner order of an orderStatus answer, whose
// frontend shape adds tif and reduceOnly (`extra`, null when not wanted).
ParseError read_order_object(od::value& v, OrderUpdate& u, OrderStatusAnswer* extra) {
  Required inner;
  ParseError pe = for_each_field(v, "order", [&](od::raw_json_string k, od::value& val) -> ParseError {
    if (key_is(k, "coin")) {
      inner.see(0);
      return read_string(val, "order.coin", u.coin);
    }
    if (key_is(k, "side")) {
      inner.see(1);
      return read_side(val, "order.side", u.is_buy);
    }
    if (key_is(k, "limitPx")) {
      inner.see(2);
      return read_fixed(val, "order.limitPx", false, u.limit_price);
    }
    if (key_is(k, "sz")) {
      inner.see(3);
      return read_fixed(val, "order.sz", false, u.size);
    }
    if (key_is(k, "oid")) {
      inner.see(4);
      return read_u64(val, "order.oid", u.oid);
    }
    if (key_is(k, "timestamp")) {
      inner.see(5);
      return read_u64(val, "order.timestamp", u.timestamp_ms);
    }
    if (key_is(k, "origSz")) {
      inner.see(6);
      return read_fixed(val, "order.origSz", false, u.orig_size);
    }
    if (key_is(k, "cloid")) return read_cloid(val, "order.cloid", u.cloid);
    if (extra != nullptr && key_is(k, "tif")) {
      // null for trigger orders on the real venue
      if (is_null(val)) return {};
      return read_string(val, "order.tif", extra->tif);
    }
    if (extra != nullptr && key_is(k, "reduceOnly")) return read_bool(val, "order.reduceOnly", extra->reduce_only);
    return {};
  });
  if (pe) return pe;
  static constexpr std::string_view kInner[] = {"order.coin", "order.side", "order.limitPx", "order.sz",
                                                "order.oid",  "order.timestamp", "order.origSz"};
  return inner.check(kInner);
}

}  // namespace

ParseError read_order_updates(od::value& v, std::vector<OrderUpdate>& out) {
  out.clear();
  return for_each_element(v, "orderUpdates", [&](od::value& item) -> ParseError {
    OrderUpdate u;
    Required req;
    ParseError e = for_each_field(item, "orderUpdates[]", [&](od::raw_json_string key, od::value& value) -> ParseError {
      if (key_is(key, "order")) {
        req.see(0);
        return read_order_object(value, u, nullptr);
      }
      if (key_is(key, "status")) {
        req.see(1);
        return read_string(value, "status", u.status);
      }
      if (key_is(key, "statusTimestamp")) {
        req.see(2);
        return read_u64(value, "statusTimestamp", u.status_timestamp_ms);
      }
      return {};
    });
    if (e) return e;
    static constexpr std::string_view kNames[] = {"order", "status", "statusTimestamp"};
    if (ParseError pe = req.check(kNames)) return pe;
    out.push_back(std::move(u));
    return {};
  });
}

ParseError read_order_status_answer(od::value& v, OrderStatusAnswer& out) {
  out = OrderStatusAnswer{};
  std::string_view status;
  bool have_order = false;
  Required req;
  ParseError e = for_each_field(v, "orderStatus", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "status")) {
      req.see(0);
      return read_string(value, "status", status);
    }
    if (!key_is(key, "order")) return {};
    have_order = true;
    Required inner;
    ParseError pe = for_each_field(value, "orderStatus.order", [&](od::raw_json_string k, od::value& val) -> ParseError {
      if (key_is(k, "order")) {
        inner.see(0);
        return read_order_object(val, out.order, &out);
      }
      if (key_is(k, "status")) {
        inner.see(1);
        return read_string(val, "order.status", out.order.status);
      }
      if (key_is(k, "statusTimestamp")) {
        inner.see(2);
        return read_u64(val, "order.statusTimestamp", out.order.status_timestamp_ms);
      }
      return {};
    });
    if (pe) return pe;
    static constexpr std::string_view kInner[] = {"order.order", "order.status", "order.statusTimestamp"};
    return inner.check(kInner);
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"status"};
  if (ParseError missing = req.check(kNames)) return missing;
  if (status == "unknownOid") {
    out = OrderStatusAnswer{};
    return {};
  }
  if (status != "order") return bad_value("status", status);
  if (!have_order) return fail(ParseErrc::kMissingField, "order");
  out.found = true;
  return {};
}

ParseError read_user_fills_message(od::value& v, UserFillsMessage& out) {
  out.is_snapshot = false;
  out.user.clear();
  out.fills.clear();
  Required req;
  ParseError e = for_each_field(v, "userFills", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "isSnapshot")) return read_bool(value, "isSnapshot", out.is_snapshot);
    if (key_is(key, "user")) {
      req.see(0);
      return read_string(value, "user", out.user);
    }
    if (key_is(key, "fills")) {
      req.see(1);
      return read_user_fills(value, out.fills);
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"user", "fills"};
  return req.check(kNames);
}

ParseError read_user_event(od::value& v, UserEvent& out) {
  out = UserEvent{};
  int kinds = 0;
  ParseError e = for_each_field(v, "user", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "fills")) {
      ++kinds;
      return read_user_fills(value, out.fills);
    }
    if (key_is(key, "funding")) {
      ++kinds;
      UserFunding f;
      Required req;
      ParseError pe = for_each_field(value, "funding", [&](od::raw_json_string k, od::value& val) -> ParseError {
        if (key_is(k, "time")) {
          req.see(0);
          return read_u64(val, "funding.time", f.time_ms);
        }
        if (key_is(k, "coin")) {
          req.see(1);
          return read_string(val, "funding.coin", f.coin);
        }
        if (key_is(k, "usdc")) {
          req.see(2);
          return read_fixed(val, "funding.usdc", true, f.usdc);
        }
        if (key_is(k, "szi")) {
          req.see(3);
          return read_fixed(val, "funding.szi", true, f.position);
        }
        if (key_is(k, "fundingRate")) {
          req.see(4);
          return read_fixed(val, "funding.fundingRate", true, f.funding_rate);
        }
        return {};
      });
      if (pe) return pe;
      static constexpr std::string_view kNames[] = {"funding.time", "funding.coin", "funding.usdc", "funding.szi",
                                                    "funding.fundingRate"};
      if (ParseError missing = req.check(kNames)) return missing;
      out.funding = std::move(f);
      return {};
    }
    if (key_is(key, "nonUserCancel")) {
      ++kinds;
      return for_each_element(value, "nonUserCancel", [&](od::value& item) -> ParseError {
        NonUserCancel c;
        Required req;
        ParseError pe = for_each_field(item, "nonUserCancel[]", [&](od::raw_json_string k, od::value& val) -> ParseError {
          if (key_is(k, "coin")) {
            req.see(0);
            return read_string(val, "nonUserCancel[].coin", c.coin);
          }
          if (key_is(k, "oid")) {
            req.see(1);
            return read_u64(val, "nonUserCancel[].oid", c.oid);
          }
          return {};
        });
        if (pe) return pe;
        static constexpr std::string_view kNames[] = {"nonUserCancel[].coin", "nonUserCancel[].oid"};
        if (ParseError missing = req.check(kNames)) return missing;
        out.non_user_cancels.push_back(std::move(c));
        return {};
      });
    }
    if (key_is(key, "liquidation")) {
      ++kinds;
      od::object o;
      if (auto err = value.get_object().get(o)) return fail(err, "liquidation");
      out.liquidation = true;
      return {};
    }
    return {};
  });
  if (e) return e;
  if (kinds == 0) return fail(ParseErrc::kMissingField, "fills|funding|liquidation|nonUserCancel");
  if (kinds > 1) return fail(ParseErrc::kBadValue, "user: more than one event kind");
  return {};
}

ParseError read_asset_context(od::value& v, AssetContext& out) {
  out = AssetContext{};
  Required req;
  ParseError e = for_each_field(v, "ctx", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "markPx")) {
      req.see(0);
      return read_fixed(value, "ctx.markPx", false, out.mark_price);
    }
    if (key_is(key, "oraclePx")) {
      req.see(1);
      return read_fixed(value, "ctx.oraclePx", false, out.oracle_price);
    }
    if (key_is(key, "funding")) {
      req.see(2);
      return read_fixed(value, "ctx.funding", true, out.funding_rate);
    }
    if (key_is(key, "openInterest")) {
      req.see(3);
      return read_fixed(value, "ctx.openInterest", false, out.open_interest);
    }
    if (key_is(key, "midPx")) return read_optional_fixed(value, "ctx.midPx", false, out.mid_price);
    if (key_is(key, "premium")) {
      std::optional<std::int64_t> premium;
      if (ParseError pe = read_optional_fixed(value, "ctx.premium", true, premium)) return pe;
      out.premium = premium.value_or(0);
      return {};
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"ctx.markPx", "ctx.oraclePx", "ctx.funding", "ctx.openInterest"};
  return req.check(kNames);
}

ParseError read_exchange_response(od::value& v, ExchangeResponse& out) {
  out = ExchangeResponse{};
  std::string_view status;
  bool response_is_text = false;
  Required req;
  ParseError e = for_each_field(v, "exchange response", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "status")) {
      req.see(0);
      return read_string(value, "status", status);
    }
    if (!key_is(key, "response")) return {};
    req.see(1);
    // The shape of "response" says which kind of answer this is, whatever order the keys come in:
    // a string is a whole-request error, an object a typed answer.
    od::json_type t;
    if (auto err = value.type().get(t)) return fail(err, "response");
    if (t == od::json_type::string) {
      response_is_text = true;
      return read_string(value, "response", out.error);
    }
    Required inner;
    ParseError pe = for_each_field(value, "response", [&](od::raw_json_string k, od::value& val) -> ParseError {
      if (key_is(k, "type")) {
        inner.see(0);
        return read_string(val, "response.type", out.type);
      }
      if (!key_is(k, "data")) return {};
      bool have_statuses = false;
      ParseError de = for_each_field(val, "response.data", [&](od::raw_json_string dk, od::value& dv) -> ParseError {
        if (!key_is(dk, "statuses")) return {};
        have_statuses = true;
        return for_each_element(dv, "statuses", [&](od::value& item) -> ParseError {
          OrderStatus s;
          if (ParseError se = read_order_status(item, s)) return se;
          out.statuses.push_back(std::move(s));
          return {};
        });
      });
      if (de) return de;
      return have_statuses ? ParseError{} : fail(ParseErrc::kMissingField, "response.data.statuses");
    });
    if (pe) return pe;
    static constexpr std::string_view kInner[] = {"response.type"};
    return inner.check(kInner);
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"status", "response"};
  if (ParseError missing = req.check(kNames)) return missing;
  if (status == "ok") {
    if (response_is_text) return fail(ParseErrc::kWrongType, "response");
    out.ok = true;
    return {};
  }
  if (status == "err") {
    if (!response_is_text) return fail(ParseErrc::kWrongType, "response");
    out.ok = false;
    return {};
  }
  return bad_value("status", status);
}

ParseError read_post_response(od::value& v, WsPostResponse& out) {
  const std::uint64_t id = out.id;
  out = WsPostResponse{};
  out.id = id;
  std::string_view type;
  std::string deferred;  // an object payload that came before "type": read once the type is known
  bool payload_seen = false;
  bool payload_parsed = false;
  Required req;
  ParseError e = for_each_field(v, "post.response", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (key_is(key, "type")) {
      req.see(0);
      return read_string(value, "post.response.type", type);
    }
    if (!key_is(key, "payload")) return {};
    req.see(1);
    payload_seen = true;
    od::json_type t;
    if (auto err = value.type().get(t)) return fail(err, "post.response.payload");
    if (type == "error" || (type.empty() && t == od::json_type::string)) {
      payload_parsed = true;
      out.kind = PostResponseKind::kError;
      return read_string(value, "post.response.payload", out.error);
    }
    if (t != od::json_type::object) return fail(ParseErrc::kWrongType, "post.response.payload");
    if (type == "action") {
      payload_parsed = true;
      out.kind = PostResponseKind::kAction;
      return read_exchange_response(value, out.action);
    }
    od::object o;
    std::string_view raw;
    if (auto err = value.get_object().get(o)) return fail(err, "post.response.payload");
    if (auto err = o.raw_json().get(raw)) return fail(err, "post.response.payload");
    if (type == "info") {
      payload_parsed = true;
      out.kind = PostResponseKind::kInfo;
      out.info_payload.assign(raw);
      return {};
    }
    deferred.assign(raw);
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"post.response.type", "post.response.payload"};
  if (ParseError missing = req.check(kNames)) return missing;
  if (payload_seen && payload_parsed) {
    const bool consistent = (type == "error" && out.kind == PostResponseKind::kError) ||
                            (type == "action" && out.kind == PostResponseKind::kAction) ||
                            (type == "info" && out.kind == PostResponseKind::kInfo);
    return consistent ? ParseError{} : bad_value("post.response.type", type);
  }
  if (type == "info") {
    out.kind = PostResponseKind::kInfo;
    out.info_payload = std::move(deferred);
    return {};
  }
  if (type == "action") {
    out.kind = PostResponseKind::kAction;
    Parsed<ExchangeResponse> inner = parse_exchange_response(deferred);
    if (!inner.ok()) return inner.error;
    out.action = std::move(inner.value);
    return {};
  }
  return bad_value("post.response.type", type);
}

}  // namespace json

namespace {

namespace od = simdjson::ondemand;

// One body → one value: parse, check the document ended where it should, classify truncation.
template <class T, class Reader>
Parsed<T> parse_body(std::string_view body, Reader&& read) {
  Parsed<T> out;
  try {
    if (body.size() > kMaxInfoBytes) {
      out.error = json::fail(ParseErrc::kOversized, "body");
      return out;
    }
    json::JsonInput input(body.size());
    od::document doc;
    ParseError e = input.start(body, doc);
    if (e.ok()) {
      od::value root;
      e = json::root_value(doc, root, "root");
      if (e.ok()) e = read(root, out.value);
    }
    out.error = input.finish(e, doc);
  } catch (const std::exception&) {
    out.error = json::fail(ParseErrc::kInternal, "body");
  }
  if (!out.ok()) out.value = T{};
  return out;
}

}  // namespace

Parsed<ExchangeResponse> parse_exchange_response(std::string_view body) {
  return parse_body<ExchangeResponse>(body, [](od::value& v, ExchangeResponse& out) {
    return json::read_exchange_response(v, out);
  });
}

Parsed<WsPostResponse> parse_post_response(std::string_view response_json) {
  return parse_body<WsPostResponse>(response_json, [](od::value& v, WsPostResponse& out) {
    return json::read_post_response(v, out);
  });
}

Parsed<PerpMeta> parse_meta(std::string_view body) {
  return parse_body<PerpMeta>(body, [](od::value& v, PerpMeta& out) { return json::read_meta(v, out.universe); });
}

Parsed<MetaAndAssetCtxs> parse_meta_and_asset_ctxs(std::string_view body) {
  return parse_body<MetaAndAssetCtxs>(body, [](od::value& v, MetaAndAssetCtxs& out) -> ParseError {
    int index = 0;
    ParseError e = json::for_each_element(v, "metaAndAssetCtxs", [&](od::value& item) -> ParseError {
      switch (index++) {
        case 0: return json::read_meta(item, out.universe);
        case 1:
          return json::for_each_element(item, "assetCtxs", [&](od::value& ctx) -> ParseError {
            AssetContext c;
            if (ParseError pe = json::read_asset_context(ctx, c)) return pe;
            out.contexts.push_back(c);
            return {};
          });
        default: return json::fail(ParseErrc::kBadValue, "metaAndAssetCtxs: more than two elements");
      }
    });
    if (e) return e;
    if (index < 2) return json::fail(ParseErrc::kMissingField, "assetCtxs");
    if (out.contexts.size() != out.universe.size()) return json::fail(ParseErrc::kBadValue, "assetCtxs: not aligned with universe");
    return {};
  });
}

Parsed<L2BookSnapshot> parse_l2_book(std::string_view body) {
  return parse_body<L2BookSnapshot>(body, [](od::value& v, L2BookSnapshot& out) { return json::read_l2_book(v, out); });
}

Parsed<std::vector<OpenOrder>> parse_open_orders(std::string_view body) {
  return parse_body<std::vector<OpenOrder>>(body, [](od::value& v, std::vector<OpenOrder>& out) {
    return json::for_each_element(v, "openOrders", [&](od::value& item) -> ParseError {
      OpenOrder o;
      if (ParseError pe = json::read_open_order(item, o)) return pe;
      out.push_back(std::move(o));
      return {};
    });
  });
}

Parsed<std::vector<UserFill>> parse_user_fills(std::string_view body) {
  return parse_body<std::vector<UserFill>>(body, [](od::value& v, std::vector<UserFill>& out) {
    return json::read_user_fills(v, out);
  });
}

Parsed<OrderStatusAnswer> parse_order_status(std::string_view body) {
  return parse_body<OrderStatusAnswer>(body, [](od::value& v, OrderStatusAnswer& out) {
    return json::read_order_status_answer(v, out);
  });
}

Parsed<ClearinghouseState> parse_clearinghouse_state(std::string_view body) {
  return parse_body<ClearinghouseState>(body, [](od::value& v, ClearinghouseState& out) {
    return json::read_clearinghouse(v, out);
  });
}

Parsed<std::vector<FundingHistoryEntry>> parse_funding_history(std::string_view body) {
  return parse_body<std::vector<FundingHistoryEntry>>(body, [](od::value& v, std::vector<FundingHistoryEntry>& out) {
    return json::for_each_element(v, "fundingHistory", [&](od::value& item) -> ParseError {
      FundingHistoryEntry f;
      if (ParseError pe = json::read_funding_entry(item, f)) return pe;
      out.push_back(std::move(f));
      return {};
    });
  });
}

}  // namespace hlmm::hl
