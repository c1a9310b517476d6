// The order manager: QuoteIntents in, the fewest L1 actions out, and the bookkeeping that matches
// the venue's responses, order updates and fills back to our orders (README.md has the rules).
//
// Single-threaded: one thread owns an OrderManager (the order thread). The NonceSource it draws
// from is thread-safe and may be shared with other signers of the same key.
//
// Steady state allocates nothing per intent: orders live in a fixed pool indexed by the cloid's
// counter, in-flight requests in a fixed ring, and the ActionBatch keeps its L1Action slots (and
// their vectors) between calls. Logging on error paths and fill de-duplication may allocate.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hlmm/records.hpp"
#include "hyperliquid/actions.hpp"
#include "hyperliquid/messages.hpp"
#include "orders/dead_man_switch.hpp"
#include "orders/exchange_errors.hpp"
#include "orders/nonce.hpp"
#include "orders/rate_budget.hpp"

namespace spdlog {
class logger;
}

namespace hlmm::orders {

enum class OrderState : std::uint8_t {
  kPendingNew,       // sent (new order, or the replacement placed by a modify); no answer yet
  kResting,          // on the book, nothing filled
  kPartiallyFilled,  // on the book, part filled
  kPendingModify,    // resting, and a modify replacing it is in flight
  kPendingCancel,    // resting, and a cancel is in flight
  kFilled,           // terminal
  kCanceled,         // terminal: by us, by a modify that replaced it, or by the venue
  kRejected,         // terminal: the venue refused it
  kFailed,           // terminal: never placed (request refused whole) or an unknown error
};

std::string_view order_state_name(OrderState s);
constexpr bool is_terminal(OrderState s) {
  return s == OrderState::kFilled || s == OrderState::kCanceled || s == OrderState::kRejected ||
         s == OrderState::kFailed;
}

struct Order {
  hl::Cloid cloid;
  std::uint64_t seq = 0;     // the cloid's counter (low 8 bytes); 0 = pool slot never used
  std::uint64_t oid = 0;     // venue order id, 0 until known
  std::uint8_t slot = 0;
  Side side = Side::kBid;
  Price price = 0;
  Size size = 0;             // original size
  Size filled = 0;
  OrderState state = OrderState::kFailed;
  OrderState before_pending = OrderState::kResting;  // restored when a modify/cancel is not executed
  std::int32_t replaces = -1;   // pool index of the order a modify replaces, until the modify is answered
  std::uint64_t replaces_seq = 0;  // its cloid counter: the pool slot may have been reused since
  hl::Cloid replaces_cloid;        // what the modify names when the venue's oid is not known
  std::uint64_t replaces_oid = 0;  // what it names otherwise (kept for a re-send)
  bool error_handled = false;   // the reaction to this order's rejection was applied once already
  bool taker = false;           // an IOC sent for a strategy (place_taker): no side owns it, it never rests
  bool reduce_only = false;     // taker orders only
  ExchangeErrorKind last_error = ExchangeErrorKind::kNone;

  Size remaining() const { return size > filled ? size - filled : 0; }
};

enum class RequestKind : std::uint8_t { kOrder, kModify, kCancel, kScheduleCancel };

std::string_view request_kind_name(RequestKind k);

// One request to sign and send. `request_id` comes back with the response (on_response).
struct OutgoingRequest {
  hl::L1Action action = hl::NoopAction{};
  std::uint64_t request_id = 0;
  std::uint64_t nonce = 0;
  RequestKind kind = RequestKind::kOrder;
  std::uint32_t items = 0;
};

// Why place_taker() sent nothing.
enum class TakerRefusal : std::uint8_t { kNone, kUnknownSlot, kBadOrder, kDisabled, kHalted, kShuttingDown, kBudget, kRing };
std::string_view taker_refusal_name(TakerRefusal r);

struct TakerPlacement {
  TakerRefusal refusal = TakerRefusal::kNone;
  hl::Cloid cloid;              // valid when refusal == kNone
  std::uint64_t request_id = 0; // the request that carries it (on_response / on_request_lost name it)
};

// The requests produced by one call, in send order (cancels first: they free margin and the venue
// sorts cancels ahead of order-placing actions in a block). Overwritten by each call; reuses its
// storage, so a steady stream of calls does not allocate.
class ActionBatch {
 public:
  static constexpr std::size_t kCapacity = 8;
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  const OutgoingRequest& operator[](std::size_t i) const { return slots_[i]; }
  const OutgoingRequest* begin() const { return slots_.data(); }
  const OutgoingRequest* end() const { return slots_.data() + count_; }
  void clear() { count_ = 0; }

 private:
  friend class OrderManager;
  OutgoingRequest* add(RequestKind kind);  // nullptr when full
  std::array<OutgoingRequest, kCapacity> slots_{};
  std::size_t count_ = 0;
};

struct AssetBinding {
  std::uint8_t slot = 0;      // pipeline asset slot (QuoteIntent::asset)
  std::uint32_t asset_id = 0; // venue asset id (OrderWire::asset)
  std::string coin;           // venue coin name (updates and fills)
};

struct OrderManagerConfig {
  std::vector<AssetBinding> assets;
  std::uint32_t order_pool = 4096;   // power of two; orders remembered (live and recently done)
  std::uint32_t request_ring = 256;  // power of two; most requests in flight at once
  std::uint64_t cloid_session = 0;   // high 8 bytes of every cloid; 0 = random per process
  std::uint64_t fills_baseline_ms = 0;  // fills at or before this time are already in the positions
  std::size_t tid_memory = 100'000;  // fill tids remembered for de-duplication
  RateBudgetConfig budget;
  DeadManConfig dead_man;
};

struct AppliedFill {
  std::uint8_t slot = 0;
  Side side = Side::kBid;
  Price price = 0;
  Size size = 0;
  std::uint64_t time_ms = 0;
  std::uint64_t tid = 0;
};

struct OrderCounters {
  std::uint64_t intents = 0;
  std::uint64_t intents_unknown_slot = 0;
  std::uint64_t intents_bad_quote = 0;     // a Quote with price or size ≤ 0: treated as a cancel
  std::uint64_t requests_sent = 0;
  std::uint64_t requests_retried = 0;
  std::uint64_t responses_unknown = 0;     // a request id we are not waiting for
  std::uint64_t responses_mismatched = 0;  // status count neither n nor a single error
  std::uint64_t errors = 0;                // per-order or whole-request errors
  std::uint64_t fills_applied = 0;
  std::uint64_t fills_duplicate = 0;
  std::uint64_t fills_before_baseline = 0;
  std::uint64_t fills_unknown_coin = 0;
  std::uint64_t updates_foreign = 0;       // order updates for orders that are not ours
  std::uint64_t orphans_canceled = 0;      // our orders found open that no side owns
  std::uint64_t taker_orders = 0;          // place_taker() orders sent
  std::uint64_t blocked_by_budget = 0;     // requests held back by the rate budget
  std::uint64_t blocked_by_ring = 0;       // requests held back: too many in flight / pool full
};

class OrderManager {
 public:
  OrderManager(OrderManagerConfig config, NonceSource& nonces, std::shared_ptr<spdlog::logger> log = nullptr);

  // A batch of pipeline intents: updates the desired quote per side, then reconciles every side
  // touched. `out` is overwritten with the requests to sign and send, each with its nonce.
  void on_intents(std::span<const QuoteIntent> intents, std::uint64_t now_ns, ActionBatch& out);

  // An immediate-or-cancel order for a strategy beside the quotes (host/live's strategy
  // connector): one order request of its own, the same nonces, budget and cloid space as the
  // quotes, so its answers, updates and fills are matched here and its fills move position(). No
  // side owns it: it is never modified, adopted as a quote or counted against a side, and an IOC
  // that the venue reports resting (it cannot) is canceled as an orphan. `out` is overwritten.
  TakerPlacement place_taker(std::uint8_t slot, Side side, Price price, Size size, bool reduce_only,
                             std::uint64_t now_ns, ActionBatch& out);

  // The response to request `request_id`. May emit follow-up requests (the quote that waited for
  // this answer, a retry after a nonce resync).
  void on_response(std::uint64_t request_id, const hl::ExchangeResponse& response, std::uint64_t now_ns,
                   ActionBatch& out);
  // The transport gave up on a request (timeout, connection lost before an answer). It is assumed
  // to have executed: a placement is taken as resting and the order a modify replaced is canceled
  // as an orphan; the venue's "already gone" answers settle whichever guess was wrong.
  void on_request_lost(std::uint64_t request_id, std::uint64_t now_ns);

  void on_order_updates(std::span<const hl::OrderUpdate> updates, std::uint64_t now_ns);
  // userFills channel (snapshot or stream) and the "user" channel's fills: de-duplicated by tid.
  // Returns the fills applied to positions by this call (valid until the next call).
  const std::vector<AppliedFill>& on_user_fills(const hl::UserFillsMessage& message);
  const std::vector<AppliedFill>& on_user_event(const hl::UserEvent& event, std::uint64_t now_ns);
  void on_non_user_cancels(std::span<const hl::NonUserCancel> cancels);

  // What an /info openOrders answer can speak for: the orders settled at the venue (resting, or
  // being cancelled) when it was asked. Take it as the request is sent: an order answered after
  // that may have reached the book after the venue made its answer.
  struct ReconcileScope {
    std::vector<std::pair<std::uint32_t, std::uint64_t>> settled;  // pool index, cloid counter
  };
  ReconcileScope reconcile_scope() const;

  // After a reconnect, /info openOrders is the truth (the venue wins): an order of ours that was
  // settled when it was asked (`asked`), is still, and is not among `open` ended while we were
  // away — a scheduled cancel, a system cancel, or a fill the userFills snapshot will bring — and
  // is marked canceled, so its side quotes afresh. Orders in flight, and orders settled since the
  // question, are left to their own answers. Returns how many orders were closed this way (each
  // is logged).
  std::size_t reconcile_open_orders(std::span<const hl::OpenOrder> open, const ReconcileScope& asked);

  // Positions from /info clearinghouseState; fills at or before its time are not applied again.
  void set_positions(const hl::ClearinghouseState& state);

  // Periodic (e.g. every 100 ms): sides held back by the budget, cancel retries, orphan cancels,
  // the dead man's switch re-arm, and after shutdown() the disarm.
  void poll(std::uint64_t now_ns, ActionBatch& out);

  // Clean shutdown: every desired quote dropped, every live order canceled; the dead man's switch
  // is disarmed once no order of ours can be live (a later poll or response emits it).
  void shutdown(std::uint64_t now_ns, ActionBatch& out);
  bool shutdown_complete() const;

  // Tick or lot violations disable an asset (a bug in hlmm's rounding); the operator re-enables.
  void enable_asset(std::uint8_t slot);
  bool asset_disabled(std::uint8_t slot) const;
  bool halted() const { return halted_; }

  // ---- inspection (tests, journal, risk) ----
  Size position(std::uint8_t slot) const;
  // The side's current order (the one that rests or will rest), or nullptr.
  const Order* current_order(std::uint8_t slot, Side side) const;
  // The order a modify in flight replaces (it rests until the modify lands), or nullptr.
  const Order* replaced_by(const Order& replacement) const;
  const Order* find(const hl::Cloid& cloid) const;
  std::size_t in_flight() const;
  // Request `request_id` still awaits an answer (e.g. re-sent once after a nonce refusal).
  bool awaiting(std::uint64_t request_id) const;
  const OrderCounters& counters() const { return counters_; }
  RateBudget& budget() { return budget_; }
  DeadManSwitch& dead_man() { return dead_man_; }
  hl::Cloid make_cloid(std::uint64_t seq) const;
  // Orders of ours that are not terminal, for invariant checks.
  std::vector<const Order*> live_orders() const;
  // Empty when the invariants hold, else a description of the first violation.
  std::string check_invariants() const;

 private:
  struct SideBook {
    std::int32_t current = -1;
    bool want_quote = false;
    Price want_price = 0;
    Size want_size = 0;
    bool dirty = false;
  };
  struct AssetState {
    bool bound = false;
    bool disabled = false;
    std::uint32_t asset_id = 0;
    std::string coin;
    std::array<SideBook, 2> sides{};
    Size position = 0;
  };
  struct Request {
    std::uint64_t id = 0;
    bool in_flight = false;
    bool retried = false;
    RequestKind kind = RequestKind::kOrder;
    std::uint64_t nonce = 0;
    std::uint64_t schedule_time = 0;  // kScheduleCancel: 0 = disarm
    std::vector<std::int32_t> orders;  // pool indices, in item order
    std::vector<std::uint64_t> seqs;   // their cloid counters, to detect a recycled pool slot
  };
  struct Planned {
    std::uint8_t slot;
    Side side;
  };

  static std::size_t side_index(Side s) { return s == Side::kAsk ? 1 : 0; }
  SideBook& book(std::uint8_t slot, Side side) { return assets_[slot].sides[side_index(side)]; }
  void mark_dirty(std::uint8_t slot, Side side);
  void want_none(std::uint8_t slot, Side side);
  void apply_intent(const QuoteIntent& intent);
  void flush(std::uint64_t now_ns, ActionBatch& out);
  bool emit(Request& req, std::uint64_t now_ns, ActionBatch& out);
  void build_action(const Request& req, hl::L1Action& action) const;
  hl::OrderWire wire_of(const Order& o) const;
  Request* new_request(RequestKind kind);
  Request* request_by_id(std::uint64_t id);
  std::int32_t alloc_order(std::uint8_t slot, Side side, Price price, Size size);
  std::int32_t index_of(const hl::Cloid& cloid) const;
  std::int32_t index_of_oid(std::uint64_t oid) const;
  std::int32_t locate(const std::optional<hl::Cloid>& cloid, std::uint64_t oid) const;
  int slot_of_coin(std::string_view coin) const;
  void set_terminal(std::int32_t idx, OrderState state);
  void restore(std::int32_t idx);
  void restore_cancel(std::int32_t idx);
  void handle_placement_status(std::int32_t idx, const hl::OrderStatus& st, std::uint64_t now_ns);
  void handle_cancel_status(std::int32_t idx, const hl::OrderStatus& st);
  void not_executed(const Request& req);
  void react(std::int32_t idx, ExchangeErrorKind kind, std::string_view text, std::uint64_t now_ns);
  void apply_fill(const hl::UserFill& fill);
  void maybe_orphan(std::int32_t idx);
  std::int32_t replaced(const Order& n) const;  // n.replaces if still that order, else -1
  bool is_orphan(std::int32_t idx) const;
  bool quoting() const;

  OrderManagerConfig cfg_;
  NonceSource& nonces_;
  std::shared_ptr<spdlog::logger> log_;
  RateBudget budget_;
  DeadManSwitch dead_man_;
  std::uint64_t session_ = 0;
  std::uint64_t next_seq_ = 1;
  std::uint64_t next_request_id_ = 1;
  std::vector<AssetState> assets_;  // indexed by slot (256 entries)
  std::vector<Order> pool_;
  std::vector<Request> requests_;
  std::vector<Planned> dirty_;
  std::vector<Planned> dirty_scratch_;
  std::vector<Planned> plan_cancel_, plan_modify_, plan_new_;
  std::vector<std::pair<std::int32_t, std::uint64_t>> orphans_;  // pool index, cloid counter
  std::unordered_set<std::uint64_t> seen_tids_;
  std::deque<std::uint64_t> tid_order_;
  std::vector<AppliedFill> applied_;
  std::uint64_t baseline_ms_ = 0;
  bool halted_ = false;
  bool shutting_down_ = false;
  bool disarm_sent_ = false;
  OrderCounters counters_;
};

}  // namespace hlmm::orders
