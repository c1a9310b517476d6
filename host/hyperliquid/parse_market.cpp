#include "hyperliquid/parse_market.hpp"

#include <array>
#include <exception>
#include <utility>

#include "hyperliquid/l2book_scan.hpp"
#include "hyperliquid/parse_json.hpp"

namespace hlmm::hl {

std::string_view channel_name(Channel c) {
  switch (c) {
    case Channel::kNone: return "none";
    case Channel::kGreeting: return "greeting";
    case Channel::kSubscriptionResponse: return "subscriptionResponse";
    case Channel::kPong: return "pong";
    case Channel::kPost: return "post";
    case Channel::kError: return "error";
    case Channel::kL2Book: return "l2Book";
    case Channel::kBbo: return "bbo";
    case Channel::kTrades: return "trades";
    case Channel::kActiveAssetCtx: return "activeAssetCtx";
    case Channel::kOrderUpdates: return "orderUpdates";
    case Channel::kUserFills: return "userFills";
    case Channel::kUserEvents: return "user";
    case Channel::kUnknown: return "unknown";
  }
  return "unknown";
}

namespace {

namespace od = simdjson::ondemand;
using json::fail;

constexpr std::string_view kGreeting = "Websocket connection established.";
constexpr std::uint64_t kNsPerMs = 1'000'000;

Channel channel_of(std::string_view name) {
  if (name == "l2Book") return Channel::kL2Book;
  if (name == "trades") return Channel::kTrades;
  if (name == "bbo") return Channel::kBbo;
  if (name == "activeAssetCtx") return Channel::kActiveAssetCtx;
  if (name == "orderUpdates") return Channel::kOrderUpdates;
  if (name == "userFills") return Channel::kUserFills;
  if (name == "user") return Channel::kUserEvents;
  if (name == "post") return Channel::kPost;
  if (name == "pong") return Channel::kPong;
  if (name == "subscriptionResponse") return Channel::kSubscriptionResponse;
  if (name == "error") return Channel::kError;
  return Channel::kUnknown;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// simdjson 3.0 gives raw_json() for objects and arrays only; a scalar is its token.
ParseError raw_json_of(od::value& v, std::string_view& out) {
  od::json_type t;
  if (auto e = v.type().get(t)) return fail(e, "data");
  if (t == od::json_type::object) {
    od::object o;
    if (auto e = v.get_object().get(o)) return fail(e, "data");
    if (auto e = o.raw_json().get(out)) return fail(e, "data");
    return {};
  }
  if (t == od::json_type::array) {
    od::array a;
    if (auto e = v.get_array().get(a)) return fail(e, "data");
    if (auto e = a.raw_json().get(out)) return fail(e, "data");
    return {};
  }
  out = v.raw_json_token();
  return {};
}

ParseError venue_time_ns(std::uint64_t time_ms, std::string_view field, std::uint64_t& out) {
  if (time_ms > UINT64_MAX / kNsPerMs) return fail(ParseErrc::kBadInteger, field);
  out = time_ms * kNsPerMs;
  return {};
}

ParseError coin_error(ParseErrc code, std::string_view coin) {
  ParseError e = fail(code, "coin");
  e.set_detail(coin);
  return e;
}

// f = mid · r at 1e-8: the product is at 1e-16, rounded back to nearest, ties away from zero.
__extension__ typedef __int128 i128;

Price cash_funding(Price mid, std::int64_t rate) {
  const i128 product = static_cast<i128>(mid) * rate;
  const i128 half = kPriceScale / 2;
  const i128 q = product >= 0 ? (product + half) / kPriceScale : -((-product + half) / kPriceScale);
  if (q > INT64_MAX) return INT64_MAX;
  if (q < INT64_MIN) return INT64_MIN;
  return static_cast<Price>(q);
}

using detail::WireLevel;
using detail::WireSide;

}  // namespace

struct FeedDecoder::Impl {
  Impl(AssetDirectory d, FeedDecoderOptions o) : directory(std::move(d)), options(o), input(kMaxFrameBytes) {
    for (SlotState& s : slots) {
      clear_side(s.bids);
      clear_side(s.asks);
    }
  }

  struct SlotState {
    std::uint32_t next_seq = 0;
    SideBook bids{};
    SideBook asks{};
    std::uint64_t last_ts_ns = 0;
  };

  AssetDirectory directory;
  FeedDecoderOptions options;
  json::JsonInput input;
  std::array<SlotState, kMaxAssets> slots{};

  // Per-frame scratch, committed only when the whole frame decodes.
  std::array<WireSide, 2> wire{};
  bool book_pending = false;
  std::uint8_t book_slot = 0;
  SideBook new_bids{};
  SideBook new_asks{};

  ParseError decode(std::string_view frame, FeedMessage& out);
  ParseError dispatch(Channel channel, od::value& data, FeedMessage& out);
  ParseError read_levels(od::value& v, std::string_view where, int side);
  ParseError read_level(od::value& v, std::string_view where, WireLevel& out, bool& present);
  ParseError convert_side(const AssetInfo& info, int side, SideBook& book);
  ParseError emit_book(std::uint8_t slot, std::uint64_t ts_ns, FeedMessage& out);
  ParseError decode_l2book(od::value& data, FeedMessage& out);
  ParseError book_from_wire(std::string_view coin, std::uint64_t time_ms, FeedMessage& out);
  ParseError conclude(Channel channel, ParseError e, FeedMessage& out);
  ParseError decode_bbo(od::value& data, FeedMessage& out);
  ParseError decode_trades(od::value& data, FeedMessage& out);
  ParseError decode_asset_ctx(od::value& data, FeedMessage& out);
  ParseError lookup(std::string_view coin, const AssetInfo*& info) const;
  void commit(FeedMessage& out);
};

ParseError FeedDecoder::Impl::lookup(std::string_view coin, const AssetInfo*& info) const {
  info = directory.find(coin);
  if (info == nullptr) return coin_error(ParseErrc::kUnknownCoin, coin);
  if (!info->slot) return coin_error(ParseErrc::kNoSlot, coin);
  return {};
}

ParseError FeedDecoder::Impl::read_level(od::value& v, std::string_view where, WireLevel& out, bool& present) {
  present = false;
  if (json::is_null(v)) return {};
  json::Required req;
  ParseError e = json::for_each_field(v, where, [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (json::key_is(key, "px")) {
      req.see(0);
      return json::read_raw_text(value, "levels.px", out.px);
    }
    if (json::key_is(key, "sz")) {
      req.see(1);
      return json::read_raw_text(value, "levels.sz", out.sz);
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"levels.px", "levels.sz"};
  if (ParseError missing = req.check(kNames)) return missing;
  present = true;
  return {};
}

ParseError FeedDecoder::Impl::read_levels(od::value& v, std::string_view where, int side) {
  WireSide& ws = wire[static_cast<std::size_t>(side)];
  return json::for_each_element(v, where, [&](od::value& item) -> ParseError {
    if (ws.count >= kMaxWireLevels) return fail(ParseErrc::kTooManyItems, where);
    bool present = false;
    if (ParseError e = read_level(item, where, ws.level[static_cast<std::size_t>(ws.count)], present)) return e;
    if (!present) return fail(ParseErrc::kWrongType, where);  // null is only allowed in bbo
    ++ws.count;
    return {};
  });
}

// Converts the staged texts of one side into the top kBookLevels levels, checking that the venue
// sent them best first with positive sizes (a snapshot is only truncated correctly when sorted).
ParseError FeedDecoder::Impl::convert_side(const AssetInfo& info, int side, SideBook& book) {
  clear_side(book);
  const WireSide& ws = wire[static_cast<std::size_t>(side)];
  const Side sd = side == 0 ? Side::kBid : Side::kAsk;
  Price previous = 0;
  for (int i = 0; i < ws.count; ++i) {
    const WireLevel& wl = ws.level[static_cast<std::size_t>(i)];
    const DecimalResult px = parse_price(wl.px, info.sz_decimals, info.market);
    if (!px) return json::bad_decimal(px.error, "levels.px");
    const DecimalResult sz = parse_size(wl.sz, info.sz_decimals);
    if (!sz) return json::bad_decimal(sz.error, "levels.sz");
    if (sz.value == 0) return json::bad_decimal(DecimalError::kNotPositive, "levels.sz");
    if (i > 0 && !better_price(sd, previous, px.value)) return fail(ParseErrc::kBadValue, "levels: not sorted best first");
    previous = px.value;
    if (i < kBookLevels) {
      book.price[i] = px.value;
      book.size[i] = sz.value;
      book.count = static_cast<std::uint8_t>(i + 1);
    }
  }
  return {};
}

ParseError FeedDecoder::Impl::emit_book(std::uint8_t slot, std::uint64_t ts_ns, FeedMessage& out) {
  const std::size_t needed = 1 + static_cast<std::size_t>(new_bids.count) + new_asks.count;
  if (out.records.capacity() - out.records.size() < needed) return fail(ParseErrc::kOutputFull, "records");
  out.records.push(MarketEvent{EventKind::kBookClear, slot, Side::kBoth, 0, 0, 0, 0, ts_ns});
  for (int i = 0; i < new_bids.count; ++i) {
    out.records.push(MarketEvent{EventKind::kBookLevel, slot, Side::kBid, 0, 0, new_bids.price[i], new_bids.size[i], ts_ns});
  }
  for (int i = 0; i < new_asks.count; ++i) {
    out.records.push(MarketEvent{EventKind::kBookLevel, slot, Side::kAsk, 0, 0, new_asks.price[i], new_asks.size[i], ts_ns});
  }
  out.records[out.records.size() - 1].flags |= kFlagEndOfSnapshot;
  book_pending = true;
  book_slot = slot;
  return {};
}

ParseError FeedDecoder::Impl::decode_l2book(od::value& data, FeedMessage& out) {
  std::string_view coin;
  std::uint64_t time_ms = 0;
  int sides = 0;
  json::Required req;
  ParseError e = json::for_each_field(data, "l2Book", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (json::key_is(key, "coin")) {
      req.see(0);
      return json::read_string(value, "coin", coin);
    }
    if (json::key_is(key, "time")) {
      req.see(1);
      return json::read_u64(value, "time", time_ms);
    }
    if (json::key_is(key, "levels")) {
      req.see(2);
      return json::for_each_element(value, "levels", [&](od::value& side) -> ParseError {
        if (sides >= 2) return fail(ParseErrc::kBadValue, "levels: more than two sides");
        const int index = sides++;
        return read_levels(side, index == 0 ? std::string_view("levels[0]") : std::string_view("levels[1]"), index);
      });
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"coin", "time", "levels"};
  if (ParseError missing = req.check(kNames)) return missing;
  if (sides != 2) return fail(ParseErrc::kBadValue, "levels: expected [bids, asks]");
  return book_from_wire(coin, time_ms, out);
}

// The l2Book frame's content, read by either path, to records.
ParseError FeedDecoder::Impl::book_from_wire(std::string_view coin, std::uint64_t time_ms, FeedMessage& out) {
  const AssetInfo* info = nullptr;
  if (ParseError pe = lookup(coin, info)) return pe;
  if (ParseError pe = convert_side(*info, 0, new_bids)) return pe;
  if (ParseError pe = convert_side(*info, 1, new_asks)) return pe;
  std::uint64_t ts_ns = 0;
  if (ParseError pe = venue_time_ns(time_ms, "time", ts_ns)) return pe;
  out.slot = *info->slot;
  out.time_ms = time_ms;
  return emit_book(*info->slot, ts_ns, out);
}

ParseError FeedDecoder::Impl::decode_bbo(od::value& data, FeedMessage& out) {
  std::string_view coin;
  std::uint64_t time_ms = 0;
  int sides = 0;
  std::array<bool, 2> present{};
  json::Required req;
  ParseError e = json::for_each_field(data, "bbo", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (json::key_is(key, "coin")) {
      req.see(0);
      return json::read_string(value, "coin", coin);
    }
    if (json::key_is(key, "time")) {
      req.see(1);
      return json::read_u64(value, "time", time_ms);
    }
    if (json::key_is(key, "bbo")) {
      req.see(2);
      return json::for_each_element(value, "bbo", [&](od::value& level) -> ParseError {
        if (sides >= 2) return fail(ParseErrc::kBadValue, "bbo: more than two sides");
        const auto index = static_cast<std::size_t>(sides++);
        bool here = false;
        if (ParseError pe = read_level(level, "bbo[]", wire[index].level[0], here)) return pe;
        present[index] = here;
        wire[index].count = here ? 1 : 0;
        return {};
      });
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"coin", "time", "bbo"};
  if (ParseError missing = req.check(kNames)) return missing;
  if (sides != 2) return fail(ParseErrc::kBadValue, "bbo: expected [bid, ask]");
  const AssetInfo* info = nullptr;
  if (ParseError pe = lookup(coin, info)) return pe;
  SideBook top[2];
  if (ParseError pe = convert_side(*info, 0, top[0])) return pe;
  if (ParseError pe = convert_side(*info, 1, top[1])) return pe;
  if (present[0] && present[1] && top[0].price[0] >= top[1].price[0]) return fail(ParseErrc::kBadValue, "bbo: crossed");
  std::uint64_t ts_ns = 0;
  if (ParseError pe = venue_time_ns(time_ms, "time", ts_ns)) return pe;

  const std::uint8_t slot = *info->slot;
  // Merge into the book copy: the new best replaces every level better than it on its side.
  new_bids = slots[slot].bids;
  new_asks = slots[slot].asks;
  for (int s = 0; s < 2; ++s) {
    SideBook& book = s == 0 ? new_bids : new_asks;
    const Side sd = s == 0 ? Side::kBid : Side::kAsk;
    if (!present[static_cast<std::size_t>(s)]) {
      clear_side(book);
      continue;
    }
    const Price best = top[s].price[0];
    while (book.count > 0 && better_price(sd, book.price[0], best)) apply_level(book, sd, book.price[0], 0);
    apply_level(book, sd, best, top[s].size[0]);
  }
  out.slot = slot;
  out.time_ms = time_ms;
  out.bbo.has_bid = present[0];
  out.bbo.has_ask = present[1];
  out.bbo.bid = present[0] ? BookLevel{top[0].price[0], top[0].size[0], 0} : BookLevel{};
  out.bbo.ask = present[1] ? BookLevel{top[1].price[0], top[1].size[0], 0} : BookLevel{};
  return emit_book(slot, ts_ns, out);
}

ParseError FeedDecoder::Impl::decode_trades(od::value& data, FeedMessage& out) {
  return json::for_each_element(data, "trades", [&](od::value& item) -> ParseError {
    std::string_view coin, side, px, sz;
    std::uint64_t time_ms = 0;
    json::Required req;
    ParseError e = json::for_each_field(item, "trades[]", [&](od::raw_json_string key, od::value& value) -> ParseError {
      if (json::key_is(key, "coin")) {
        req.see(0);
        return json::read_string(value, "trades[].coin", coin);
      }
      if (json::key_is(key, "side")) {
        req.see(1);
        return json::read_string(value, "trades[].side", side);
      }
      if (json::key_is(key, "px")) {
        req.see(2);
        return json::read_raw_text(value, "trades[].px", px);
      }
      if (json::key_is(key, "sz")) {
        req.see(3);
        return json::read_raw_text(value, "trades[].sz", sz);
      }
      if (json::key_is(key, "time")) {
        req.see(4);
        return json::read_u64(value, "trades[].time", time_ms);
      }
      return {};
    });
    if (e) return e;
    static constexpr std::string_view kNames[] = {"trades[].coin", "trades[].side", "trades[].px", "trades[].sz",
                                                  "trades[].time"};
    if (ParseError missing = req.check(kNames)) return missing;
    const AssetInfo* info = nullptr;
    if (ParseError pe = lookup(coin, info)) return pe;
    Side aggressor;
    if (side == "B") {
      aggressor = Side::kBid;
    } else if (side == "A") {
      aggressor = Side::kAsk;
    } else {
      ParseError pe = fail(ParseErrc::kBadValue, "trades[].side");
      pe.set_detail(side);
      return pe;
    }
    const DecimalResult price = parse_price(px, info->sz_decimals, info->market);
    if (!price) return json::bad_decimal(price.error, "trades[].px");
    const DecimalResult size = parse_size(sz, info->sz_decimals);
    if (!size) return json::bad_decimal(size.error, "trades[].sz");
    if (size.value == 0) return json::bad_decimal(DecimalError::kNotPositive, "trades[].sz");
    std::uint64_t ts_ns = 0;
    if (ParseError pe = venue_time_ns(time_ms, "trades[].time", ts_ns)) return pe;
    if (!out.records.push(MarketEvent{EventKind::kTrade, *info->slot, aggressor, 0, 0, price.value, size.value, ts_ns})) {
      return fail(ParseErrc::kOutputFull, "records");
    }
    return {};
  });
}

ParseError FeedDecoder::Impl::decode_asset_ctx(od::value& data, FeedMessage& out) {
  std::string_view coin;
  json::Required req;
  ParseError e = json::for_each_field(data, "activeAssetCtx", [&](od::raw_json_string key, od::value& value) -> ParseError {
    if (json::key_is(key, "coin")) {
      req.see(0);
      return json::read_string(value, "coin", coin);
    }
    if (json::key_is(key, "ctx")) {
      req.see(1);
      return json::read_asset_context(value, out.asset_ctx);
    }
    return {};
  });
  if (e) return e;
  static constexpr std::string_view kNames[] = {"coin", "ctx"};
  if (ParseError missing = req.check(kNames)) return missing;
  const AssetInfo* info = nullptr;
  if (ParseError pe = lookup(coin, info)) return pe;
  const std::uint8_t slot = *info->slot;
  const AssetContext& ctx = out.asset_ctx;
  const Price mid = ctx.mid_price.value_or(ctx.mark_price);
  out.slot = slot;
  if (!out.records.push(MarketEvent{EventKind::kFunding, slot, Side::kBid, 0, 0, cash_funding(mid, ctx.funding_rate), 0,
                                    slots[slot].last_ts_ns})) {
    return fail(ParseErrc::kOutputFull, "records");
  }
  return {};
}

ParseError FeedDecoder::Impl::dispatch(Channel channel, od::value& data, FeedMessage& out) {
  switch (channel) {
    case Channel::kL2Book: return decode_l2book(data, out);
    case Channel::kBbo: return decode_bbo(data, out);
    case Channel::kTrades: return decode_trades(data, out);
    case Channel::kActiveAssetCtx: return decode_asset_ctx(data, out);
    case Channel::kOrderUpdates: return json::read_order_updates(data, out.order_updates);
    case Channel::kUserFills: return json::read_user_fills_message(data, out.user_fills);
    case Channel::kUserEvents: return json::read_user_event(data, out.user_event);
    case Channel::kError: return json::read_string(data, "data", out.error_text);
    case Channel::kSubscriptionResponse: {
      std::string_view raw;
      od::object o;
      if (auto err = data.get_object().get(o)) return fail(err, "data");
      if (auto err = o.raw_json().get(raw)) return fail(err, "data");
      out.subscription.assign(raw);
      return {};
    }
    case Channel::kPost: {
      std::uint64_t id = 0;
      json::Required req;
      ParseError e = json::for_each_field(data, "post", [&](od::raw_json_string key, od::value& value) -> ParseError {
        if (json::key_is(key, "id")) {
          req.see(0);
          return json::read_u64(value, "post.id", id);
        }
        if (json::key_is(key, "response")) {
          req.see(1);
          return json::read_post_response(value, out.post);
        }
        return {};
      });
      if (e) return e;
      static constexpr std::string_view kNames[] = {"post.id", "post.response"};
      if (ParseError missing = req.check(kNames)) return missing;
      out.post.id = id;
      return {};
    }
    case Channel::kPong: return {};  // a pong's data, if any, carries nothing
    case Channel::kNone:
    case Channel::kGreeting:
    case Channel::kUnknown: break;
  }
  return fail(ParseErrc::kInternal, "channel");
}

void FeedDecoder::Impl::commit(FeedMessage& out) {
  for (std::size_t i = 0; i < out.records.size(); ++i) {
    MarketEvent& r = out.records[i];
    SlotState& s = slots[r.asset];
    r.seq = s.next_seq++;
    if (r.kind != EventKind::kFunding && r.ts_ns > s.last_ts_ns) s.last_ts_ns = r.ts_ns;
  }
  if (!out.records.empty()) out.records[out.records.size() - 1].flags |= kFlagEndOfBatch;
  if (book_pending) {
    slots[book_slot].bids = new_bids;
    slots[book_slot].asks = new_asks;
  }
}

ParseError FeedDecoder::Impl::decode(std::string_view frame, FeedMessage& out) {
  out.channel = Channel::kNone;
  out.records.clear();
  book_pending = false;
  wire[0].count = 0;
  wire[1].count = 0;
  if (trim(frame) == kGreeting) {
    out.channel = Channel::kGreeting;
    return {};
  }
  if (options.l2book_fast_path) {
    std::string_view coin;
    std::uint64_t time_ms = 0;
    if (detail::scan_l2book_frame(frame, coin, time_ms, wire)) {
      return conclude(Channel::kL2Book, book_from_wire(coin, time_ms, out), out);
    }
    wire[0].count = 0;
    wire[1].count = 0;
  }
  od::document doc;
  ParseError e = input.start(frame, doc);
  Channel channel = Channel::kNone;
  bool have_data = false;
  bool data_done = false;
  std::string_view deferred;  // data that came before "channel"
  if (e.ok()) {
    od::value root;
    e = json::root_value(doc, root, "envelope");
    if (e.ok()) {
      e = json::for_each_field(root, "envelope", [&](od::raw_json_string key, od::value& value) -> ParseError {
        if (json::key_is(key, "channel")) {
          if (channel != Channel::kNone) return fail(ParseErrc::kBadValue, "channel: given twice");
          std::string_view name;
          if (ParseError pe = json::read_string(value, "channel", name)) return pe;
          channel = channel_of(name);
          if (channel == Channel::kUnknown) {
            ParseError pe = fail(ParseErrc::kUnknownChannel, "channel");
            pe.set_detail(name);
            return pe;
          }
          return {};
        }
        if (!json::key_is(key, "data")) return {};
        if (have_data) return fail(ParseErrc::kBadValue, "data: given twice");
        have_data = true;
        if (channel == Channel::kNone) return raw_json_of(value, deferred);
        data_done = true;
        return dispatch(channel, value, out);
      });
    }
  }
  e = input.finish(e, doc);
  if (e.ok() && channel == Channel::kNone) e = fail(ParseErrc::kMissingField, "channel");
  if (e.ok() && !have_data && channel != Channel::kPong) e = fail(ParseErrc::kMissingField, "data");
  if (e.ok() && have_data && !data_done) {
    // Rare: "data" came first. Parse it again as a document of its own, now that the channel is known.
    od::document inner;
    e = input.restart(deferred, inner);
    if (e.ok()) {
      if (channel == Channel::kError) {
        std::string_view text;
        if (auto err = inner.get_string().get(text)) {
          e = fail(err, "data");
        } else {
          out.error_text.assign(text);
        }
      } else {
        od::value v;
        e = json::root_value(inner, v, "data");
        if (e.ok()) e = dispatch(channel, v, out);
      }
    }
    e = input.finish(e, inner);
  }
  return conclude(channel, e, out);
}

// The verdict on a frame, whichever path read it: an error leaves nothing behind, success commits.
ParseError FeedDecoder::Impl::conclude(Channel channel, ParseError e, FeedMessage& out) {
  if (!e.ok()) {
    out.records.clear();
    out.channel = channel == Channel::kNone ? Channel::kUnknown : channel;
    if (e.code == ParseErrc::kUnknownChannel) out.channel = Channel::kUnknown;
    return e;
  }
  out.channel = channel;
  commit(out);
  return {};
}

FeedDecoder::FeedDecoder(AssetDirectory directory, FeedDecoderOptions options)
    : impl_(std::make_unique<Impl>(std::move(directory), options)) {}
FeedDecoder::~FeedDecoder() = default;

ParseError FeedDecoder::decode(std::string_view frame, FeedMessage& out) {
  try {
    return impl_->decode(frame, out);
  } catch (const std::exception&) {
    out.records.clear();
    return fail(ParseErrc::kInternal, "frame");
  }
}

void FeedDecoder::reset_books() {
  for (Impl::SlotState& s : impl_->slots) {
    clear_side(s.bids);
    clear_side(s.asks);
  }
}

const AssetDirectory& FeedDecoder::directory() const { return impl_->directory; }
std::uint32_t FeedDecoder::next_seq(std::uint8_t slot) const { return impl_->slots[slot % kMaxAssets].next_seq; }
const SideBook& FeedDecoder::bids(std::uint8_t slot) const { return impl_->slots[slot % kMaxAssets].bids; }
const SideBook& FeedDecoder::asks(std::uint8_t slot) const { return impl_->slots[slot % kMaxAssets].asks; }

}  // namespace hlmm::hl
