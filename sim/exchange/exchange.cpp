#include "exchange/exchange.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "hyperliquid/overloaded.hpp"

namespace hlmm::exchange {
namespace {

constexpr std::uint64_t kMsPerDay = 86'400'000;

hl::OrderStatus success_status() { return hl::OrderStatus{}; }

bool sends_taker_order(const hl::OrderWire& w) {
  const auto* limit = std::get_if<hl::LimitOrderType>(&w.type);
  return limit == nullptr || limit->tif != hl::Tif::kAlo;
}

// A modify without always_place turns a GTC into an ALO (protocol.md §3), so only the placed
// order's final TIF decides its class.
bool modify_sends_taker_order(const hl::OrderWire& w, bool always_place) {
  if (!always_place) {
    const auto* limit = std::get_if<hl::LimitOrderType>(&w.type);
    if (limit != nullptr && limit->tif == hl::Tif::kGtc) return false;
  }
  return sends_taker_order(w);
}

std::string direction(Size before, Size after) {
  if (before >= 0 && after > before) return "Open Long";
  if (before <= 0 && after < before) return "Open Short";
  if (before > 0 && after >= 0) return "Close Long";
  if (before < 0 && after <= 0) return "Close Short";
  return before > 0 ? "Long > Short" : "Short > Long";
}

std::string block_hash(std::uint64_t block, std::uint64_t tid) {
  // Not a transaction hash: a unique, deterministic 32-byte tag (block number, trade id).
  std::array<std::uint8_t, 32> bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[7 - i] = static_cast<std::uint8_t>(block >> (8 * i));
    bytes[31 - i] = static_cast<std::uint8_t>(tid >> (8 * i));
  }
  return hl::to_hex(bytes);
}

Size abs_size(Size s) { return s < 0 ? -s : s; }

}  // namespace

std::string with_asset(std::string_view text, std::uint32_t asset) {
  std::string s(text);
  s += " asset=";
  s += std::to_string(asset);
  return s;
}

hl::OrderStatus error_status(std::string text) {
  hl::OrderStatus s;
  s.kind = hl::OrderStatusKind::kError;
  s.error = std::move(text);
  return s;
}

SequencingClass sequencing_class(const hl::L1Action& action) {
  return std::visit(
      hl::Overloaded{
          [](const hl::OrderAction& a) {
            return std::any_of(a.orders.begin(), a.orders.end(), sends_taker_order)
                       ? SequencingClass::kTakerOrders
                       : SequencingClass::kNoTakerOrders;
          },
          [](const hl::CancelAction&) { return SequencingClass::kCancel; },
          [](const hl::CancelByCloidAction&) { return SequencingClass::kCancel; },
          [](const hl::ModifyAction& a) {
            return modify_sends_taker_order(a.order, a.always_place) ? SequencingClass::kTakerOrders
                                                                     : SequencingClass::kNoTakerOrders;
          },
          [](const hl::BatchModifyAction& a) {
            const bool taker = std::any_of(a.modifies.begin(), a.modifies.end(), [&](const hl::ModifyEntry& m) {
              return modify_sends_taker_order(m.order, a.always_place);
            });
            return taker ? SequencingClass::kTakerOrders : SequencingClass::kNoTakerOrders;
          },
          [](const auto&) { return SequencingClass::kNoTakerOrders; },
      },
      action);
}

Exchange::Exchange(ExchangeConfig config) : config_(config) {}

std::uint32_t Exchange::add_asset(AssetSpec spec) {
  // A perp's asset id is its index: an outcome before it would shift every later perp's id.
  if (std::any_of(assets_.begin(), assets_.end(), [](const AssetState& a) { return a.outcome.has_value(); })) {
    throw std::logic_error("exchange: perps must be added before outcomes");
  }
  assets_.push_back(AssetState{std::move(spec), OrderBook{}, 0, std::nullopt, std::nullopt});
  return static_cast<std::uint32_t>(assets_.size() - 1);
}

std::uint32_t Exchange::add_outcome(OutcomeBookSpec spec) {
  for (const AssetState& a : assets_) {
    if (a.spec.name == spec.yes_coin || a.spec.name == spec.no_coin ||
        (a.outcome && (a.outcome->yes_asset == spec.yes_asset || a.outcome->no_asset == spec.yes_asset ||
                       a.outcome->yes_asset == spec.no_asset || a.outcome->no_asset == spec.no_asset))) {
      throw std::invalid_argument("exchange: outcome " + spec.yes_coin + " is listed twice");
    }
  }
  AssetSpec as{spec.yes_coin, 0, 1};
  assets_.push_back(AssetState{std::move(as), OrderBook{}, 0, std::move(spec), std::nullopt});
  return static_cast<std::uint32_t>(assets_.size() - 1);
}

BlockOutput Exchange::settle_outcome(std::uint32_t index, Price yes_payout, std::uint64_t time_ms) {
  if (!is_outcome(index)) throw std::invalid_argument("exchange: settle_outcome on a book that is not an outcome");
  if (yes_payout < 0 || yes_payout > kOutcomePayout) throw std::invalid_argument("exchange: an outcome pays 0 to 1 USD");
  BlockOutput out;
  out.block_time_ms = time_ms;
  out.commit_time_ms = time_ms;
  AssetState& st = assets_[index];
  if (st.settled) return out;
  std::vector<std::uint64_t> oids;
  st.book.for_each([&](const RestingOrder& o) { oids.push_back(o.oid); });
  for (const std::uint64_t oid : oids) {
    const auto removed = st.book.remove(oid);
    order_update(removed->user, *removed, "canceled", out);
  }
  if (!oids.empty()) mark_changed(index, out);
  for (auto& [user, acct] : accounts_) {
    const auto pos = acct.positions.find(index);
    if (pos == acct.positions.end() || pos->second.szi == 0) continue;
    // A Yes held pays out; a No held (szi < 0) owes the payout out of its locked USD, which the
    // position's end releases.
    acct.cash += notional(yes_payout, pos->second.szi);
    pos->second = Position{};
  }
  st.settled = yes_payout;
  st.mark = yes_payout;
  return out;
}

const AssetSpec* Exchange::asset(std::uint32_t id) const {
  return id < assets_.size() ? &assets_[id].spec : nullptr;
}

const OutcomeBookSpec* Exchange::outcome(std::uint32_t index) const {
  return is_outcome(index) ? &*assets_[index].outcome : nullptr;
}

std::optional<Exchange::BookRef> Exchange::book_of_coin(std::string_view coin) const {
  for (std::uint32_t i = 0; i < assets_.size(); ++i) {
    if (assets_[i].spec.name == coin) return BookRef{i, false};
    if (assets_[i].outcome && assets_[i].outcome->no_coin == coin) return BookRef{i, true};
  }
  return std::nullopt;
}

std::optional<Exchange::BookRef> Exchange::book_of_asset_id(std::uint32_t asset_id) const {
  if (asset_id < assets_.size() && !assets_[asset_id].outcome) return BookRef{asset_id, false};
  for (std::uint32_t i = 0; i < assets_.size(); ++i) {
    const auto& o = assets_[i].outcome;
    if (o && o->yes_asset == asset_id) return BookRef{i, false};
    if (o && o->no_asset == asset_id) return BookRef{i, true};
  }
  return std::nullopt;
}

std::optional<std::uint32_t> Exchange::asset_id(std::string_view coin) const {
  for (std::uint32_t i = 0; i < assets_.size(); ++i) {
    if (assets_[i].spec.name == coin) return i;
  }
  return std::nullopt;
}

Exchange::Account& Exchange::account(const hl::Address& user) {
  auto [it, inserted] = accounts_.try_emplace(user);
  if (inserted) it->second.fees = config_.default_fees;
  return it->second;
}

const Exchange::Account* Exchange::find_account(const hl::Address& user) const {
  const auto it = accounts_.find(user);
  return it == accounts_.end() ? nullptr : &it->second;
}

void Exchange::deposit(const hl::Address& user, Money amount) { account(user).cash += amount; }

void Exchange::set_fee_rates(const hl::Address& user, FeeRates rates) { account(user).fees = rates; }

void Exchange::set_mark(std::uint32_t asset, Price mark) { assets_.at(asset).mark = mark; }

Price Exchange::reference_price(std::uint32_t asset, Price fallback) const {
  const Price mark = assets_[asset].mark;
  return mark > 0 ? mark : fallback;
}

std::vector<FundingEvent> Exchange::settle_funding(std::uint32_t asset, std::int64_t rate, Price oracle,
                                                   std::uint64_t time_ms) {
  std::vector<FundingEvent> events;
  for (auto& [user, acct] : accounts_) {
    const auto pos = acct.positions.find(asset);
    if (pos == acct.positions.end() || pos->second.szi == 0) continue;
    const Size szi = pos->second.szi;
    // value = szi * oracle (1e-8 USDC), payment = value * rate / 1e8; rounded toward zero.
    const i128 value = static_cast<i128>(szi) * oracle / kSizeScale;
    const Money paid = static_cast<Money>(value * rate / kPriceScale);
    acct.cash -= paid;
    hl::UserFunding f;
    f.time_ms = time_ms;
    f.coin = assets_[asset].spec.name;
    f.usdc = -paid;
    f.position = szi;
    f.funding_rate = rate;
    events.push_back({user, std::move(f)});
  }
  return events;
}

void Exchange::submit(std::uint64_t request_id, const hl::Address& user, hl::L1Action action,
                      std::uint64_t arrival_ms) {
  const std::uint64_t interval = config_.sequencing.block_interval_ms;
  std::uint64_t block = (arrival_ms + interval - 1) / interval * interval;
  // A block that already ran cannot take more actions: late arrivals go to the next one.
  if (block_ran_ && block <= block_time_) block = block_time_ + interval;
  queue_[block].push_back(Submission{request_id, user, std::move(action)});
}

std::size_t Exchange::queued() const {
  std::size_t n = 0;
  for (const auto& [t, v] : queue_) n += v.size();
  return n;
}

std::vector<BlockOutput> Exchange::advance_to(std::uint64_t now_ms) {
  std::vector<BlockOutput> outputs;
  const std::uint64_t delay = config_.sequencing.commit_delay_ms();
  const std::uint64_t interval = config_.sequencing.block_interval_ms;
  while (true) {
    // The next block with work: the first queued one, or the first at/after a due scheduled cancel.
    std::optional<std::uint64_t> next;
    if (!queue_.empty()) next = queue_.begin()->first;
    for (const auto& [user, acct] : accounts_) {
      if (!acct.scheduled_cancel_ms) continue;
      std::uint64_t at = (*acct.scheduled_cancel_ms + interval - 1) / interval * interval;
      if (at <= block_time_) at = block_time_ + interval;
      if (!next || at < *next) next = at;
    }
    if (!next || *next + delay > now_ms) break;
    block_time_ = *next;
    block_ran_ = true;
    BlockOutput out;
    out.block_number = block_time_ / interval;
    out.block_time_ms = block_time_;
    out.commit_time_ms = block_time_ + delay;
    std::vector<Submission> actions;
    if (const auto it = queue_.find(block_time_); it != queue_.end()) {
      actions = std::move(it->second);
      queue_.erase(it);
    }
    execute_block(block_time_, actions, out);
    std::sort(out.books_changed.begin(), out.books_changed.end());
    out.books_changed.erase(std::unique(out.books_changed.begin(), out.books_changed.end()),
                            out.books_changed.end());
    outputs.push_back(std::move(out));
  }
  return outputs;
}

void Exchange::execute_block(std::uint64_t block_time, std::vector<Submission>& actions, BlockOutput& out) {
  run_scheduled_cancels(block_time, out);
  std::stable_sort(actions.begin(), actions.end(), [](const Submission& a, const Submission& b) {
    return sequencing_class(a.action) < sequencing_class(b.action);
  });
  for (Submission& s : actions) {
    ActionResult result;
    result.request_id = s.request_id;
    result.user = s.user;
    result.response = execute(s.user, s.action, out);
    out.results.push_back(std::move(result));
  }
}

void Exchange::run_scheduled_cancels(std::uint64_t block_time, BlockOutput& out) {
  for (auto& [user, acct] : accounts_) {
    if (!acct.scheduled_cancel_ms || *acct.scheduled_cancel_ms > block_time) continue;
    acct.scheduled_cancel_ms.reset();
    const std::uint64_t day = block_time / kMsPerDay;
    if (acct.trigger_day != day) {
      acct.trigger_day = day;
      acct.triggers_today = 0;
    }
    ++acct.triggers_today;
    for (std::uint32_t a = 0; a < assets_.size(); ++a) {
      std::vector<std::uint64_t> oids;
      assets_[a].book.for_each([&](const RestingOrder& o) {
        if (o.user == user) oids.push_back(o.oid);
      });
      for (const std::uint64_t oid : oids) {
        const auto removed = assets_[a].book.remove(oid);
        order_update(user, *removed, "scheduledCancel", out);
        mark_changed(a, out);
      }
    }
  }
}

hl::ExchangeResponse Exchange::execute(const hl::Address& user, const hl::L1Action& action, BlockOutput& out) {
  hl::ExchangeResponse r;
  r.ok = true;
  std::visit(
      hl::Overloaded{
          [&](const hl::OrderAction& a) {
            r.type = "order";
            for (const hl::OrderWire& w : a.orders) {
              const auto* limit = std::get_if<hl::LimitOrderType>(&w.type);
              if (limit == nullptr) {
                r.statuses.push_back(error_status(std::string(ExchangeErrors::kUnsupported) + "trigger orders"));
                continue;
              }
              auto booked = book_order(w, limit->tif);
              if (auto* refused = std::get_if<hl::OrderStatus>(&booked)) {
                r.statuses.push_back(std::move(*refused));
                continue;
              }
              r.statuses.push_back(place(user, std::get<NewOrder>(booked), out));
            }
          },
          [&](const hl::CancelAction& a) {
            r.type = "cancel";
            for (const hl::CancelEntry& c : a.cancels) r.statuses.push_back(cancel(user, c.asset, c.oid, out));
          },
          [&](const hl::CancelByCloidAction& a) {
            r.type = "cancel";
            for (const hl::CancelByCloidEntry& c : a.cancels) {
              const auto oid = oid_of(user, c.cloid);
              r.statuses.push_back(oid ? cancel(user, c.asset, *oid, out)
                                       : error_status(std::string(ExchangeErrors::kMissingOrder)));
            }
          },
          [&](const hl::ModifyAction& a) {
            r.type = "order";
            r.statuses.push_back(modify(user, a.oid, a.order, a.always_place, out));
          },
          [&](const hl::BatchModifyAction& a) {
            r.type = "order";
            for (const hl::ModifyEntry& m : a.modifies) {
              r.statuses.push_back(modify(user, m.oid, m.order, a.always_place, out));
            }
          },
          [&](const hl::ScheduleCancelAction& a) {
            r.type = "default";
            Account& acct = account(user);
            if (!a.time) {
              acct.scheduled_cancel_ms.reset();
              return;
            }
            const std::uint64_t day = block_time_ / kMsPerDay;
            const std::uint32_t used = acct.trigger_day == day ? acct.triggers_today : 0;
            if (*a.time < block_time_ + config_.schedule_cancel_min_lead_ms) {
              r.ok = false;
              r.error = ExchangeErrors::kScheduleTooEarly;
            } else if (used >= config_.schedule_cancel_max_triggers_per_day) {
              r.ok = false;
              r.error = ExchangeErrors::kScheduleTooMany;
            } else {
              acct.scheduled_cancel_ms = *a.time;
            }
          },
          [&](const hl::UpdateLeverageAction& a) {
            r.type = "default";
            const AssetSpec* spec = asset(a.asset);
            if (spec == nullptr || is_outcome(a.asset) || a.leverage == 0 || a.leverage > spec->max_leverage) {
              r.ok = false;
              r.error = ExchangeErrors::kBadLeverage;
              return;
            }
            account(user).leverage[a.asset] = a.leverage;
          },
          [&](const hl::UpdateIsolatedMarginAction&) {
            r.ok = false;
            r.error = std::string(ExchangeErrors::kUnsupported) + "updateIsolatedMargin";
          },
          [&](const hl::NoopAction&) { r.type = "default"; },
      },
      action);
  return r;
}

std::optional<std::uint64_t> Exchange::oid_of(const hl::Address& user, const hl::Cloid& cloid) const {
  std::optional<std::uint64_t> oid;
  for (const AssetState& a : assets_) {
    a.book.for_each([&](const RestingOrder& o) {
      if (o.user == user && o.cloid && *o.cloid == cloid) oid = o.oid;
    });
    if (oid) break;
  }
  return oid;
}

hl::OrderStatus Exchange::cancel(const hl::Address& user, std::uint32_t asset_id, std::uint64_t oid, BlockOutput& out) {
  // Either side's id names an outcome's one book.
  const auto ref = book_of_asset_id(asset_id);
  if (!ref) return error_status(std::string(ExchangeErrors::kMissingOrder));
  const std::uint32_t asset = ref->index;
  OrderBook& book = assets_[asset].book;
  const RestingOrder* found = book.find(oid);
  if (found == nullptr || !(found->user == user)) return error_status(std::string(ExchangeErrors::kMissingOrder));
  const auto removed = book.remove(oid);
  order_update(user, *removed, "canceled", out);
  mark_changed(asset, out);
  return success_status();
}

hl::OrderStatus Exchange::modify(const hl::Address& user, const hl::OidOrCloid& target, const hl::OrderWire& wire,
                                 bool always_place, BlockOutput& out) {
  const auto* limit = std::get_if<hl::LimitOrderType>(&wire.type);
  if (limit == nullptr || (!always_place && limit->tif == hl::Tif::kIoc)) {
    return error_status(std::string(ExchangeErrors::kInvalidModify));
  }
  const hl::Tif tif = !always_place && limit->tif == hl::Tif::kGtc ? hl::Tif::kAlo : limit->tif;
  std::optional<std::uint64_t> oid = std::visit(
      hl::Overloaded{[](std::uint64_t o) { return std::optional<std::uint64_t>(o); },
                     [&](const hl::Cloid& c) { return oid_of(user, c); }},
      target);
  // The old order goes first, as before any check of the new one (a refused replacement leaves
  // nothing resting); either side's id names an outcome's book.
  const auto ref = book_of_asset_id(wire.asset);
  bool cancelled = false;
  if (oid && ref) {
    OrderBook& book = assets_[ref->index].book;
    const RestingOrder* found = book.find(*oid);
    if (found != nullptr && found->user == user) {
      const auto removed = book.remove(*oid);
      order_update(user, *removed, "canceled", out);
      mark_changed(ref->index, out);
      cancelled = true;
    }
  }
  if (!cancelled && !always_place) return error_status(std::string(ExchangeErrors::kModifyMissing));
  auto booked = book_order(wire, tif);
  if (auto* refused = std::get_if<hl::OrderStatus>(&booked)) return std::move(*refused);
  return place(user, std::get<NewOrder>(booked), out);
}

std::variant<Exchange::NewOrder, hl::OrderStatus> Exchange::book_order(const hl::OrderWire& w, hl::Tif tif) const {
  const auto ref = book_of_asset_id(w.asset);
  if (!ref) return error_status(std::string(ExchangeErrors::kUnknownAsset));
  NewOrder o{ref->index, w.is_buy, w.price, w.size, w.reduce_only, tif, w.cloid, ref->no_side};
  if (!assets_[ref->index].outcome) return o;
  if (assets_[ref->index].settled) return error_status(with_asset(ExchangeErrors::kOutcomeSettled, w.asset));
  if (w.price <= 0 || w.price >= kOutcomePayout) return error_status(with_asset(ExchangeErrors::kOutcomePrice, w.asset));
  if (w.price % kOutcomeTick != 0) return error_status(with_asset(ExchangeErrors::kTick, w.asset));
  if (ref->no_side) {
    // Yes and No together pay one USD: buying No at p is selling Yes at 1 - p.
    o.is_buy = !w.is_buy;
    o.price = kOutcomePayout - w.price;
  }
  return o;
}

i128 Exchange::free_collateral(const Account& acct) const {
  i128 free = acct.cash;
  for (const auto& [asset, pos] : acct.positions) {
    if (pos.szi == 0) continue;
    if (assets_[asset].outcome) {
      // Yes bought was paid in full; a No held is a Yes sold plus its payout locked.
      if (pos.szi < 0) free -= notional(kOutcomePayout, -pos.szi);
      continue;
    }
    const Price entry = static_cast<Price>(static_cast<i128>(pos.basis) * kSizeScale / abs_size(pos.szi));
    const Money mark_value = notional(reference_price(asset, entry), abs_size(pos.szi));
    free += pos.szi > 0 ? mark_value : -mark_value;
  }
  return free;
}

bool Exchange::margin_ok(const hl::Address& user, const NewOrder& order) const {
  const Account* acct = find_account(user);
  if (acct == nullptr) return false;
  // Perps: worst-case exposure per asset (position plus every resting order on the side that
  // grows it), at the reference price, divided by the asset's leverage. Outcomes: the cash the
  // worse of "every buy fills" and "every sell fills" would take at the orders' own limits (a
  // fill at a better price takes less), where closing what is held releases cash. The sum must
  // fit the free collateral.
  i128 required = 0;
  for (std::uint32_t a = 0; a < assets_.size(); ++a) {
    Size buys = 0;
    Size sells = 0;
    i128 buy_cost = 0;   // 1e-16 USD
    i128 sell_gain = 0;
    auto count = [&](bool is_buy, Price price, Size size) {
      (is_buy ? buys : sells) += size;
      (is_buy ? buy_cost : sell_gain) += static_cast<i128>(price) * size;
    };
    assets_[a].book.for_each([&](const RestingOrder& o) {
      if (o.user == user) count(o.is_buy, o.price, o.size);
    });
    if (a == order.asset) count(order.is_buy, order.price, order.size);
    const auto pos = acct->positions.find(a);
    const Size szi = pos == acct->positions.end() ? 0 : pos->second.szi;
    if (szi == 0 && buys == 0 && sells == 0) continue;
    if (assets_[a].outcome) {
      const Size no_held = std::max<Size>(0, -szi);
      const Size yes_held = std::max<Size>(0, szi);
      const i128 payout = static_cast<i128>(kOutcomePayout);
      const i128 if_buys = buy_cost - payout * std::min(buys, no_held);
      const i128 if_sells = payout * std::max<Size>(0, sells - yes_held) - sell_gain;
      required += std::max<i128>({0, if_buys, if_sells}) / kSizeScale;
      continue;
    }
    const Size exposure = std::max(abs_size(szi + buys), abs_size(szi - sells));
    const auto lev = acct->leverage.find(a);
    const std::uint32_t leverage = lev == acct->leverage.end() ? assets_[a].spec.max_leverage : lev->second;
    const Price px = reference_price(a, a == order.asset ? order.price : 0);
    required += static_cast<i128>(notional(px, exposure)) / std::max<std::uint32_t>(leverage, 1);
  }
  return required <= free_collateral(*acct);
}

hl::OrderStatus Exchange::place(const hl::Address& user, const NewOrder& order, BlockOutput& out) {
  if (order.asset >= assets_.size()) return error_status(std::string(ExchangeErrors::kUnknownAsset));
  AssetState& st = assets_[order.asset];
  const bool is_outcome = st.outcome.has_value();
  // Error texts name the asset id the order was sent with.
  const std::uint32_t wire_asset = !is_outcome ? order.asset : (order.no_side ? st.outcome->no_asset : st.outcome->yes_asset);
  const int szd = st.spec.sz_decimals;
  if (order.size <= 0 || order.size > kMaxSize || !is_valid_size(order.size, szd)) {
    return error_status(with_asset(ExchangeErrors::kBadSize, wire_asset));
  }
  // An outcome's price was checked on its own side's grid by book_order.
  if (!is_outcome && (order.price > kMaxPrice || !is_valid_price(order.price, szd))) {
    return error_status(with_asset(ExchangeErrors::kTick, wire_asset));
  }
  // Before anything computes a notional: past the cap it would not fit a Money. Outcomes have no
  // documented cap, and their price below one USD keeps kMaxSize of them within a Money.
  if (!is_outcome && order_value(order.price, order.size) > max_limit_order_value(st.spec.max_leverage)) {
    return error_status(with_asset(ExchangeErrors::kMaxOrderValue, wire_asset));
  }
  if (order.cloid && oid_of(user, *order.cloid)) {
    return error_status(with_asset(ExchangeErrors::kDuplicateCloid, wire_asset));
  }
  Account& acct = account(user);
  Size size = order.size;
  if (order.reduce_only) {
    const Size reducible = reducible_size(order.is_buy, acct.positions[order.asset].szi);
    if (reducible == 0) return error_status(with_asset(ExchangeErrors::kReduceOnly, wire_asset));
    size = std::min(size, reducible);
  }
  // Outcomes have no documented minimum (protocol.md §6); the perps' $10 is not applied to them.
  if (!is_outcome && notional(order.price, size) < config_.min_order_notional && !order.reduce_only) {
    return error_status(with_asset(ExchangeErrors::kMinNotional, wire_asset));
  }
  if (order.tif == hl::Tif::kAlo && st.book.crosses(order.is_buy, order.price)) {
    // The bbo as the sender's side sees it: a No book is the Yes book mirrored.
    auto bid = st.book.best_bid();
    auto ask = st.book.best_ask();
    if (order.no_side) {
      const auto yes_bid = bid;
      bid = ask ? std::optional<Price>(kOutcomePayout - *ask) : std::nullopt;
      ask = yes_bid ? std::optional<Price>(kOutcomePayout - *yes_bid) : std::nullopt;
    }
    std::string text(ExchangeErrors::kBadAloPx);
    text += bid ? format_price(*bid).view() : std::string_view("0");
    text += '@';
    text += ask ? format_price(*ask).view() : std::string_view("0");
    text += '.';
    return error_status(with_asset(text, wire_asset));
  }
  if (!order.reduce_only && !margin_ok(user, NewOrder{order.asset, order.is_buy, order.price, size, false,
                                                       order.tif, order.cloid, order.no_side})) {
    return error_status(with_asset(is_outcome ? ExchangeErrors::kOutcomeCollateral : ExchangeErrors::kMargin, wire_asset));
  }

  const std::uint64_t oid = next_oid_++;
  Size filled = 0;
  i128 filled_value = 0;  // at the prices the sender sees (its own side's)
  if (order.tif != hl::Tif::kAlo) {
    // A resting reduce-only order is held to its owner's position as the match moves it (the
    // check when it was placed does not last): it trades at most down to zero, and what would
    // open or flip a position leaves the book as reduceOnlyCanceled (hlmm's rule; protocol.md
    // lists the status among the system cancels).
    std::map<hl::Address, Size, AddressLess> moved;  // each maker's position, from its first step on
    const auto room = [&](const RestingOrder& maker, Size want) -> Size {
      auto [it, first] = moved.try_emplace(maker.user, 0);
      Size& szi = it->second;
      if (first) szi = position(maker.user, order.asset);
      const Size traded = maker.reduce_only ? std::min(want, reducible_size(maker.is_buy, szi)) : want;
      szi += maker.is_buy ? traded : -traded;
      return traded;
    };
    const auto steps = st.book.match(user, order.is_buy, order.price, size, room);
    for (const MatchStep& step : steps) {
      if (step.kind == MatchStep::Kind::kSelfTrade) {
        order_update(step.maker.user, step.maker, "selfTradeCanceled", out);
        continue;
      }
      if (step.kind == MatchStep::Kind::kNoRoom) {
        order_update(step.maker.user, step.maker, "reduceOnlyCanceled", out);
        continue;
      }
      settle_fill(step, user, oid, order.cloid, order.no_side, order.asset, out);
      filled += step.size;
      const Price seen = order.no_side ? kOutcomePayout - step.maker.price : step.maker.price;
      filled_value += static_cast<i128>(seen) * step.size;
    }
    if (!steps.empty()) mark_changed(order.asset, out);
  }
  const Size left = size - filled;
  RestingOrder self{user,        order.asset, oid,  order.cloid, order.is_buy,     order.price,
                    left,        size,        order.reduce_only, block_time_, order.tif, order.no_side};
  hl::OrderStatus status;
  if (order.tif == hl::Tif::kIoc && filled == 0) {
    order_update(user, self, "iocCancelRejected", out);
    return error_status(with_asset(ExchangeErrors::kIocCancel, wire_asset));
  }
  if (left > 0 && order.tif != hl::Tif::kIoc) {
    st.book.add(self);
    order_update(user, self, "open", out);
    mark_changed(order.asset, out);
    status.kind = hl::OrderStatusKind::kResting;
    status.oid = oid;
    return status;
  }
  // An IOC's unfilled rest is cancelled with its size left, as any cancel reports it, so the
  // orderStatus of a partly filled IOC still tells how much filled (origSz - sz).
  order_update(user, self, left > 0 ? "canceled" : "filled", out);
  status.kind = hl::OrderStatusKind::kFilled;
  status.oid = oid;
  status.total_size = filled;
  status.avg_price = static_cast<Price>(filled_value / filled);
  return status;
}

void Exchange::apply_trade(Account& acct, std::uint32_t asset, bool is_buy, Price price, Size size, Money fee,
                           hl::UserFill& fill) {
  Position& pos = acct.positions[asset];
  const Size before = pos.szi;
  const Size signed_size = is_buy ? size : -size;
  const Money value = notional(price, size);
  acct.cash += is_buy ? -value : value;
  acct.cash -= fee;
  // Realized PnL on the part that reduces the position, at the average entry price.
  Money closed = 0;
  Size opening = size;
  if (before != 0 && (before > 0) != is_buy) {
    const Size reduce = std::min(size, abs_size(before));
    const Money part = static_cast<Money>(static_cast<i128>(pos.basis) * reduce / abs_size(before));
    const Money exit_value = notional(price, reduce);
    closed = before > 0 ? exit_value - part : part - exit_value;
    pos.basis -= part;
    opening = size - reduce;
  }
  pos.szi = before + signed_size;
  if (opening > 0) pos.basis += notional(price, opening);
  if (pos.szi == 0) pos.basis = 0;
  fill.start_position = before;
  fill.dir = direction(before, pos.szi);
  fill.closed_pnl = closed;
  fill.fee = fee;
}

void Exchange::settle_fill(const MatchStep& step, const hl::Address& taker, std::uint64_t taker_oid,
                           const std::optional<hl::Cloid>& taker_cloid, bool taker_no_side, std::uint32_t asset,
                           BlockOutput& out) {
  const RestingOrder& maker = step.maker;
  const AssetState& st = assets_[asset];
  const std::string& coin = st.spec.name;
  const std::uint64_t tid = next_tid_++;
  const Money value = notional(maker.price, step.size);
  const std::string hash = block_hash(block_time_ / config_.sequencing.block_interval_ms, tid);
  // Each party's fill is in the coin and at the price of the side it sent its order on; the
  // accounting below is on the Yes book for both.
  auto make_fill = [&](bool is_buy, std::uint64_t oid, bool crossed, const std::optional<hl::Cloid>& cloid, bool no_side) {
    hl::UserFill f;
    f.coin = no_side ? st.outcome->no_coin : coin;
    f.price = no_side ? kOutcomePayout - maker.price : maker.price;
    f.size = step.size;
    f.is_buy = is_buy != no_side;
    f.time_ms = block_time_;
    f.hash = hash;
    f.oid = oid;
    f.crossed = crossed;
    f.tid = tid;
    f.fee_token = "USDC";
    f.cloid = cloid;
    return f;
  };
  // Outcome fees are zero for now (protocol.md §7: "currently zero ... for initial testing").
  const bool fees = !st.outcome;
  Account& maker_acct = account(maker.user);
  hl::UserFill maker_fill = make_fill(maker.is_buy, maker.oid, false, maker.cloid, maker.no_side);
  apply_trade(maker_acct, asset, maker.is_buy, maker.price, step.size,
              fees ? fee_of(value, maker_acct.fees.maker_ppm) : 0, maker_fill);
  Account& taker_acct = account(taker);
  hl::UserFill taker_fill = make_fill(!maker.is_buy, taker_oid, true, taker_cloid, taker_no_side);
  apply_trade(taker_acct, asset, !maker.is_buy, maker.price, step.size,
              fees ? fee_of(value, taker_acct.fees.taker_ppm) : 0, taker_fill);
  // A No order's position is the Yes position negated.
  for (auto* f : {&maker_fill, &taker_fill}) {
    if (f->coin == coin) continue;
    const Size before = -f->start_position;
    const Size after = before + (f->is_buy ? f->size : -f->size);
    f->start_position = before;
    f->dir = direction(before, after);
  }
  auto remember = [&](Account& acct, const hl::UserFill& f) {
    acct.fills.push_back(f);
    if (acct.fills.size() > config_.user_fill_history) acct.fills.erase(acct.fills.begin());
  };
  remember(maker_acct, maker_fill);
  remember(taker_acct, taker_fill);
  if (maker.size == step.size) {
    RestingOrder done = maker;
    done.size = 0;
    order_update(maker.user, done, "filled", out);
  }
  out.fills.push_back({maker.user, std::move(maker_fill)});
  out.fills.push_back({taker, std::move(taker_fill)});
  PublicTrade t;
  t.coin = coin;
  t.taker_is_buy = !maker.is_buy;
  t.price = maker.price;
  t.size = step.size;
  t.time_ms = block_time_;
  t.tid = tid;
  t.hash = hash;
  t.buyer = maker.is_buy ? maker.user : taker;
  t.seller = maker.is_buy ? taker : maker.user;
  out.trades.push_back(std::move(t));
}

void Exchange::report_as_sent(const RestingOrder& order, std::string& coin, Price& price, bool& is_buy) const {
  const AssetState& st = assets_[order.asset];
  coin = order.no_side ? st.outcome->no_coin : st.spec.name;
  price = order.no_side ? kOutcomePayout - order.price : order.price;
  is_buy = order.sent_as_buy();
}

void Exchange::order_update(const hl::Address& user, const RestingOrder& order, std::string status,
                            BlockOutput& out) {
  hl::OrderUpdate u;
  report_as_sent(order, u.coin, u.limit_price, u.is_buy);
  u.size = order.size;
  u.orig_size = order.orig_size;
  u.oid = order.oid;
  u.timestamp_ms = order.timestamp_ms;
  u.cloid = order.cloid;
  u.status = std::move(status);
  u.status_timestamp_ms = block_time_;
  remember_order(user, order, u);
  out.order_updates.push_back({user, std::move(u)});
}

void Exchange::remember_order(const hl::Address& user, const RestingOrder& order, const hl::OrderUpdate& update) {
  if (config_.order_status_history == 0) return;
  Account& acct = account(user);
  auto [it, inserted] = acct.orders.try_emplace(order.oid);
  const bool was_finished = !inserted && !hl::is_open_status(it->second.last.status);
  it->second = OrderRecord{update, order.asset, order.tif, order.reduce_only};
  if (inserted && order.cloid) {
    std::uint64_t& newest = acct.by_cloid[order.cloid->bytes];
    newest = std::max(newest, order.oid);
  }
  if (hl::is_open_status(update.status) || was_finished) return;
  acct.finished.push_back(order.oid);
  while (acct.finished.size() > config_.order_status_history) {
    const std::uint64_t old = acct.finished.front();
    acct.finished.pop_front();
    const auto gone = acct.orders.find(old);
    if (gone == acct.orders.end()) continue;
    if (gone->second.last.cloid) {
      const auto c = acct.by_cloid.find(gone->second.last.cloid->bytes);
      if (c != acct.by_cloid.end() && c->second == old) acct.by_cloid.erase(c);
    }
    acct.orders.erase(gone);
  }
}

hl::OrderStatusAnswer Exchange::order_status(const hl::Address& user, const hl::OidOrCloid& id) const {
  hl::OrderStatusAnswer answer;
  const Account* acct = find_account(user);
  if (acct == nullptr) return answer;
  std::uint64_t oid = 0;
  if (const auto* o = std::get_if<std::uint64_t>(&id)) {
    oid = *o;
  } else {
    const auto c = acct->by_cloid.find(std::get<hl::Cloid>(id).bytes);
    if (c == acct->by_cloid.end()) return answer;
    oid = c->second;
  }
  const auto it = acct->orders.find(oid);
  if (it == acct->orders.end()) return answer;
  answer.found = true;
  answer.order = it->second.last;
  answer.tif = hl::tif_name(it->second.tif);
  answer.reduce_only = it->second.reduce_only;
  // No update is sent for a partial fill of a resting order: its size left is the book's.
  if (hl::is_open_status(answer.order.status)) {
    if (const RestingOrder* resting = assets_[it->second.asset].book.find(oid)) answer.order.size = resting->size;
  }
  return answer;
}

void Exchange::mark_changed(std::uint32_t asset, BlockOutput& out) const { out.books_changed.push_back(asset); }

std::vector<hl::OpenOrder> Exchange::open_orders(const hl::Address& user) const {
  std::vector<hl::OpenOrder> orders;
  for (const AssetState& a : assets_) {
    a.book.for_each([&](const RestingOrder& o) {
      if (!(o.user == user)) return;
      hl::OpenOrder open{a.spec.name, o.is_buy, o.price, o.size, o.oid, o.timestamp_ms, o.cloid};
      report_as_sent(o, open.coin, open.limit_price, open.is_buy);
      orders.push_back(std::move(open));
    });
  }
  std::sort(orders.begin(), orders.end(), [](const auto& x, const auto& y) { return x.oid < y.oid; });
  return orders;
}

hl::ClearinghouseState Exchange::clearinghouse(const hl::Address& user, std::uint64_t time_ms) const {
  hl::ClearinghouseState s;
  s.time_ms = time_ms;
  const Account* acct = find_account(user);
  if (acct == nullptr) return s;
  for (const auto& [asset, pos] : acct->positions) {
    if (pos.szi == 0) continue;
    hl::AssetPosition p;
    p.coin = assets_[asset].spec.name;
    p.position = pos.szi;
    p.entry_price = static_cast<Price>(static_cast<i128>(pos.basis) * kSizeScale / abs_size(pos.szi));
    const Money mark_value = notional(reference_price(asset, *p.entry_price), abs_size(pos.szi));
    p.unrealized_pnl = pos.szi > 0 ? mark_value - pos.basis : pos.basis - mark_value;
    s.positions.push_back(std::move(p));
  }
  s.account_value = equity(user);
  s.withdrawable = s.account_value;
  return s;
}

std::vector<hl::UserFill> Exchange::user_fills(const hl::Address& user) const {
  const Account* acct = find_account(user);
  return acct == nullptr ? std::vector<hl::UserFill>{} : acct->fills;
}

Size Exchange::position(const hl::Address& user, std::uint32_t asset) const {
  const Account* acct = find_account(user);
  if (acct == nullptr) return 0;
  const auto it = acct->positions.find(asset);
  return it == acct->positions.end() ? 0 : it->second.szi;
}

Money Exchange::cash(const hl::Address& user) const {
  const Account* acct = find_account(user);
  return acct == nullptr ? 0 : acct->cash;
}

Money Exchange::equity(const hl::Address& user) const {
  const Account* acct = find_account(user);
  if (acct == nullptr) return 0;
  Money value = acct->cash;
  for (const auto& [asset, pos] : acct->positions) {
    if (pos.szi == 0) continue;
    const Price entry = static_cast<Price>(static_cast<i128>(pos.basis) * kSizeScale / abs_size(pos.szi));
    const Money mark_value = notional(reference_price(asset, entry), abs_size(pos.szi));
    value += pos.szi > 0 ? mark_value : -mark_value;
  }
  return value;
}

std::optional<std::uint64_t> Exchange::scheduled_cancel(const hl::Address& user) const {
  const Account* acct = find_account(user);
  return acct == nullptr ? std::nullopt : acct->scheduled_cancel_ms;
}

}  // namespace hlmm::exchange
