// A venue behind one interface: normalized market and account events out, orders (IOC, and GTC
// or ALO limit orders that rest) and cancels in. Strategies that span venues
// (host/strategies/cross_venue_arb) see only this, so a second exchange is a second
// implementation, not a change to the strategy.
//
// Prices and sizes are fixed point at 1e-8 (hls/include/hlmm/fixed_point.hpp); fees are signed
// USDC at 1e-8 (negative: a rebate). Every event and every order callback of one connector runs
// on that connector's single I/O thread, in the order the venue's messages arrived; a handler must
// not block (post heavy work elsewhere). Calls into a connector may come from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hlmm/records.hpp"

namespace hlmm::connectors {

// Rates in basis points of notional; a negative maker rate is a rebate.
struct FeeSchedule {
  double maker_bps = 1.5;
  double taker_bps = 4.5;
};

// The caller's name for an order, unique within one connector's life. The connector maps it to the
// venue's own client id (Hyperliquid: a cloid) and back, so fills and updates name it again.
using ClientOrderId = std::uint64_t;

struct PriceLevel {
  Price price = 0;
  Size size = 0;
};

// The top levels of one side each, best first (a snapshot, not a diff).
struct BookEvent {
  std::string coin;
  std::uint64_t time_ms = 0;  // the venue's time
  std::vector<PriceLevel> bids;
  std::vector<PriceLevel> asks;
};

struct TradeEvent {
  std::string coin;
  std::uint64_t time_ms = 0;
  Side aggressor = Side::kBid;  // kBid: the buyer took
  Price price = 0;
  Size size = 0;
};

// One execution of an order of ours. `client_id` is 0 for an order this connector did not send.
struct FillEvent {
  std::string coin;
  std::uint64_t time_ms = 0;
  Side side = Side::kBid;  // ours: kBid bought
  Price price = 0;
  Size size = 0;
  std::int64_t fee = 0;    // USDC 1e-8, negative: rebate
  bool taker = false;
  std::uint64_t order_id = 0;  // the venue's
  ClientOrderId client_id = 0;
  std::uint64_t trade_id = 0;  // unique per venue; the connector never reports one twice
};

enum class OrderStatus : std::uint8_t { kResting, kFilled, kCancelled, kRejected };
std::string_view order_status_name(OrderStatus s);

struct OrderUpdateEvent {
  std::string coin;
  std::uint64_t time_ms = 0;
  OrderStatus status = OrderStatus::kResting;
  std::string reason;      // the venue's status text for cancels and rejections
  Side side = Side::kBid;
  Price price = 0;         // the order's limit
  Size remaining = 0;
  Size original = 0;
  std::uint64_t order_id = 0;
  ClientOrderId client_id = 0;
};

// The feed was lost: books are stale and fills may be missed until Resynced. Orders sent now may
// still execute; their outcome arrives with the resync (fills are not lost, only late).
struct ResyncingEvent {
  std::string why;
};
// Fresh books for every coin and the fills missed during the gap have been delivered.
struct ResyncedEvent {
  std::uint64_t gap_ms = 0;
};

using VenueEvent = std::variant<BookEvent, TradeEvent, FillEvent, OrderUpdateEvent, ResyncingEvent, ResyncedEvent>;
using EventHandler = std::function<void(const VenueEvent&)>;

// What became of one placement, from the venue's answer, or, when the answer was lost, from
// asking the venue about the order (the implementation's README says how).
enum class OrderOutcome : std::uint8_t {
  kFilled,     // filled in full
  kPartial,    // filled in part; the rest was cancelled (an IOC's rest)
  kNoMatch,    // cancelled with nothing filled (an IOC with nothing to match)
  kRejected,   // refused by the venue (reason), or it never reached the venue; nothing executed
  kResting,    // a GTC/ALO is on the book: order_id set, `filled` what executed on entry when the
               // answer says so (see the implementation); later fills come as FillEvent and status
               // changes as OrderUpdateEvent
  kUnknown,    // no answer, and asking the venue failed too: it may have executed; fills will tell
};
std::string_view order_outcome_name(OrderOutcome o);

// How long a limit order placed with place_limit may stay on the book.
enum class TimeInForce : std::uint8_t {
  kGtc,  // good till cancelled: what crosses executes at once, the rest rests
  kAlo,  // add liquidity only (post-only): refused (kRejected) if any of it would execute at once
};
std::string_view time_in_force_name(TimeInForce t);

struct OrderResult {
  ClientOrderId client_id = 0;
  OrderOutcome outcome = OrderOutcome::kUnknown;
  Size requested = 0;
  Size filled = 0;
  Price avg_price = 0;     // of what filled
  std::uint64_t order_id = 0;
  std::string reason;      // for kRejected / kUnknown / kNoMatch: the venue's or transport's text
  std::uint64_t latency_us = 0;  // from the call to the answer
};
using OrderCallback = std::function<void(const OrderResult&)>;

struct CancelResult {
  ClientOrderId client_id = 0;
  bool ok = false;         // the venue cancelled it
  std::string reason;      // why not (already filled or cancelled, transport error)
};
using CancelCallback = std::function<void(const CancelResult&)>;

class Connector {
 public:
  virtual ~Connector() = default;

  // Set before start(); called on the connector's I/O thread.
  virtual void set_event_handler(EventHandler handler) = 0;
  // Connects and subscribes; returns at once. ready() turns true once the first books are in.
  virtual void start() = 0;
  // Stops the I/O thread; no callback runs after it returns. Idempotent.
  virtual void stop() = 0;
  virtual bool ready() const = 0;

  virtual std::string_view name() const = 0;
  virtual FeeSchedule fees() const = 0;
  // The size step and price rounding of `coin` on this venue; lot 0 for a coin it does not trade.
  virtual Size lot(std::string_view coin) const = 0;
  // The nearest valid price at or beyond `price` in the direction that keeps a `side` order
  // marketable (up for a buy, down for a sell); 0 for an unknown coin.
  virtual Price marketable_price(std::string_view coin, Side side, Price price) const = 0;

  // Immediate-or-cancel limit order. `done` runs exactly once (on the I/O thread), also when the
  // order is refused before it is sent (unknown coin, bad size, not started: kRejected); never
  // after stop() has returned.
  virtual void place_ioc(std::string_view coin, Side side, Price price, Size size, ClientOrderId client_id,
                         OrderCallback done) = 0;
  // A limit order that may rest on the book (GTC or ALO). `done` as for place_ioc; the outcome is
  // kResting (with order_id), kFilled when it filled in full on entry, or kRejected (an ALO that
  // would cross gets the venue's text). Cancel it with cancel(coin, client_id).
  virtual void place_limit(std::string_view coin, Side side, Price price, Size size, TimeInForce tif,
                           ClientOrderId client_id, OrderCallback done) = 0;
  // Cancels a resting order of ours by its client id. `done` runs exactly once, as for orders.
  virtual void cancel(std::string_view coin, ClientOrderId client_id, CancelCallback done) = 0;
};

}  // namespace hlmm::connectors
