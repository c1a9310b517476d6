// The pipeline kernel: book update -> quote from the policy table -> risk pre-check, one input
// record per step, at most two intents out (one per side, or one reject for bad input).
//
// This file is the golden model: the software backend runs it natively, Vitis HLS synthesizes it
// (hls/src/pipeline_top.cpp), and rtl/ must reproduce every output bit. docs/pipeline.md states
// the rules in prose; the comments here say why a rule is the way it is.
#pragma once

#include <cstdint>

#include "hlmm/arith.hpp"
#include "hlmm/book.hpp"
#include "hlmm/pipeline_config.hpp"
#include "hlmm/policy_lookup.hpp"
#include "hlmm/policy_table.hpp"
#include "hlmm/records.hpp"

namespace hlmm {

inline constexpr int kMaxIntentsPerEvent = 2;
inline constexpr int kReasonSlots = 64;

// Our quote on one side as the pipeline last reported it.
struct QuoteSideState {
  std::uint8_t live;         // a Quote was emitted and not yet cancelled or rejected
  Reason last_reason;        // last non-quote outcome reported (suppresses repeats)
  std::uint8_t has_fill;
  std::uint8_t reserved;
  Price price;
  Size size;
  std::uint64_t last_emit_ns;
  std::uint64_t last_fill_ns;
};

struct AssetState {
  SideBook bids;
  SideBook asks;
  std::uint32_t next_seq;
  std::uint8_t seq_valid;     // a snapshot start has set the sequence baseline
  std::uint8_t needs_resync;  // no quotes until a snapshot ends on a sane book
  std::uint8_t in_snapshot;   // between a kBookClear and the end-of-snapshot flag
  std::uint8_t reserved;
  std::uint64_t now_ns;       // latest timestamp seen for the asset (monotone)
  std::uint64_t book_ns;      // timestamp of the last book record
  Size position;
  Price funding;              // cash funding f, price units per coin per hour
  std::int64_t vol_q16;
  QuoteSideState side[2];
};

struct PipelineCounters {
  std::uint64_t events;
  std::uint64_t intents;
  std::uint64_t quotes;
  std::uint64_t cancels;
  std::uint64_t rejects;
  std::uint64_t ignored_while_resyncing;  // book records dropped before a fresh snapshot
  std::uint64_t by_reason[kReasonSlots];  // cancels and rejects by Reason value
};

// Policy tables: two banks per asset; records read the active one, the host writes the other
// and flips `active` with one register write, so no record ever sees half a table.
struct PolicyBanks {
  PolicyTable table[2][kMaxAssets];
  std::uint8_t valid[2][kMaxAssets];
  std::uint8_t active[kMaxAssets];
};

struct ControlRegs {
  GlobalConfig global;
  AssetConfig asset[kMaxAssets];
};

struct PipelineState {
  AssetState asset[kMaxAssets];
  std::uint64_t rate_tat_ns;  // GCRA theoretical arrival time
  std::uint32_t open_orders;
  std::uint32_t reserved;
  PipelineCounters counters;
};

struct IntentBatch {
  QuoteIntent item[kMaxIntentsPerEvent];
  int count;
};

// Power-on state: every asset waits for its first snapshot.
constexpr void reset_state(PipelineState& s) {
  s = PipelineState{};
  for (int a = 0; a < kMaxAssets; ++a) {
    s.asset[a].needs_resync = 1;
    s.asset[a].vol_q16 = kVolScale;
  }
}

namespace detail {

constexpr bool is_cancel_reason(Reason r) {
  return r == Reason::kKillGlobal || r == Reason::kKillAsset || r == Reason::kStaleBook ||
         r == Reason::kEmptyBook || r == Reason::kFillCooldown || r == Reason::kSideDisabled;
}

constexpr void count_intent(PipelineCounters& c, const QuoteIntent& q) {
  ++c.intents;
  if (q.kind == IntentKind::kQuote) ++c.quotes;
  if (q.kind == IntentKind::kCancel) ++c.cancels;
  if (q.kind == IntentKind::kReject) ++c.rejects;
  if (q.kind != IntentKind::kQuote) ++c.by_reason[static_cast<std::uint8_t>(q.reason) % kReasonSlots];
}

constexpr void push(IntentBatch& out, PipelineCounters& c, const QuoteIntent& q) {
  out.item[out.count++] = q;
  count_intent(c, q);
}

constexpr Side side_of(int s) { return s == 0 ? Side::kBid : Side::kAsk; }

// Everything a record can be refused for before it touches state.
constexpr Reason validate(const MarketEvent& e) {
  const bool one_side = e.side == Side::kBid || e.side == Side::kAsk;
  const bool price_ok = e.price > 0 && e.price <= kMaxPrice;
  switch (e.kind) {
    case EventKind::kBookLevel:
      if (!one_side) return Reason::kBadSide;
      if (e.size < 0 || e.size > kMaxSize) return Reason::kBadSize;
      return price_ok ? Reason::kNone : Reason::kPriceOutOfRange;
    case EventKind::kBookClear:
      return one_side || e.side == Side::kBoth ? Reason::kNone : Reason::kBadSide;
    case EventKind::kTrade:
    case EventKind::kFill:
      if (!one_side) return Reason::kBadSide;
      if (e.size <= 0 || e.size > kMaxSize) return Reason::kBadSize;
      return price_ok ? Reason::kNone : Reason::kPriceOutOfRange;
    case EventKind::kFunding:
      return e.price >= -kMaxPrice && e.price <= kMaxPrice ? Reason::kNone : Reason::kPriceOutOfRange;
    case EventKind::kVolatility:
      return e.size > 0 && e.size <= kMaxVolMultiplier ? Reason::kNone : Reason::kBadSize;
    case EventKind::kTimer:
      return Reason::kNone;
  }
  return Reason::kBadKind;
}

// Bad input: report it once (a Reject for both sides, which also cancels any live quote) and
// stop quoting the asset until a fresh snapshot.
constexpr void enter_resync(PipelineState& s, AssetState& a, const MarketEvent& e, Reason why, IntentBatch& out) {
  for (int side = 0; side < 2; ++side) {
    if (a.side[side].live) --s.open_orders;
    a.side[side].live = 0;
    a.side[side].last_reason = Reason::kNeedsResync;
  }
  a.needs_resync = 1;
  a.in_snapshot = 0;
  push(out, s.counters, QuoteIntent{IntentKind::kReject, e.asset, Side::kBoth, why, e.seq, e.price, e.size, e.ts_ns});
}

struct Desired {
  Reason reason;  // kNone: quote at price/size
  Price price;
  Size size;
};

// What both sides of one record share: the book top, the table position and the reference.
struct QuoteContext {
  Reason blocked;  // a reason that stops both sides before the table is read, or kNone
  BookTop top;
  Price ref;
  Price mid;
  int min_exp;
  Offsets off;
  Size curve_size;
};

constexpr QuoteContext quote_context(const PipelineState& s, const ControlRegs& regs, const PolicyBanks& banks, int asset) {
  const AssetState& a = s.asset[asset];
  const AssetConfig& cfg = regs.asset[asset];
  QuoteContext c{};
  c.top = book_top(a.bids, a.asks);
  const std::uint8_t bank = banks.active[asset];
  // The checks that stop both sides, in priority order.
  if (regs.global.kill) {
    c.blocked = Reason::kKillGlobal;
  } else if (cfg.kill) {
    c.blocked = Reason::kKillAsset;
  } else if (cfg.stale_book_ns != 0 && a.now_ns - a.book_ns > cfg.stale_book_ns) {
    c.blocked = Reason::kStaleBook;
  } else if (!is_two_sided(c.top)) {
    c.blocked = Reason::kEmptyBook;
  } else if (!banks.valid[bank][asset]) {
    c.blocked = Reason::kNoPolicy;
  }
  if (c.blocked != Reason::kNone) return c;

  // Table lookup at (inventory, funding, time).
  const PolicyTable& t = banks.table[bank][asset];
  const std::int32_t qi = locate_nearest(a.position, t.q_min, t.q_step, t.q_step_recip_q48, t.q_levels);
  const GridPosition fp = locate_floor(a.funding, t.f_min, t.f_step, t.f_step_recip_q48, t.f_bins);
  const std::int32_t ti = locate_nearest(static_cast<std::int64_t>(a.now_ns), static_cast<std::int64_t>(t.t0_ns),
                                         static_cast<std::int64_t>(t.t_bin_ns), t.t_bin_recip_q48, t.t_bins);
  c.off = lookup_offsets(t, qi, fp, ti);
  c.curve_size = t.size_curve[qi];
  c.mid = mid_price(c.top);
  c.ref = cfg.use_microprice ? microprice(c.top) : c.mid;
  c.min_exp = arith::min_tick_exponent(cfg.market, cfg.sz_decimals);
  return c;
}

// Quote stage and risk pre-check for one side.
constexpr Desired desire(const PipelineState& s, const ControlRegs& regs, const QuoteContext& c, int asset, int side) {
  const AssetState& a = s.asset[asset];
  const AssetConfig& cfg = regs.asset[asset];
  const QuoteSideState& qs = a.side[side];
  if (c.blocked != Reason::kNone) return {c.blocked, 0, 0};
  if (qs.has_fill && a.now_ns - qs.last_fill_ns < cfg.fill_cooldown_ns) return {Reason::kFillCooldown, 0, 0};
  const bool enabled = side == 0 ? c.off.bid_enabled : c.off.ask_enabled;
  Size size = c.curve_size;
  if (!enabled || size <= 0) return {Reason::kSideDisabled, 0, 0};

  // Offset scaled by the volatility multiplier (floored).
  const std::int64_t raw = side == 0 ? c.off.bid : c.off.ask;
  const auto offset = static_cast<std::int64_t>((static_cast<arith::i128>(raw) * a.vol_q16) >> 16);
  const Price target = side == 0 ? c.ref - offset : c.ref + offset;
  if (target <= 0 || target > kMaxPrice) return {Reason::kPriceOutOfRange, target, size};

  // Valid Hyperliquid price: bids round down, asks up; never cross the opposite best (post-only).
  Price price = side == 0 ? arith::round_down_price(target, c.min_exp) : arith::round_up_price(target, c.min_exp);
  if (side == 0 && price >= c.top.best_ask) price = arith::round_down_price(c.top.best_ask - 1, c.min_exp);
  if (side == 1 && price <= c.top.best_bid) price = arith::round_up_price(c.top.best_bid + 1, c.min_exp);
  if (price <= 0 || price > kMaxPrice) return {Reason::kPriceOutOfRange, price, size};

  // Position limit: shrink the side that would breach it to whole lots; drop it if nothing is left.
  const Size room = side == 0 ? cfg.position_limit - a.position : cfg.position_limit + a.position;
  if (size > room) {
    const int lot_exp = kSizeDecimals - cfg.sz_decimals;
    size = room > 0 ? static_cast<Size>(arith::div_pow10(static_cast<std::uint64_t>(room), lot_exp) * arith::kPow10.value[lot_exp]) : 0;
    if (size <= 0) return {Reason::kPositionLimit, price, c.curve_size};
  }
  if (cfg.notional_cap != 0 &&
      static_cast<arith::i128>(price) * size > static_cast<arith::i128>(cfg.notional_cap) * kSizeScale) {
    return {Reason::kNotionalCap, price, size};
  }
  if (cfg.price_band_bps != 0) {
    const Price dist = price > c.mid ? price - c.mid : c.mid - price;
    if (static_cast<arith::i128>(dist) * 10'000 > static_cast<arith::i128>(c.mid) * cfg.price_band_bps) {
      return {Reason::kPriceBand, price, size};
    }
  }
  if (!qs.live && regs.global.max_open_orders != 0 && s.open_orders >= regs.global.max_open_orders) {
    return {Reason::kOpenOrderCap, price, size};
  }
  return {Reason::kNone, price, size};
}

// Hysteresis, rate limit and the side's state machine: turns the desired quote into at most one
// intent for the side.
constexpr void settle_side(PipelineState& s, const ControlRegs& regs, int asset, int side,
                           const Desired& d, const MarketEvent& e, IntentBatch& out) {
  AssetState& a = s.asset[asset];
  QuoteSideState& qs = a.side[side];
  const AssetConfig& cfg = regs.asset[asset];
  const Side sd = side_of(side);

  if (d.reason != Reason::kNone) {
    if (!qs.live && qs.last_reason == d.reason) return;  // already reported; no flood
    if (qs.live) --s.open_orders;
    qs.live = 0;
    qs.last_reason = d.reason;
    const IntentKind kind = is_cancel_reason(d.reason) ? IntentKind::kCancel : IntentKind::kReject;
    push(out, s.counters, QuoteIntent{kind, e.asset, sd, d.reason, e.seq, d.price, d.size, e.ts_ns});
    return;
  }

  if (qs.live && qs.size == d.size) {
    const int min_exp = arith::min_tick_exponent(cfg.market, cfg.sz_decimals);
    Price tolerance = arith::tick_at(d.price, min_exp) * cfg.refresh_tolerance_ticks;
    if (tolerance < 1) tolerance = 1;
    const Price moved = d.price > qs.price ? d.price - qs.price : qs.price - d.price;
    const bool expired = cfg.refresh_interval_ns != 0 && a.now_ns - qs.last_emit_ns >= cfg.refresh_interval_ns;
    if (moved < tolerance && !expired) return;
  }

  // GCRA: conforming when now >= TAT - tolerance; each order pushes TAT one interval on.
  const GlobalConfig& g = regs.global;
  if (g.rate_interval_ns != 0) {
    if (a.now_ns + g.rate_tolerance_ns < s.rate_tat_ns) {
      // The update is not sent; a live quote stays live (host: keep the resting order).
      if (qs.last_reason != Reason::kRateLimit) {
        qs.last_reason = Reason::kRateLimit;
        push(out, s.counters, QuoteIntent{IntentKind::kReject, e.asset, sd, Reason::kRateLimit, e.seq, d.price, d.size, e.ts_ns});
      }
      return;
    }
    s.rate_tat_ns = (s.rate_tat_ns > a.now_ns ? s.rate_tat_ns : a.now_ns) + g.rate_interval_ns;
  }

  if (!qs.live) ++s.open_orders;
  qs.live = 1;
  qs.last_reason = Reason::kNone;
  qs.price = d.price;
  qs.size = d.size;
  qs.last_emit_ns = a.now_ns;
  push(out, s.counters, QuoteIntent{IntentKind::kQuote, e.asset, sd, Reason::kNone, e.seq, d.price, d.size, e.ts_ns});
}

}  // namespace detail

// One record through the whole pipeline.
constexpr IntentBatch pipeline_step(PipelineState& s, const ControlRegs& regs, const PolicyBanks& banks,
                                    const MarketEvent& e) {
  IntentBatch out{};
  ++s.counters.events;
  if (e.asset >= kMaxAssets || !regs.asset[e.asset].enabled) {
    detail::push(out, s.counters, QuoteIntent{IntentKind::kReject, e.asset, Side::kBoth, Reason::kUnknownAsset,
                                              e.seq, e.price, e.size, e.ts_ns});
    return out;
  }
  AssetState& a = s.asset[e.asset];
  if (e.ts_ns > a.now_ns) a.now_ns = e.ts_ns;

  // A snapshot start (clear of both sides) sets the sequence baseline; otherwise every record of
  // the asset must carry the next number. A resyncing asset is not checked: its snapshot rebases.
  const bool rebase = e.kind == EventKind::kBookClear && e.side == Side::kBoth;
  const bool gap = a.seq_valid && !a.needs_resync && !rebase && e.seq != a.next_seq;
  if (rebase) a.seq_valid = 1;
  a.next_seq = e.seq + 1;

  const Reason bad = detail::validate(e);
  if (bad != Reason::kNone) {
    detail::enter_resync(s, a, e, bad, out);
    return out;
  }
  // A fill is never dropped, even when it reveals a gap: position must stay true.
  if (e.kind == EventKind::kFill) {
    const int side = e.side == Side::kBid ? 0 : 1;
    a.position += side == 0 ? e.size : -e.size;
    a.side[side].has_fill = 1;
    a.side[side].last_fill_ns = a.now_ns;
  }
  if (gap) {
    detail::enter_resync(s, a, e, Reason::kOutOfSequence, out);
    return out;
  }

  switch (e.kind) {
    case EventKind::kBookLevel:
      if (a.needs_resync && !a.in_snapshot) {
        ++s.counters.ignored_while_resyncing;
        return out;
      }
      apply_level(e.side == Side::kBid ? a.bids : a.asks, e.side, e.price, e.size);
      a.book_ns = a.now_ns;
      break;
    case EventKind::kBookClear:
      if (e.side != Side::kAsk) clear_side(a.bids);
      if (e.side != Side::kBid) clear_side(a.asks);
      a.in_snapshot = 1;
      a.book_ns = a.now_ns;
      break;
    case EventKind::kFunding:
      a.funding = e.price;
      break;
    case EventKind::kVolatility:
      a.vol_q16 = e.size;
      break;
    case EventKind::kTrade:
    case EventKind::kFill:
    case EventKind::kTimer:
      break;
  }

  const bool book_record = e.kind == EventKind::kBookLevel || e.kind == EventKind::kBookClear;
  if (book_record && (e.flags & kFlagEndOfSnapshot)) a.in_snapshot = 0;
  // Mid-snapshot books are partial: the crossing check waits for the snapshot's end.
  if (book_record && !a.in_snapshot) {
    if (is_crossed(book_top(a.bids, a.asks))) {
      detail::enter_resync(s, a, e, Reason::kCrossedBook, out);
      return out;
    }
    if (e.flags & kFlagEndOfSnapshot) {
      a.needs_resync = 0;
      for (int side = 0; side < 2; ++side) {
        if (a.side[side].last_reason == Reason::kNeedsResync) a.side[side].last_reason = Reason::kNone;
      }
    }
  }
  if (a.needs_resync || a.in_snapshot) return out;

  const detail::QuoteContext ctx = detail::quote_context(s, regs, banks, e.asset);
  for (int side = 0; side < 2; ++side) {
    const detail::Desired d = detail::desire(s, regs, ctx, e.asset, side);
    detail::settle_side(s, regs, e.asset, side, d, e, out);
  }
  return out;
}

}  // namespace hlmm
