#include "orders/order_manager.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace hlmm::orders {

std::string_view order_state_name(OrderState s) {
  switch (s) {
    case OrderState::kPendingNew: return "pending_new";
    case OrderState::kResting: return "resting";
    case OrderState::kPartiallyFilled: return "partially_filled";
    case OrderState::kPendingModify: return "pending_modify";
    case OrderState::kPendingCancel: return "pending_cancel";
    case OrderState::kFilled: return "filled";
    case OrderState::kCanceled: return "canceled";
    case OrderState::kRejected: return "rejected";
    case OrderState::kFailed: return "failed";
  }
  return "?";
}

std::string_view request_kind_name(RequestKind k) {
  switch (k) {
    case RequestKind::kOrder: return "order";
    case RequestKind::kModify: return "batchModify";
    case RequestKind::kCancel: return "cancelByCloid";
    case RequestKind::kScheduleCancel: return "scheduleCancel";
  }
  return "?";
}

OutgoingRequest* ActionBatch::add(RequestKind kind) {
  if (count_ == kCapacity) return nullptr;
  // Prefer a free slot that already holds this action type, so its vector's capacity is reused.
  const auto holds = [kind](const hl::L1Action& a) {
    switch (kind) {
      case RequestKind::kOrder: return std::holds_alternative<hl::OrderAction>(a);
      case RequestKind::kModify: return std::holds_alternative<hl::BatchModifyAction>(a);
      case RequestKind::kCancel: return std::holds_alternative<hl::CancelByCloidAction>(a);
      case RequestKind::kScheduleCancel: return std::holds_alternative<hl::ScheduleCancelAction>(a);
    }
    return false;
  };
  for (std::size_t i = count_; i < kCapacity; ++i) {
    if (holds(slots_[i].action)) {
      std::swap(slots_[i], slots_[count_]);
      break;
    }
  }
  OutgoingRequest& r = slots_[count_++];
  r.kind = kind;
  return &r;
}

namespace {

bool is_live(OrderState s) { return s == OrderState::kResting || s == OrderState::kPartiallyFilled; }

OrderState resting_state(const Order& o) {
  return o.filled > 0 ? OrderState::kPartiallyFilled : OrderState::kResting;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// orderUpdates rejection statuses (protocol.md §5) → the same kinds as the response strings.
ExchangeErrorKind kind_of_rejected_status(std::string_view status) {
  if (status == "badAloPxRejected") return ExchangeErrorKind::kBadAloPx;
  if (status == "tickRejected") return ExchangeErrorKind::kTick;
  if (status == "minTradeNtlRejected") return ExchangeErrorKind::kMinNotional;
  if (status == "perpMarginRejected" || status == "insufficientSpotBalanceRejected") {
    return ExchangeErrorKind::kInsufficientMargin;
  }
  if (status == "rejected") return ExchangeErrorKind::kUnknown;
  return ExchangeErrorKind::kRiskRefused;
}

std::uint64_t ms_of(std::uint64_t ns) { return ns / 1'000'000; }

bool is_pow2(std::uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

}  // namespace

OrderManager::OrderManager(OrderManagerConfig config, NonceSource& nonces, std::shared_ptr<spdlog::logger> log)
    : cfg_(std::move(config)),
      nonces_(nonces),
      log_(log ? std::move(log) : spdlog::default_logger()),
      budget_(cfg_.budget, log_),
      dead_man_(cfg_.dead_man),
      baseline_ms_(cfg_.fills_baseline_ms) {
  if (!is_pow2(cfg_.order_pool) || !is_pow2(cfg_.request_ring)) {
    throw std::invalid_argument("orders: order_pool and request_ring must be powers of two");
  }
  session_ = cfg_.cloid_session;
  if (session_ == 0) {
    std::random_device rd;
    session_ = (static_cast<std::uint64_t>(rd()) << 32) | rd();
    if (session_ == 0) session_ = 1;
  }
  assets_.resize(256);
  for (const auto& b : cfg_.assets) {
    AssetState& a = assets_[b.slot];
    if (a.bound) throw std::invalid_argument("orders: slot " + std::to_string(b.slot) + " bound twice");
    a.bound = true;
    a.asset_id = b.asset_id;
    a.coin = b.coin;
  }
  pool_.resize(cfg_.order_pool);
  requests_.resize(cfg_.request_ring);
  const std::size_t sides = 2 * cfg_.assets.size() + 2;
  for (auto& r : requests_) {
    r.orders.reserve(sides);
    r.seqs.reserve(sides);
  }
  dirty_.reserve(sides);
  dirty_scratch_.reserve(sides);
  plan_cancel_.reserve(sides);
  plan_modify_.reserve(sides);
  plan_new_.reserve(sides);
  orphans_.reserve(64);
  applied_.reserve(64);
  seen_tids_.reserve(cfg_.tid_memory);
}

// ---- cloids and the pool ---------------------------------------------------------------------

hl::Cloid OrderManager::make_cloid(std::uint64_t seq) const {
  hl::Cloid c;
  for (int i = 0; i < 8; ++i) {
    c.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(session_ >> (56 - 8 * i));
    c.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(seq >> (56 - 8 * i));
  }
  return c;
}

std::int32_t OrderManager::alloc_order(std::uint8_t slot, Side side, Price price, Size size) {
  const std::uint64_t mask = cfg_.order_pool - 1;
  for (std::uint32_t tries = 0; tries < cfg_.order_pool; ++tries) {
    const std::uint64_t seq = next_seq_++;
    const auto idx = static_cast<std::int32_t>(seq & mask);
    Order& o = pool_[static_cast<std::size_t>(idx)];
    if (o.seq != 0 && !is_terminal(o.state)) continue;  // still live: never overwrite
    o = Order{};
    o.seq = seq;
    o.cloid = make_cloid(seq);
    o.slot = slot;
    o.side = side;
    o.price = price;
    o.size = size;
    o.state = OrderState::kPendingNew;
    return idx;
  }
  return -1;
}

std::int32_t OrderManager::index_of(const hl::Cloid& cloid) const {
  std::uint64_t session = 0, seq = 0;
  for (int i = 0; i < 8; ++i) {
    session = (session << 8) | cloid.bytes[static_cast<std::size_t>(i)];
    seq = (seq << 8) | cloid.bytes[static_cast<std::size_t>(8 + i)];
  }
  if (session != session_ || seq == 0) return -1;
  const auto idx = static_cast<std::int32_t>(seq & (cfg_.order_pool - 1));
  const Order& o = pool_[static_cast<std::size_t>(idx)];
  return o.seq == seq ? idx : -1;
}

std::int32_t OrderManager::index_of_oid(std::uint64_t oid) const {
  if (oid == 0) return -1;
  std::int32_t terminal_match = -1;
  for (std::size_t i = 0; i < pool_.size(); ++i) {
    const Order& o = pool_[i];
    if (o.seq == 0 || o.oid != oid) continue;
    if (!is_terminal(o.state)) return static_cast<std::int32_t>(i);
    terminal_match = static_cast<std::int32_t>(i);
  }
  return terminal_match;
}

std::int32_t OrderManager::replaced(const Order& n) const {
  if (n.replaces < 0) return -1;
  return pool_[static_cast<std::size_t>(n.replaces)].seq == n.replaces_seq ? n.replaces : -1;
}

bool OrderManager::is_orphan(std::int32_t idx) const {
  const std::uint64_t seq = pool_[static_cast<std::size_t>(idx)].seq;
  return std::find(orphans_.begin(), orphans_.end(), std::make_pair(idx, seq)) != orphans_.end();
}

std::int32_t OrderManager::locate(const std::optional<hl::Cloid>& cloid, std::uint64_t oid) const {
  if (cloid) {
    const std::int32_t idx = index_of(*cloid);
    if (idx >= 0) return idx;
  }
  return index_of_oid(oid);
}

int OrderManager::slot_of_coin(std::string_view coin) const {
  for (const auto& b : cfg_.assets) {
    if (b.coin == coin) return b.slot;
  }
  return -1;
}

const Order* OrderManager::find(const hl::Cloid& cloid) const {
  const std::int32_t idx = index_of(cloid);
  return idx < 0 ? nullptr : &pool_[static_cast<std::size_t>(idx)];
}

const Order* OrderManager::current_order(std::uint8_t slot, Side side) const {
  const std::int32_t idx = assets_[slot].sides[side_index(side)].current;
  return idx < 0 ? nullptr : &pool_[static_cast<std::size_t>(idx)];
}

const Order* OrderManager::replaced_by(const Order& n) const {
  const std::int32_t idx = replaced(n);
  return idx < 0 ? nullptr : &pool_[static_cast<std::size_t>(idx)];
}

Size OrderManager::position(std::uint8_t slot) const { return assets_[slot].position; }
bool OrderManager::asset_disabled(std::uint8_t slot) const { return assets_[slot].disabled; }

void OrderManager::enable_asset(std::uint8_t slot) {
  if (!assets_[slot].disabled) return;
  assets_[slot].disabled = false;
  log_->info("orders: asset slot {} ({}) re-enabled by the operator", slot, assets_[slot].coin);
}

// ---- requests --------------------------------------------------------------------------------

OrderManager::Request* OrderManager::new_request(RequestKind kind) {
  Request& r = requests_[next_request_id_ & (cfg_.request_ring - 1)];
  if (r.in_flight) return nullptr;
  r.id = next_request_id_++;
  r.in_flight = true;
  r.retried = false;
  r.kind = kind;
  r.nonce = 0;
  r.schedule_time = 0;
  r.orders.clear();
  r.seqs.clear();
  return &r;
}

OrderManager::Request* OrderManager::request_by_id(std::uint64_t id) {
  Request& r = requests_[id & (cfg_.request_ring - 1)];
  return (r.in_flight && r.id == id) ? &r : nullptr;
}

bool OrderManager::awaiting(std::uint64_t request_id) const {
  const Request& r = requests_[request_id & (cfg_.request_ring - 1)];
  return r.in_flight && r.id == request_id;
}

std::size_t OrderManager::in_flight() const {
  return static_cast<std::size_t>(std::count_if(requests_.begin(), requests_.end(), [](const Request& r) { return r.in_flight; }));
}

hl::OrderWire OrderManager::wire_of(const Order& o) const {
  hl::OrderWire w;
  w.asset = assets_[o.slot].asset_id;
  w.is_buy = o.side == Side::kBid;
  w.price = o.price;
  w.size = o.size;
  w.reduce_only = o.reduce_only;
  w.type = hl::LimitOrderType{o.taker ? hl::Tif::kIoc : hl::Tif::kAlo};  // maker quotes are post-only
  w.cloid = o.cloid;
  return w;
}

void OrderManager::build_action(const Request& req, hl::L1Action& action) const {
  switch (req.kind) {
    case RequestKind::kOrder: {
      if (!std::holds_alternative<hl::OrderAction>(action)) action = hl::OrderAction{};
      auto& a = std::get<hl::OrderAction>(action);
      a.orders.clear();
      a.grouping = hl::GroupingKind::kNa;
      a.builder.reset();
      for (const auto idx : req.orders) a.orders.push_back(wire_of(pool_[static_cast<std::size_t>(idx)]));
      break;
    }
    case RequestKind::kModify: {
      if (!std::holds_alternative<hl::BatchModifyAction>(action)) action = hl::BatchModifyAction{};
      auto& a = std::get<hl::BatchModifyAction>(action);
      a.modifies.clear();
      a.always_place = false;  // ALO only: the venue refuses anything that would cross
      for (const auto idx : req.orders) {
        const Order& n = pool_[static_cast<std::size_t>(idx)];
        // The venue's oid when known: 8 bytes of msgpack where a cloid takes 35, which keeps a
        // two-sided modify's signed preimage within two Keccak blocks instead of three.
        const hl::OidOrCloid target =
            n.replaces_oid != 0 ? hl::OidOrCloid{n.replaces_oid} : hl::OidOrCloid{n.replaces_cloid};
        a.modifies.push_back(hl::ModifyEntry{target, wire_of(n)});
      }
      break;
    }
    case RequestKind::kCancel: {
      if (!std::holds_alternative<hl::CancelByCloidAction>(action)) action = hl::CancelByCloidAction{};
      auto& a = std::get<hl::CancelByCloidAction>(action);
      a.cancels.clear();
      a.fast = false;
      for (const auto idx : req.orders) {
        const Order& o = pool_[static_cast<std::size_t>(idx)];
        a.cancels.push_back(hl::CancelByCloidEntry{assets_[o.slot].asset_id, o.cloid});
      }
      break;
    }
    case RequestKind::kScheduleCancel: {
      hl::ScheduleCancelAction a;
      if (req.schedule_time != 0) a.time = req.schedule_time;
      action = a;
      break;
    }
  }
}

bool OrderManager::emit(Request& req, std::uint64_t now_ns, ActionBatch& out) {
  OutgoingRequest* slot = out.add(req.kind);
  if (slot == nullptr) return false;
  build_action(req, slot->action);
  req.nonce = nonces_.next();
  slot->request_id = req.id;
  slot->nonce = req.nonce;
  slot->items = req.kind == RequestKind::kScheduleCancel ? 1U : static_cast<std::uint32_t>(req.orders.size());
  budget_.consume(req.kind == RequestKind::kOrder || req.kind == RequestKind::kModify ? RequestClass::kPlace
                                                                                     : RequestClass::kCancel,
                  slot->items, now_ns);
  ++counters_.requests_sent;
  return true;
}

// ---- intents ---------------------------------------------------------------------------------

void OrderManager::mark_dirty(std::uint8_t slot, Side side) {
  SideBook& b = book(slot, side);
  if (b.dirty) return;
  b.dirty = true;
  dirty_.push_back(Planned{slot, side});
}

void OrderManager::want_none(std::uint8_t slot, Side side) {
  SideBook& b = book(slot, side);
  b.want_quote = false;
  mark_dirty(slot, side);
}

void OrderManager::apply_intent(const QuoteIntent& in) {
  ++counters_.intents;
  if (!assets_[in.asset].bound) {
    ++counters_.intents_unknown_slot;
    return;
  }
  switch (in.kind) {
    case IntentKind::kQuote: {
      if (in.side != Side::kBid && in.side != Side::kAsk) {
        ++counters_.intents_bad_quote;
        return;
      }
      if (in.price <= 0 || in.size <= 0) {
        ++counters_.intents_bad_quote;
        want_none(in.asset, in.side);
        return;
      }
      SideBook& b = book(in.asset, in.side);
      b.want_quote = true;
      b.want_price = in.price;
      b.want_size = in.size;
      mark_dirty(in.asset, in.side);
      return;
    }
    case IntentKind::kReject:
      // docs/pipeline.md: Reject(kRateLimit) means "not sent; the old quote stays".
      if (in.reason == Reason::kRateLimit) return;
      [[fallthrough]];
    case IntentKind::kCancel:
      if (in.side == Side::kBid || in.side == Side::kBoth) want_none(in.asset, Side::kBid);
      if (in.side == Side::kAsk || in.side == Side::kBoth) want_none(in.asset, Side::kAsk);
      return;
  }
  ++counters_.intents_bad_quote;  // unknown kind: never quote on it
}

void OrderManager::on_intents(std::span<const QuoteIntent> intents, std::uint64_t now_ns, ActionBatch& out) {
  out.clear();
  for (const QuoteIntent& in : intents) apply_intent(in);
  flush(now_ns, out);
}

// Plans one action per dirty side, then groups them into at most one cancelByCloid, one
// batchModify and one order request. Sides that cannot act now stay dirty or wait for a response.
void OrderManager::flush(std::uint64_t now_ns, ActionBatch& out) {
  plan_cancel_.clear();
  plan_modify_.clear();
  plan_new_.clear();
  dirty_scratch_.clear();
  std::swap(dirty_, dirty_scratch_);
  for (const Planned p : dirty_scratch_) book(p.slot, p.side).dirty = false;
  if (halted_) {
    for (const Planned p : dirty_scratch_) mark_dirty(p.slot, p.side);
    return;
  }
  for (const Planned p : dirty_scratch_) {
    SideBook& b = book(p.slot, p.side);
    const AssetState& a = assets_[p.slot];
    const bool want = b.want_quote && !a.disabled && !shutting_down_;
    if (b.current < 0) {
      if (want) plan_new_.push_back(p);
      continue;
    }
    const Order& o = pool_[static_cast<std::size_t>(b.current)];
    // In flight: coalesce. The latest desire is kept in the SideBook and acted on when the answer
    // arrives (handle_*_status marks the side dirty again).
    if (!is_live(o.state)) continue;
    if (!want) {
      plan_cancel_.push_back(p);
    } else if (o.price != b.want_price || o.size != b.want_size) {
      plan_modify_.push_back(p);
    }
  }

  // Cancels (and orphans) first.
  if (!plan_cancel_.empty() || !orphans_.empty()) {
    const auto n = static_cast<std::uint32_t>(plan_cancel_.size() + orphans_.size());
    Request* req = budget_.allows(RequestClass::kCancel, n, now_ns) ? new_request(RequestKind::kCancel) : nullptr;
    if (req == nullptr) {
      ++(budget_.allows(RequestClass::kCancel, n, now_ns) ? counters_.blocked_by_ring : counters_.blocked_by_budget);
      for (const Planned p : plan_cancel_) mark_dirty(p.slot, p.side);
    } else {
      for (const Planned p : plan_cancel_) {
        const std::int32_t idx = book(p.slot, p.side).current;
        Order& o = pool_[static_cast<std::size_t>(idx)];
        o.before_pending = o.state;
        o.state = OrderState::kPendingCancel;
        req->orders.push_back(idx);
        req->seqs.push_back(o.seq);
      }
      for (const auto& [idx, seq] : orphans_) {
        Order& o = pool_[static_cast<std::size_t>(idx)];
        if (o.seq != seq || !is_live(o.state)) continue;
        o.before_pending = o.state;
        o.state = OrderState::kPendingCancel;
        req->orders.push_back(idx);
        req->seqs.push_back(o.seq);
        ++counters_.orphans_canceled;
      }
      orphans_.clear();
      if (req->orders.empty() || !emit(*req, now_ns, out)) {
        req->in_flight = false;
        for (const auto idx : req->orders) restore_cancel(idx);  // orphans are queued again
      }
    }
  }

  const auto place = [&](std::vector<Planned>& plan, RequestKind kind) {
    if (plan.empty()) return;
    const auto n = static_cast<std::uint32_t>(plan.size());
    if (!budget_.allows(RequestClass::kPlace, n, now_ns)) {
      ++counters_.blocked_by_budget;
      for (const Planned p : plan) mark_dirty(p.slot, p.side);
      return;
    }
    Request* req = new_request(kind);
    if (req == nullptr) {
      ++counters_.blocked_by_ring;
      for (const Planned p : plan) mark_dirty(p.slot, p.side);
      return;
    }
    for (const Planned p : plan) {
      SideBook& b = book(p.slot, p.side);
      const std::int32_t idx = alloc_order(p.slot, p.side, b.want_price, b.want_size);
      if (idx < 0) {
        ++counters_.blocked_by_ring;
        mark_dirty(p.slot, p.side);
        continue;
      }
      Order& n = pool_[static_cast<std::size_t>(idx)];
      if (kind == RequestKind::kModify) {
        Order& old = pool_[static_cast<std::size_t>(b.current)];
        old.before_pending = old.state;
        old.state = OrderState::kPendingModify;
        n.replaces = b.current;
        n.replaces_seq = old.seq;
        n.replaces_cloid = old.cloid;
        n.replaces_oid = old.oid;
      }
      b.current = idx;
      req->orders.push_back(idx);
      req->seqs.push_back(n.seq);
    }
    if (req->orders.empty()) {
      req->in_flight = false;
      return;
    }
    if (!emit(*req, now_ns, out)) {
      // The batch is full (cannot happen with ≤ 4 planned requests): undo and retry on poll.
      not_executed(*req);
      req->in_flight = false;
      for (const Planned p : plan) mark_dirty(p.slot, p.side);
    }
  };
  place(plan_modify_, RequestKind::kModify);
  place(plan_new_, RequestKind::kOrder);
}

std::string_view taker_refusal_name(TakerRefusal r) {
  switch (r) {
    case TakerRefusal::kNone: return "none";
    case TakerRefusal::kUnknownSlot: return "unknown asset slot";
    case TakerRefusal::kBadOrder: return "price or size not positive";
    case TakerRefusal::kDisabled: return "asset disabled";
    case TakerRefusal::kHalted: return "order sending halted";
    case TakerRefusal::kShuttingDown: return "shutting down";
    case TakerRefusal::kBudget: return "rate budget exhausted";
    case TakerRefusal::kRing: return "too many requests in flight";
  }
  return "?";
}

TakerPlacement OrderManager::place_taker(std::uint8_t slot, Side side, Price price, Size size, bool reduce_only,
                                         std::uint64_t now_ns, ActionBatch& out) {
  out.clear();
  TakerPlacement p;
  const AssetState& a = assets_[slot];
  if (!a.bound) p.refusal = TakerRefusal::kUnknownSlot;
  else if (price <= 0 || size <= 0) p.refusal = TakerRefusal::kBadOrder;
  else if (a.disabled) p.refusal = TakerRefusal::kDisabled;
  else if (halted_) p.refusal = TakerRefusal::kHalted;
  else if (shutting_down_) p.refusal = TakerRefusal::kShuttingDown;
  else if (!budget_.allows(RequestClass::kPlace, 1, now_ns)) p.refusal = TakerRefusal::kBudget;
  if (p.refusal != TakerRefusal::kNone) return p;
  Request* req = new_request(RequestKind::kOrder);
  const std::int32_t idx = req != nullptr ? alloc_order(slot, side, price, size) : -1;
  if (idx < 0) {
    if (req != nullptr) req->in_flight = false;
    ++counters_.blocked_by_ring;
    p.refusal = TakerRefusal::kRing;
    return p;
  }
  Order& o = pool_[static_cast<std::size_t>(idx)];
  o.taker = true;
  o.reduce_only = reduce_only;
  req->orders.push_back(idx);
  req->seqs.push_back(o.seq);
  if (!emit(*req, now_ns, out)) {
    req->in_flight = false;
    o.state = OrderState::kFailed;
    p.refusal = TakerRefusal::kRing;  // cannot happen: the batch was just cleared
    return p;
  }
  ++counters_.taker_orders;
  p.cloid = o.cloid;
  p.request_id = req->id;
  return p;
}

// ---- responses -------------------------------------------------------------------------------

void OrderManager::restore(std::int32_t idx) {
  Order& o = pool_[static_cast<std::size_t>(idx)];
  if (o.state == OrderState::kPendingCancel || o.state == OrderState::kPendingModify) o.state = o.before_pending;
}

// A cancel that did not happen: the order rests as before. An orphan's cancel is queued again.
void OrderManager::restore_cancel(std::int32_t idx) {
  restore(idx);
  const Order& o = pool_[static_cast<std::size_t>(idx)];
  mark_dirty(o.slot, o.side);
  if (book(o.slot, o.side).current != idx) maybe_orphan(idx);
}

void OrderManager::set_terminal(std::int32_t idx, OrderState state) {
  Order& o = pool_[static_cast<std::size_t>(idx)];
  if (is_terminal(o.state)) return;
  o.state = state;
  const std::int32_t old_idx = replaced(o);
  const bool never_placed = state == OrderState::kFailed || state == OrderState::kRejected;
  if (old_idx >= 0 && !never_placed) {
    // The replacement existed (filled or canceled), so the modify executed: the old one is gone.
    Order& old = pool_[static_cast<std::size_t>(old_idx)];
    if (old.state == OrderState::kPendingModify) old.state = OrderState::kCanceled;
  }
  SideBook& b = book(o.slot, o.side);
  if (b.current == idx) {
    // A modify whose replacement was never placed leaves the old order as the side's order.
    b.current = -1;
    if (old_idx >= 0 && never_placed) {
      const Order& old = pool_[static_cast<std::size_t>(old_idx)];
      if (!is_terminal(old.state) && old.slot == o.slot && old.side == o.side) b.current = old_idx;
    }
    mark_dirty(o.slot, o.side);
  }
}

// The whole request was refused (nothing executed): placements never existed, the orders a modify
// or cancel targeted are as they were.
void OrderManager::not_executed(const Request& req) {
  for (std::size_t i = 0; i < req.orders.size(); ++i) {
    const std::int32_t idx = req.orders[i];
    Order& o = pool_[static_cast<std::size_t>(idx)];
    if (o.seq != req.seqs[i]) continue;  // recycled: nothing of ours left to fix
    if (req.kind == RequestKind::kCancel) {
      restore_cancel(idx);
      continue;
    }
    if (const std::int32_t old_idx = replaced(o); old_idx >= 0) restore(old_idx);
    set_terminal(idx, OrderState::kFailed);
    o.replaces = -1;
    mark_dirty(o.slot, o.side);
  }
}

void OrderManager::react(std::int32_t idx, ExchangeErrorKind kind, std::string_view text, std::uint64_t now_ns) {
  Order& o = pool_[static_cast<std::size_t>(idx)];
  o.last_error = kind;
  if (o.error_handled) return;
  o.error_handled = true;
  ++counters_.errors;
  AssetState& a = assets_[o.slot];
  if (o.taker) {
    // A strategy's IOC: its refusal is the strategy's to handle (the connector reports it). Only
    // what concerns the whole account applies; the quotes' sides are not touched.
    const ErrorReaction r = reaction_for(kind);
    if (r == ErrorReaction::kBackOff) budget_.on_venue_rate_limited(now_ns);
    if (r == ErrorReaction::kHalt) {
      halted_ = true;
      log_->critical("orders: the venue cannot recover a known signer ({}): sending HALTED; check the key/agent", text);
    }
    log_->info("orders: {} taker order {} refused ({}): {}", a.coin, o.cloid.to_string(), error_kind_name(kind), text);
    return;
  }
  switch (reaction_for(kind)) {
    case ErrorReaction::kDropQuote:
      // The quote's moment has passed; the pipeline sends a fresh one with the next book change.
      log_->debug("orders: {} {} {} refused ({}): {}", a.coin, o.side == Side::kBid ? "bid" : "ask",
                  o.cloid.to_string(), error_kind_name(kind), text);
      {
        // Only the refused quote is dropped: a newer one that arrived meanwhile is the next intent.
        SideBook& b = book(o.slot, o.side);
        if (b.want_price == o.price && b.want_size == o.size) b.want_quote = false;
      }
      mark_dirty(o.slot, o.side);
      break;
    case ErrorReaction::kDisableAsset:
      log_->error("orders: BUG: {} order {} price {} size {} violates the venue's {} grid ({}); asset slot {} "
                  "DISABLED: its orders are canceled and its quotes ignored until enable_asset()",
                  a.coin, o.cloid.to_string(), o.price, o.size, error_kind_name(kind), text, o.slot);
      a.disabled = true;
      want_none(o.slot, Side::kBid);
      want_none(o.slot, Side::kAsk);
      break;
    case ErrorReaction::kBackOff:
      budget_.on_venue_rate_limited(now_ns);
      mark_dirty(o.slot, o.side);
      break;
    case ErrorReaction::kHalt:
      halted_ = true;
      log_->critical("orders: the venue cannot recover a known signer ({}): sending HALTED; check the key/agent",
                     text);
      break;
    case ErrorReaction::kMarkFailed: {
      log_->warn("orders: {} order {} failed ({}): {}", a.coin, o.cloid.to_string(), error_kind_name(kind), text);
      // Not re-sent as is: an error we cannot name could repeat on every attempt.
      SideBook& b = book(o.slot, o.side);
      if (b.want_price == o.price && b.want_size == o.size) b.want_quote = false;
      mark_dirty(o.slot, o.side);
      break;
    }
    case ErrorReaction::kResyncNonceRetry:
    case ErrorReaction::kTreatAsDone:
      // The order is gone (a modify's target filled or canceled): the quote still stands.
      log_->info("orders: {} order {} ended ({}): {}", a.coin, o.cloid.to_string(), error_kind_name(kind), text);
      mark_dirty(o.slot, o.side);
      break;
  }
}

void OrderManager::handle_placement_status(std::int32_t idx, const hl::OrderStatus& st, std::uint64_t now_ns) {
  Order& n = pool_[static_cast<std::size_t>(idx)];
  const std::int32_t old_idx = replaced(n);
  switch (st.kind) {
    case hl::OrderStatusKind::kResting:
    case hl::OrderStatusKind::kSuccess:
    case hl::OrderStatusKind::kWaitingForFill:
    case hl::OrderStatusKind::kWaitingForTrigger:
      if (st.oid != 0) n.oid = st.oid;
      if (n.state == OrderState::kPendingNew) n.state = resting_state(n);
      if (old_idx >= 0) set_terminal(old_idx, OrderState::kCanceled);  // replaced by the modify
      if (n.taker) {
        maybe_orphan(idx);  // an IOC cannot rest; if the venue says it does, it is canceled
        break;
      }
      mark_dirty(n.slot, n.side);
      break;
    case hl::OrderStatusKind::kFilled:
      if (st.oid != 0) n.oid = st.oid;
      if (old_idx >= 0) set_terminal(old_idx, OrderState::kCanceled);
      // Positions come from fills only; the order is done.
      set_terminal(idx, OrderState::kFilled);
      mark_dirty(n.slot, n.side);
      break;
    case hl::OrderStatusKind::kError: {
      const ClassifiedError e = classify_error(st.error);
      if (old_idx >= 0) {
        if (reaction_for(e.kind) == ErrorReaction::kTreatAsDone) {
          set_terminal(old_idx, OrderState::kCanceled);  // the target is gone (filled or canceled)
        } else {
          restore(old_idx);
        }
      }
      set_terminal(idx, e.kind == ExchangeErrorKind::kUnknown ? OrderState::kFailed : OrderState::kRejected);
      react(idx, e.kind, st.error, now_ns);
      break;
    }
  }
  n.replaces = -1;  // answered: the link is not needed again (and its pool slot may be reused)
}

void OrderManager::handle_cancel_status(std::int32_t idx, const hl::OrderStatus& st) {
  Order& o = pool_[static_cast<std::size_t>(idx)];
  if (st.kind != hl::OrderStatusKind::kError) {
    set_terminal(idx, OrderState::kCanceled);
    return;
  }
  const ClassifiedError e = classify_error(st.error);
  if (reaction_for(e.kind) == ErrorReaction::kTreatAsDone) {
    // Never placed, already canceled or filled: done either way; a fill still counts when it comes.
    set_terminal(idx, OrderState::kCanceled);
    return;
  }
  ++counters_.errors;
  log_->warn("orders: cancel of {} {} refused ({}): {}; retried on the next poll", assets_[o.slot].coin,
             o.cloid.to_string(), error_kind_name(e.kind), st.error);
  restore_cancel(idx);
}

void OrderManager::on_response(std::uint64_t request_id, const hl::ExchangeResponse& response, std::uint64_t now_ns,
                               ActionBatch& out) {
  out.clear();
  Request* req = request_by_id(request_id);
  if (req == nullptr) {
    ++counters_.responses_unknown;
    log_->warn("orders: response for request {} that is not in flight; ignored", request_id);
    flush(now_ns, out);
    return;
  }

  if (req->kind == RequestKind::kScheduleCancel) {
    const bool ok = response.ok && (response.statuses.empty() || response.statuses[0].kind != hl::OrderStatusKind::kError);
    if (!ok) {
      const std::string_view text = response.ok ? std::string_view(response.statuses[0].error) : response.error;
      log_->warn("orders: scheduleCancel refused: {}", text);
      const ClassifiedError e = classify_error(text);
      if (e.kind == ExchangeErrorKind::kNonceDuplicate || e.kind == ExchangeErrorKind::kNonceTooLow) {
        if (e.nonce) nonces_.resync(*e.nonce);
      }
      if (req->schedule_time == 0) disarm_sent_ = false;  // try the disarm again
    }
    if (req->schedule_time != 0) dead_man_.on_ack(ok);
    req->in_flight = false;
    flush(now_ns, out);
    return;
  }

  if (!response.ok) {
    const ClassifiedError e = classify_error(response.error);
    ++counters_.errors;
    switch (reaction_for(e.kind)) {
      case ErrorReaction::kResyncNonceRetry:
        nonces_.resync(e.nonce.value_or(req->nonce));
        if (!req->retried) {
          req->retried = true;
          ++counters_.requests_retried;
          log_->warn("orders: {} request {} refused ({}); nonce counter resynced, sending once more",
                     request_kind_name(req->kind), req->id, response.error);
          if (emit(*req, now_ns, out)) {
            flush(now_ns, out);
            return;
          }
        }
        log_->error("orders: {} request {} refused again ({}); not executed", request_kind_name(req->kind), req->id,
                    response.error);
        break;
      case ErrorReaction::kBackOff:
        budget_.on_venue_rate_limited(now_ns);
        break;
      case ErrorReaction::kHalt:
        halted_ = true;
        log_->critical("orders: the venue cannot recover a known signer ({}): sending HALTED; check the key/agent",
                       response.error);
        break;
      default:
        log_->error("orders: {} request {} refused whole ({}): {}", request_kind_name(req->kind), req->id,
                    error_kind_name(e.kind), response.error);
        break;
    }
    not_executed(*req);
    req->in_flight = false;
    flush(now_ns, out);
    return;
  }

  const std::size_t n = req->orders.size();
  const auto& sts = response.statuses;
  const bool prevalidation = sts.size() == 1 && n > 1 && sts[0].kind == hl::OrderStatusKind::kError;
  if (sts.size() != n && !prevalidation) {
    ++counters_.responses_mismatched;
    log_->error("orders: {} request {} answered with {} statuses for {} items; its placements are marked failed "
                "and anything found open later is canceled",
                request_kind_name(req->kind), req->id, sts.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::int32_t idx = req->orders[i];
      if (pool_[static_cast<std::size_t>(idx)].seq != req->seqs[i]) continue;  // recycled
      if (req->kind == RequestKind::kCancel) {
        restore_cancel(idx);
      } else {
        Order& o = pool_[static_cast<std::size_t>(idx)];
        if (const std::int32_t old_idx = replaced(o); old_idx >= 0) restore(old_idx);
        set_terminal(idx, OrderState::kFailed);
        o.replaces = -1;
      }
    }
    req->in_flight = false;
    flush(now_ns, out);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const hl::OrderStatus& st = prevalidation ? sts[0] : sts[i];
    // An order whose pool slot was recycled while the request was out is long done: skip it.
    if (pool_[static_cast<std::size_t>(req->orders[i])].seq != req->seqs[i]) continue;
    if (req->kind == RequestKind::kCancel) {
      handle_cancel_status(req->orders[i], st);
    } else {
      handle_placement_status(req->orders[i], st, now_ns);
    }
  }
  req->in_flight = false;
  flush(now_ns, out);
}

void OrderManager::on_request_lost(std::uint64_t request_id, std::uint64_t now_ns) {
  (void)now_ns;
  Request* req = request_by_id(request_id);
  if (req == nullptr) return;
  // Assume the worst, that it executed: a placement may rest (it is treated as resting, and a
  // modify or cancel by cloid settles it: the venue answers "gone" if it never landed); the order
  // a modify replaced may still rest too, so it is canceled as an orphan.
  for (std::size_t i = 0; i < req->orders.size(); ++i) {
    const std::int32_t idx = req->orders[i];
    Order& o = pool_[static_cast<std::size_t>(idx)];
    if (o.seq != req->seqs[i]) continue;  // recycled
    if (req->kind == RequestKind::kCancel) {
      restore_cancel(idx);
    } else if (o.taker) {
      // An IOC is filled or gone within its block, never resting: nothing to cancel. Its fills,
      // if it executed, still arrive and move the position.
      set_terminal(idx, OrderState::kFailed);
      continue;
    } else {
      if (o.state == OrderState::kPendingNew) o.state = resting_state(o);
      if (const std::int32_t old_idx = replaced(o); old_idx >= 0) {
        restore(old_idx);
        maybe_orphan(old_idx);
      }
      o.replaces = -1;
    }
    mark_dirty(o.slot, o.side);
  }
  if (req->kind == RequestKind::kScheduleCancel && req->schedule_time != 0) dead_man_.on_ack(false);
  if (req->kind == RequestKind::kScheduleCancel && req->schedule_time == 0) disarm_sent_ = false;
  log_->warn("orders: {} request {} lost without an answer; its orders are assumed live until the venue says",
             request_kind_name(req->kind), req->id);
  req->in_flight = false;
}

// An order of ours that lives but is not its side's order: cancel it.
void OrderManager::maybe_orphan(std::int32_t idx) {
  const Order& o = pool_[static_cast<std::size_t>(idx)];
  if (!is_live(o.state)) return;
  if (o.taker) {
    if (!is_orphan(idx)) orphans_.emplace_back(idx, o.seq);
    mark_dirty(o.slot, o.side);  // the flush that sends the cancel runs for dirty sides
    return;
  }
  SideBook& b = book(o.slot, o.side);
  if (b.current == idx) return;
  if (b.current < 0) {
    b.current = idx;  // adopt it: reconcile moves or cancels it like any order
    mark_dirty(o.slot, o.side);
    return;
  }
  if (!is_orphan(idx)) orphans_.emplace_back(idx, o.seq);
  mark_dirty(o.slot, o.side);
}

// ---- order updates, fills, non-user cancels ---------------------------------------------------

void OrderManager::on_order_updates(std::span<const hl::OrderUpdate> updates, std::uint64_t now_ns) {
  for (const hl::OrderUpdate& u : updates) {
    const std::int32_t idx = locate(u.cloid, u.oid);
    if (idx < 0) {
      ++counters_.updates_foreign;
      if (u.status == "scheduledCancel") dead_man_.on_triggered(ms_of(now_ns));
      continue;
    }
    Order& o = pool_[static_cast<std::size_t>(idx)];
    if (u.oid != 0 && (o.oid == 0 || o.state == OrderState::kPendingNew)) o.oid = u.oid;
    const std::string& s = u.status;
    if (hl::is_open_status(s)) {
      if (o.taker && !is_terminal(o.state)) {
        continue;  // an IOC's "open" precedes its fill or cancel in the same block
      } else if (o.state == OrderState::kPendingNew) {
        o.state = resting_state(o);  // acked before the response: the side may move again
        mark_dirty(o.slot, o.side);
      } else if (o.state == OrderState::kFailed || o.state == OrderState::kRejected) {
        // We had given up on it, yet it rests: bring it back and make sure it is owned or canceled.
        o.state = resting_state(o);
        maybe_orphan(idx);
      }
    } else if (s == "filled") {
      set_terminal(idx, OrderState::kFilled);
    } else if (s == "canceled" || s == "scheduledCancel" || ends_with(s, "Canceled")) {
      if (s == "scheduledCancel") {
        dead_man_.on_triggered(ms_of(now_ns));
        log_->warn("orders: the dead man's switch canceled {} ({} triggers today, venue max 10)",
                   o.cloid.to_string(), dead_man_.triggers_today());
      }
      // A pending modify's target is canceled by the modify itself: expected.
      set_terminal(idx, OrderState::kCanceled);
    } else if (s == "rejected" || ends_with(s, "Rejected")) {
      const std::int32_t old_idx = replaced(o);
      const bool was_terminal = is_terminal(o.state);
      const ExchangeErrorKind kind = kind_of_rejected_status(s);
      if (!was_terminal && old_idx >= 0) restore(old_idx);
      set_terminal(idx, kind == ExchangeErrorKind::kUnknown ? OrderState::kFailed : OrderState::kRejected);
      o.replaces = -1;
      if (!was_terminal) react(idx, kind, s, now_ns);
    }
    // "triggered" and unknown statuses: nothing to do for ALO quotes.
  }
}

void OrderManager::apply_fill(const hl::UserFill& f) {
  if (seen_tids_.count(f.tid) != 0) {
    ++counters_.fills_duplicate;
    return;
  }
  seen_tids_.insert(f.tid);
  tid_order_.push_back(f.tid);
  if (tid_order_.size() > cfg_.tid_memory) {
    seen_tids_.erase(tid_order_.front());
    tid_order_.pop_front();
  }
  if (baseline_ms_ != 0 && f.time_ms <= baseline_ms_) {
    ++counters_.fills_before_baseline;
    return;
  }
  const int slot = slot_of_coin(f.coin);
  if (slot < 0) {
    ++counters_.fills_unknown_coin;
    return;
  }
  AssetState& a = assets_[static_cast<std::size_t>(slot)];
  a.position += f.is_buy ? f.size : -f.size;
  budget_.on_fill_notional(static_cast<arith::i128>(f.price) * f.size);
  ++counters_.fills_applied;
  applied_.push_back(AppliedFill{static_cast<std::uint8_t>(slot), f.is_buy ? Side::kBid : Side::kAsk, f.price, f.size,
                                 f.time_ms, f.tid});

  const std::int32_t idx = locate(f.cloid, f.oid);
  if (idx < 0) return;
  Order& o = pool_[static_cast<std::size_t>(idx)];
  if (f.oid != 0 && o.oid == 0) o.oid = f.oid;
  o.filled += f.size;
  if (o.filled >= o.size) {
    set_terminal(idx, OrderState::kFilled);
  } else if (o.state == OrderState::kResting) {
    o.state = OrderState::kPartiallyFilled;
  } else if ((o.state == OrderState::kPendingCancel || o.state == OrderState::kPendingModify) &&
             o.before_pending == OrderState::kResting) {
    o.before_pending = OrderState::kPartiallyFilled;
  }
}

const std::vector<AppliedFill>& OrderManager::on_user_fills(const hl::UserFillsMessage& message) {
  applied_.clear();
  for (const hl::UserFill& f : message.fills) apply_fill(f);
  return applied_;
}

const std::vector<AppliedFill>& OrderManager::on_user_event(const hl::UserEvent& event, std::uint64_t now_ns) {
  (void)now_ns;
  applied_.clear();
  for (const hl::UserFill& f : event.fills) apply_fill(f);
  on_non_user_cancels(event.non_user_cancels);
  return applied_;
}

void OrderManager::on_non_user_cancels(std::span<const hl::NonUserCancel> cancels) {
  for (const hl::NonUserCancel& c : cancels) {
    const std::int32_t idx = index_of_oid(c.oid);
    if (idx < 0) {
      ++counters_.updates_foreign;
      continue;
    }
    Order& o = pool_[static_cast<std::size_t>(idx)];
    if (o.state == OrderState::kPendingModify) continue;  // the modify's own answer settles it
    log_->info("orders: venue canceled {} {} (nonUserCancel)", c.coin, o.cloid.to_string());
    set_terminal(idx, OrderState::kCanceled);
  }
}

namespace {
bool settled_at_venue(const Order& o) {
  return o.seq != 0 && (o.state == OrderState::kResting || o.state == OrderState::kPartiallyFilled ||
                        o.state == OrderState::kPendingCancel);
}
}  // namespace

OrderManager::ReconcileScope OrderManager::reconcile_scope() const {
  ReconcileScope scope;
  for (std::size_t i = 0; i < pool_.size(); ++i) {
    if (settled_at_venue(pool_[i])) scope.settled.emplace_back(static_cast<std::uint32_t>(i), pool_[i].seq);
  }
  return scope;
}

std::size_t OrderManager::reconcile_open_orders(std::span<const hl::OpenOrder> open, const ReconcileScope& asked) {
  std::size_t closed = 0;
  for (const auto& [i, seq] : asked.settled) {
    if (i >= pool_.size()) continue;
    const Order& o = pool_[i];
    if (o.seq != seq || !settled_at_venue(o)) continue;  // another order in the slot, or in flight or ended since
    const bool at_venue = std::any_of(open.begin(), open.end(), [&](const hl::OpenOrder& v) {
      return (o.oid != 0 && v.oid == o.oid) || (v.cloid && *v.cloid == o.cloid);
    });
    if (at_venue) continue;
    log_->warn("orders: {} {} is not open at the venue after a reconnect: treated as canceled",
               assets_[o.slot].coin, o.cloid.to_string());
    set_terminal(static_cast<std::int32_t>(i), OrderState::kCanceled);
    ++closed;
  }
  return closed;
}

void OrderManager::set_positions(const hl::ClearinghouseState& state) {
  for (auto& a : assets_) a.position = 0;
  for (const auto& p : state.positions) {
    const int slot = slot_of_coin(p.coin);
    if (slot >= 0) assets_[static_cast<std::size_t>(slot)].position = p.position;
  }
  baseline_ms_ = state.time_ms;
}

// ---- poll, shutdown ---------------------------------------------------------------------------

bool OrderManager::quoting() const {
  for (const auto& b : cfg_.assets) {
    for (const auto& s : assets_[b.slot].sides) {
      if (s.want_quote || s.current >= 0) return true;
    }
  }
  return false;
}

void OrderManager::poll(std::uint64_t now_ns, ActionBatch& out) {
  out.clear();
  flush(now_ns, out);
  if (halted_) return;
  const std::uint64_t now_ms = ms_of(now_ns);
  if (shutting_down_) {
    if (!disarm_sent_ && dead_man_.config().enabled && shutdown_complete()) {
      Request* req = new_request(RequestKind::kScheduleCancel);
      if (req != nullptr) {
        req->schedule_time = 0;
        if (emit(*req, now_ns, out)) {
          disarm_sent_ = true;
          dead_man_.on_disarm_sent();
        } else {
          req->in_flight = false;
        }
      }
    }
    return;
  }
  if (const auto when = dead_man_.due(now_ms, quoting())) {
    if (!budget_.allows(RequestClass::kCancel, 1, now_ns)) return;
    Request* req = new_request(RequestKind::kScheduleCancel);
    if (req == nullptr) return;
    req->schedule_time = *when;
    if (emit(*req, now_ns, out)) {
      dead_man_.on_sent(now_ms, *when);
    } else {
      req->in_flight = false;
    }
  }
}

void OrderManager::shutdown(std::uint64_t now_ns, ActionBatch& out) {
  shutting_down_ = true;
  for (const auto& b : cfg_.assets) {
    want_none(b.slot, Side::kBid);
    want_none(b.slot, Side::kAsk);
  }
  // Orders a side no longer owns but that may rest (orphans already known) go in the same cancel.
  poll(now_ns, out);
}

bool OrderManager::shutdown_complete() const {
  for (const Order& o : pool_) {
    if (o.seq != 0 && !is_terminal(o.state)) return false;
  }
  return true;
}

// ---- inspection -------------------------------------------------------------------------------

std::vector<const Order*> OrderManager::live_orders() const {
  std::vector<const Order*> out;
  for (const Order& o : pool_) {
    if (o.seq != 0 && !is_terminal(o.state)) out.push_back(&o);
  }
  return out;
}

std::string OrderManager::check_invariants() const {
  // Per side: at most one order that rests or is about to (resting, partial, pending-new). A
  // pending-modify target is being replaced atomically by the venue and pending-cancel ones are
  // leaving; both are allowed alongside.
  for (const auto& b : cfg_.assets) {
    for (int s = 0; s < 2; ++s) {
      const Side side = s == 0 ? Side::kBid : Side::kAsk;
      int resting = 0;
      for (std::size_t i = 0; i < pool_.size(); ++i) {
        const Order& o = pool_[i];
        if (o.seq == 0 || o.slot != b.slot || o.side != side || o.taker) continue;
        if (o.state == OrderState::kResting || o.state == OrderState::kPartiallyFilled ||
            o.state == OrderState::kPendingNew) {
          ++resting;
          const bool owned = assets_[b.slot].sides[static_cast<std::size_t>(s)].current == static_cast<std::int32_t>(i);
          const bool orphan = is_orphan(static_cast<std::int32_t>(i));
          if (!owned && !orphan) {
            return "order " + o.cloid.to_string() + " (" + std::string(order_state_name(o.state)) +
                   ") is neither its side's order nor queued for cancel";
          }
        }
      }
      if (resting > 1 + static_cast<int>(orphans_.size())) {
        return "slot " + std::to_string(b.slot) + " side " + std::to_string(s) + " has " + std::to_string(resting) +
               " live orders";
      }
      const std::int32_t cur = assets_[b.slot].sides[static_cast<std::size_t>(s)].current;
      if (cur >= 0 && is_terminal(pool_[static_cast<std::size_t>(cur)].state)) {
        return "slot " + std::to_string(b.slot) + " side " + std::to_string(s) + " points at a terminal order";
      }
    }
  }
  return {};
}

}  // namespace hlmm::orders
