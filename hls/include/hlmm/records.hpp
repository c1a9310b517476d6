// The records that cross the host <-> pipeline boundary, one per 256-bit AXI4-Stream beat.
//
// Both records are 32 bytes, little-endian, trivially copyable, with fixed field offsets: the
// software backend, the Verilated RTL and the card all see exactly these bytes. docs/records.md
// documents every field; rtl/ mirrors the layout in a SystemVerilog package checked against it.
// Prices and sizes are at the scales of fixed_point.hpp.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hlmm/fixed_point.hpp"

namespace hlmm {

enum class EventKind : std::uint8_t {
  kBookLevel = 1,   // set (size > 0) or delete (size == 0) the level at `price` on `side`
  kBookClear = 2,   // drop every level of `side` (kBoth: the whole book); starts a snapshot
  kTrade = 3,       // public trade: `side` is the aggressor, `price` and `size` the print
  kFill = 4,        // our own fill: `side` is our side, `price` and `size` the execution
  kFunding = 5,     // `price` = cash funding rate f = mid * r, price units per coin per hour
  kVolatility = 6,  // `size` = volatility multiplier at kVolScale (1.0 = 65536)
  kTimer = 7,       // time only: drives refresh, stale-book and rate-limit timers
};

enum class Side : std::uint8_t {
  kBid = 0,
  kAsk = 1,
  kBoth = 2,  // kBookClear and kCancel only
};

// MarketEvent::flags bits.
inline constexpr std::uint8_t kFlagEndOfSnapshot = 0x01;  // last record of a snapshot
inline constexpr std::uint8_t kFlagEndOfBatch = 0x02;     // last record of a venue message

// Volatility multipliers are unsigned Q16.16.
inline constexpr std::int64_t kVolScale = 1 << 16;

struct MarketEvent {
  EventKind kind;
  std::uint8_t asset;  // pipeline asset slot, 0 .. M-1 (the host maps coin names to slots)
  Side side;
  std::uint8_t flags;
  std::uint32_t seq;   // per-asset sequence number, consecutive modulo 2^32
  Price price;
  Size size;
  std::uint64_t ts_ns; // exchange or host timestamp, nanoseconds since the Unix epoch
};

enum class IntentKind : std::uint8_t {
  kQuote = 1,   // place or replace our order on `side` at `price` for `size`
  kCancel = 2,  // cancel our order on `side` (kBoth: both sides); `reason` says why
  kReject = 3,  // an input record or a quote was refused; `reason` names the rule
};

// Why an intent was emitted or a record refused. Every reject names exactly one rule.
enum class Reason : std::uint8_t {
  kNone = 0,
  // Bad input: the asset is marked "needs resync" until the host sends a new snapshot.
  kCrossedBook = 1,
  kOutOfSequence = 2,
  kUnknownAsset = 3,
  kBadSize = 4,
  kPriceOutOfRange = 5,
  kBadKind = 6,
  kBadSide = 7,
  kNeedsResync = 8,  // quoting suppressed until a fresh snapshot ends
  kEmptyBook = 9,    // a side of the book is empty: no reference price
  // Risk pre-check rules.
  kKillGlobal = 16,
  kKillAsset = 17,
  kPositionLimit = 18,
  kNotionalCap = 19,
  kPriceBand = 20,
  kStaleBook = 21,
  kRateLimit = 22,
  kOpenOrderCap = 23,
  kNoPolicy = 24,  // no policy table loaded for the asset
  // Quote lifecycle (cancels that are not risk rejects).
  kFillCooldown = 32,  // side paused after a fill (adverse-selection guard)
  kSideDisabled = 33,  // the policy table disables the side at this inventory (hard limit)
};

struct QuoteIntent {
  IntentKind kind;
  std::uint8_t asset;
  Side side;
  Reason reason;
  std::uint32_t seq;   // sequence number of the record that triggered the intent
  Price price;
  Size size;
  std::uint64_t ts_ns; // timestamp of the triggering record
};

inline constexpr std::size_t kRecordBytes = 32;  // one 256-bit stream beat

static_assert(sizeof(MarketEvent) == kRecordBytes);
static_assert(offsetof(MarketEvent, kind) == 0);
static_assert(offsetof(MarketEvent, asset) == 1);
static_assert(offsetof(MarketEvent, side) == 2);
static_assert(offsetof(MarketEvent, flags) == 3);
static_assert(offsetof(MarketEvent, seq) == 4);
static_assert(offsetof(MarketEvent, price) == 8);
static_assert(offsetof(MarketEvent, size) == 16);
static_assert(offsetof(MarketEvent, ts_ns) == 24);

static_assert(sizeof(QuoteIntent) == kRecordBytes);
static_assert(offsetof(QuoteIntent, kind) == 0);
static_assert(offsetof(QuoteIntent, asset) == 1);
static_assert(offsetof(QuoteIntent, side) == 2);
static_assert(offsetof(QuoteIntent, reason) == 3);
static_assert(offsetof(QuoteIntent, seq) == 4);
static_assert(offsetof(QuoteIntent, price) == 8);
static_assert(offsetof(QuoteIntent, size) == 16);
static_assert(offsetof(QuoteIntent, ts_ns) == 24);

// The records are memcpy'd to and from stream beats; that is only the documented layout on a
// little-endian host.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "records are little-endian on the wire");

constexpr bool operator==(const MarketEvent& a, const MarketEvent& b) {
  return a.kind == b.kind && a.asset == b.asset && a.side == b.side && a.flags == b.flags &&
         a.seq == b.seq && a.price == b.price && a.size == b.size && a.ts_ns == b.ts_ns;
}

constexpr bool operator==(const QuoteIntent& a, const QuoteIntent& b) {
  return a.kind == b.kind && a.asset == b.asset && a.side == b.side && a.reason == b.reason &&
         a.seq == b.seq && a.price == b.price && a.size == b.size && a.ts_ns == b.ts_ns;
}

}  // namespace hlmm
