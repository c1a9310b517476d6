#include "risk/risk_gate.hpp"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

#include "hlmm/arith.hpp"

namespace hlmm::risk {

namespace {
constexpr std::size_t kMarkRing = 1024;
// Double -> size units: a room of exactly 0.2 coin computes as 19999999.99..; this slack (1e-3
// unit = 1e-11 coin) keeps it from losing a whole lot to floor().
constexpr double kRoundingSlack = 1e-3;
constexpr std::uint64_t kNsPerS = 1'000'000'000ULL;
std::size_t side_index(Side s) { return s == Side::kAsk ? 1 : 0; }
}  // namespace

std::string_view rule_name(Rule r) {
  switch (r) {
    case Rule::kNone: return "none";
    case Rule::kKillSwitch: return "kill_switch";
    case Rule::kDrawdown: return "max_drawdown";
    case Rule::kDailyLoss: return "daily_loss";
    case Rule::kGrossNotional: return "gross_notional";
    case Rule::kNetPosition: return "net_position";
    case Rule::kOpenOrders: return "open_orders";
    case Rule::kVolatility: return "volatility";
    case Rule::kDisconnected: return "disconnected";
    case Rule::kAdverseSelection: return "adverse_selection";
    case Rule::kValueAtRisk: return "value_at_risk";
    case Rule::kCount: break;
  }
  return "?";
}

std::string_view decision_name(DecisionKind k) {
  switch (k) {
    case DecisionKind::kPass: return "pass";
    case DecisionKind::kResize: return "resize";
    case DecisionKind::kWiden: return "widen";
    case DecisionKind::kReject: return "reject";
  }
  return "?";
}

Reason pipeline_reason(Rule r) {
  switch (r) {
    case Rule::kNetPosition:
    case Rule::kValueAtRisk: return Reason::kPositionLimit;
    case Rule::kGrossNotional: return Reason::kNotionalCap;
    case Rule::kOpenOrders: return Reason::kOpenOrderCap;
    case Rule::kVolatility:
    case Rule::kDisconnected:
    case Rule::kAdverseSelection: return Reason::kKillAsset;
    default: return Reason::kKillGlobal;
  }
}

RiskGate::RiskGate(RiskLimits limits, std::vector<AssetRisk> assets)
    : limits_(limits),
      history_(assets.size(), limits.var_window),
      exposure_(assets.size(), 0.0),
      returns_(assets.size(), 0.0),
      var_scratch_(limits.var_window, 0.0),
      kpis_(assets.size()),
      kpi_pos_(assets.size(), 0.0),
      kpi_mid_(assets.size(), 0.0) {
  slot_index_.fill(-1);
  for (std::size_t i = 0; i < assets.size(); ++i) {
    slot_index_[assets[i].slot] = static_cast<int>(i);
    AssetBook b;
    b.info = std::move(assets[i]);
    b.marks.resize(kMarkRing);
    books_.push_back(std::move(b));
  }
  pending_.reserve(4096);
  holds_.reserve(kMaxHolds);
  if (limits_.kill_switch) kill(Rule::kKillSwitch, "kill_switch set in the configuration");
}

void RiskGate::set_capital(double account_value_usd, std::uint64_t now_ns) {
  capital_ = limits_.capital_usd > 0 ? limits_.capital_usd : account_value_usd;
  high_water_ = day_open_ = equity();
  day_start_ns_ = day_start(now_ns);
  spdlog::info("risk: capital {:.2f} USD; drawdown kill at {:.2f}, daily loss kill at {:.2f}, net position {:.2f} USD/asset, "
               "gross {:.2f} USD",
               capital_, capital_ * limits_.max_drawdown_frac, capital_ * limits_.daily_loss_frac,
               capital_ * limits_.max_net_position_frac, capital_ * limits_.max_gross_notional_frac);
}

void RiskGate::set_position(std::uint8_t slot, Size position, Price entry) {
  const int i = index_of(slot);
  if (i < 0) return;
  AssetBook& b = books_[static_cast<std::size_t>(i)];
  b.position = position;
  // The account value the capital comes from already marks the position; equity starts there.
  b.cash = -to_coins(position) * to_price(b.mid > 0 ? b.mid : entry);
}

std::uint64_t RiskGate::day_start(std::uint64_t now_ns) const {
  const std::uint64_t day = 86'400 * kNsPerS;
  const std::uint64_t shift = static_cast<std::uint64_t>(limits_.daily_reset_utc_hour) * 3'600 * kNsPerS;
  if (now_ns < shift) return 0;
  return (now_ns - shift) / day * day + shift;
}

Size RiskGate::position(std::uint8_t slot) const {
  const int i = index_of(slot);
  return i < 0 ? 0 : books_[static_cast<std::size_t>(i)].position;
}

double RiskGate::equity() const {
  double e = capital_;
  // An asset not marked yet counts nothing: its cash basis is set at its first mark.
  for (const AssetBook& b : books_) {
    if (b.mid > 0) e += b.cash + to_coins(b.position) * to_price(b.mid);
  }
  return e;
}

double RiskGate::gross_notional() const {
  double g = 0;
  for (const AssetBook& b : books_) g += std::abs(to_coins(b.position) * to_price(b.mid));
  return g;
}

void RiskGate::on_mark(std::uint8_t slot, Price mid, std::uint64_t now_ns) {
  const int i = index_of(slot);
  if (i < 0 || mid <= 0) return;
  AssetBook& b = books_[static_cast<std::size_t>(i)];
  if (b.mid == 0 && b.position != 0) b.cash = -to_coins(b.position) * to_price(mid);  // first mark: basis
  b.mid = mid;
  // Markouts that have come due.
  for (std::size_t k = 0; k < pending_.size();) {
    const PendingMarkout& p = pending_[k];
    if (p.asset != static_cast<std::size_t>(i) || p.due_ns > now_ns) {
      ++k;
      continue;
    }
    const double px = to_price(p.price), m = to_price(mid);
    const double bps = (p.side == Side::kBid ? m - px : px - m) / px * 1e4;
    const std::size_t s = side_index(p.side);
    markout_ewma_[s] = markout_n_[s] == 0 ? bps : markout_ewma_[s] + limits_.markout_ewma_alpha * (bps - markout_ewma_[s]);
    ++markout_n_[s];
    pending_[k] = pending_.back();
    pending_.pop_back();
  }
}

void RiskGate::on_fill(std::uint8_t slot, Side side, Price price, Size size, std::int64_t fee, std::uint64_t now_ns) {
  const int i = index_of(slot);
  if (i < 0) return;
  AssetBook& b = books_[static_cast<std::size_t>(i)];
  const double notional = to_price(price) * to_coins(size);
  b.cash += (side == Side::kBid ? -notional : notional) - to_usd(fee);
  b.position += side == Side::kBid ? size : -size;
  kpis_.on_fill(static_cast<std::size_t>(i), side == Side::kBid, to_price(price), to_coins(size), to_usd(fee), to_price(b.mid));
  if (pending_.size() < pending_.capacity()) {
    pending_.push_back(PendingMarkout{static_cast<std::size_t>(i), side, price, now_ns + limits_.markout_ms * 1'000'000});
  }
  check_equity();
}

void RiskGate::check_equity() {
  const double e = equity();
  high_water_ = std::max(high_water_, e);
  if (capital_ <= 0 || killed_) return;
  if (high_water_ - e > capital_ * limits_.max_drawdown_frac) {
    kill(Rule::kDrawdown, fmt::format("equity {:.2f} is {:.2f} below its high-water mark {:.2f} (limit {:.2f})", e,
                                      high_water_ - e, high_water_, capital_ * limits_.max_drawdown_frac));
  } else if (day_open_ - e > capital_ * limits_.daily_loss_frac) {
    kill(Rule::kDailyLoss, fmt::format("equity {:.2f} is {:.2f} below the day's open {:.2f} (limit {:.2f})", e,
                                       day_open_ - e, day_open_, capital_ * limits_.daily_loss_frac));
  }
}

void RiskGate::sample(std::uint64_t now_ns) {
  // Day roll, high-water mark, the equity kills.
  const double e = equity();
  const std::uint64_t ds = day_start(now_ns);
  if (ds > day_start_ns_) {
    day_start_ns_ = ds;
    day_open_ = e;
    spdlog::info("risk: new trading day, opening equity {:.2f}", e);
  }
  check_equity();
  // Holds whose orders are done but whose fills never all arrived: the fills were lost, or the
  // answer overstated them. Released so that a lost message does not hold the limit for good.
  for (std::size_t k = 0; k < holds_.size();) {
    Hold& h = holds_[k];
    if (h.lapse_ns == 0 || h.lapse_ns > now_ns) {
      ++k;
      continue;
    }
    ++counters_.holds_lapsed;
    spdlog::warn("risk: {} {} hold of {} lapsed: its order is done and its fills did not all arrive within {} s",
                 books_[h.asset].info.coin, h.side == Side::kBid ? "buy" : "sell", to_coins(h.remaining),
                 kHoldLapseNs / kNsPerS);
    drop_hold(h, h.remaining);  // moves the last hold into k
  }
  // Volatility breaker: the largest move from any mark in the window to the latest.
  const auto window_ns = static_cast<std::uint64_t>(limits_.vol_window_s * 1e9);
  for (AssetBook& b : books_) {
    if (b.mid <= 0) continue;
    b.marks[b.mark_next] = {now_ns, b.mid};
    b.mark_next = (b.mark_next + 1) % b.marks.size();
    b.mark_count = std::min(b.mark_count + 1, b.marks.size());
    double move = 0;
    for (std::size_t k = 0; k < b.mark_count; ++k) {
      const auto& [t, m] = b.marks[k];
      if (t + window_ns < now_ns || m <= 0) continue;
      move = std::max(move, std::abs(to_price(b.mid) / to_price(m) - 1));
    }
    if (b.info.volatility_breaker && move > limits_.vol_threshold_frac && limits_.vol_threshold_frac > 0) {
      if (!b.tripped) {
        spdlog::warn("risk: {} volatility breaker tripped: move {:.3f}% over {:.0f}s (limit {:.3f}%), action {}", b.info.coin,
                     move * 100, limits_.vol_window_s, limits_.vol_threshold_frac * 100, vol_action_name(limits_.vol_action));
      }
      b.tripped = true;
      b.tripped_until_ns = now_ns + static_cast<std::uint64_t>(limits_.vol_cooldown_s * 1e9);
    } else if (b.tripped && now_ns >= b.tripped_until_ns) {
      b.tripped = false;
      spdlog::info("risk: {} volatility breaker reset", b.info.coin);
    }
  }
  // VaR history: one return vector per var_sample_s, all assets at the same instant.
  if (now_ns >= next_var_sample_ns_) {
    next_var_sample_ns_ = now_ns + static_cast<std::uint64_t>(limits_.var_sample_s * 1e9);
    bool all = true;
    for (std::size_t i = 0; i < books_.size(); ++i) {
      AssetBook& b = books_[i];
      all = all && b.mid > 0 && b.last_var_mid > 0;
      returns_[i] = b.last_var_mid > 0 && b.mid > 0 ? to_price(b.mid) / to_price(b.last_var_mid) - 1 : 0;
      b.last_var_mid = b.mid;
    }
    if (all) history_.push(returns_);
    for (std::size_t i = 0; i < books_.size(); ++i) exposure_[i] = to_coins(books_[i].position) * to_price(books_[i].mid);
    last_var_ = value_at_risk(history_, exposure_, limits_.var_confidence,
                              limits_.var_horizon_s / limits_.var_sample_s, var_scratch_);
  }
  for (std::size_t i = 0; i < books_.size(); ++i) {
    kpi_pos_[i] = to_coins(books_[i].position);
    kpi_mid_[i] = to_price(books_[i].mid);
  }
  kpis_.sample(static_cast<double>(now_ns) / 1e9, kpi_pos_, kpi_mid_);
}

void RiskGate::set_connected(bool connected) {
  if (connected_ != connected) {
    spdlog::warn("risk: venue {}; stop-on-disconnect action {}", connected ? "reconnected" : "disconnected",
                 disconnect_action_name(limits_.on_disconnect));
  }
  connected_ = connected;
}

void RiskGate::kill(Rule rule, std::string_view why) {
  if (killed_) return;
  killed_ = true;
  kill_request_ = true;
  kill_rule_ = rule;
  ++counters_.per_rule[static_cast<std::size_t>(rule)];
  spdlog::error("risk: KILL ({}): {}", rule_name(rule), why);
}

bool RiskGate::take_kill_request() {
  const bool r = kill_request_;
  kill_request_ = false;
  return r;
}

Decision RiskGate::check(const QuoteIntent& q, std::uint32_t open_orders, bool side_has_order) {
  const Decision d = decide(q, open_orders, side_has_order);
  account(q, d);
  return d;
}

Size RiskGate::worst_position(const AssetBook& b, Side side) {
  return side == Side::kBid ? b.position + b.held[0] : b.position - b.held[1];
}

Decision RiskGate::check_taker(std::uint8_t slot, Side side, Price price, Size size, std::uint64_t now_ns) {
  const QuoteIntent q{IntentKind::kQuote, slot, side, Reason::kNone, 0, price, size, now_ns};
  Decision d;
  d.size = size;
  d.price = price;
  const int idx = index_of(slot);
  // Reducing is judged from the side's worst case: with the side's holds filled, this order must
  // not leave |position| larger than they do.
  const Size pos = idx < 0 ? 0 : worst_position(books_[static_cast<std::size_t>(idx)], side);
  const Size after = pos + (side == Side::kBid ? size : -size);
  const bool reduces = idx >= 0 && (after < 0 ? -after : after) <= (pos < 0 ? -pos : pos);
  if (!reduces) {
    d = decide(q, 0, false);
    if (d.kind == DecisionKind::kWiden) {
      d.kind = DecisionKind::kReject;
      d.size = 0;
    }
  }
  account(q, d);
  return d;
}

Decision RiskGate::admit_taker(std::uint8_t slot, Side side, Price price, Size size, std::uint64_t now_ns) {
  if (holds_.size() >= kMaxHolds) {
    Decision d;
    d.kind = DecisionKind::kReject;
    d.rule = Rule::kOpenOrders;
    d.limit = static_cast<double>(kMaxHolds);
    d.value = static_cast<double>(holds_.size() + 1);
    d.price = price;
    account(QuoteIntent{IntentKind::kQuote, slot, side, Reason::kNone, 0, price, size, now_ns}, d);
    return d;
  }
  Decision d = check_taker(slot, side, price, size, now_ns);
  const int idx = index_of(slot);
  if (d.kind == DecisionKind::kReject || d.size <= 0 || idx < 0) return d;
  d.hold = next_hold_++;
  holds_.push_back(Hold{d.hold, static_cast<std::size_t>(idx), side, d.size, 0});
  books_[static_cast<std::size_t>(idx)].held[side_index(side)] += d.size;
  return d;
}

RiskGate::Hold* RiskGate::find_hold(std::uint64_t id) {
  for (Hold& h : holds_) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

void RiskGate::drop_hold(Hold& h, Size size) {
  books_[h.asset].held[side_index(h.side)] -= size;
  h.remaining -= size;
  if (h.remaining > 0) return;
  h = holds_.back();
  holds_.pop_back();
}

Size RiskGate::release(std::uint64_t hold, Size size) {
  Hold* h = find_hold(hold);
  if (h == nullptr || size < 0) return h == nullptr ? 0 : h->remaining;
  const Size left = h->remaining - std::min(size, h->remaining);
  drop_hold(*h, std::min(size, h->remaining));
  return left;
}

void RiskGate::settle(std::uint64_t hold, std::uint64_t now_ns) {
  if (Hold* h = find_hold(hold); h != nullptr && h->lapse_ns == 0) h->lapse_ns = now_ns + kHoldLapseNs;
}

Size RiskGate::held(std::uint8_t slot, Side side) const {
  const int i = index_of(slot);
  return i < 0 ? 0 : books_[static_cast<std::size_t>(i)].held[side_index(side)];
}

std::optional<std::uint8_t> RiskGate::slot_of(std::string_view coin) const {
  for (const AssetBook& b : books_) {
    if (b.info.coin == coin) return b.info.slot;
  }
  return std::nullopt;
}

void RiskGate::account(const QuoteIntent& q, const Decision& d) {
  ++counters_.checked;
  switch (d.kind) {
    case DecisionKind::kPass: ++counters_.passed; break;
    case DecisionKind::kResize: ++counters_.resized; break;
    case DecisionKind::kWiden: ++counters_.widened; break;
    case DecisionKind::kReject: ++counters_.rejected; break;
  }
  if (d.kind != DecisionKind::kPass) ++counters_.per_rule[static_cast<std::size_t>(d.rule)];
  // One log line each time a side's deciding rule changes, not one per intent.
  const int i = index_of(q.asset);
  if (i < 0) return;
  auto& last = books_[static_cast<std::size_t>(i)].last_logged[side_index(q.side)];
  const auto code = static_cast<std::uint8_t>(d.kind == DecisionKind::kPass ? 0 : (static_cast<int>(d.rule) << 2) | static_cast<int>(d.kind));
  if (code == last) return;
  last = code;
  const AssetBook& b = books_[static_cast<std::size_t>(i)];
  if (d.kind == DecisionKind::kPass) {
    spdlog::info("risk: {} {} quotes pass again", b.info.coin, q.side == Side::kBid ? "bid" : "ask");
  } else {
    spdlog::warn("risk: {} {} {} by {}: value {:.6g} vs limit {:.6g}", b.info.coin, q.side == Side::kBid ? "bid" : "ask",
                 decision_name(d.kind), rule_name(d.rule), d.value, d.limit);
  }
}

Decision RiskGate::decide(const QuoteIntent& q, std::uint32_t open_orders, bool side_has_order) {
  Decision d;
  d.size = q.size;
  d.price = q.price;
  auto reject = [&](Rule r, double limit, double value) {
    d.kind = DecisionKind::kReject;
    d.rule = r;
    d.limit = limit;
    d.value = value;
    d.size = 0;
    return d;
  };
  if (killed_) return reject(kill_rule_, 0, 1);
  if (!connected_) return reject(Rule::kDisconnected, 0, 1);
  const int idx = index_of(q.asset);
  if (idx < 0) return reject(Rule::kNetPosition, 0, 0);  // an asset the gate does not know is not traded
  AssetBook& b = books_[static_cast<std::size_t>(idx)];
  const double mid = to_price(b.mid > 0 ? b.mid : q.price);
  const int sign = q.side == Side::kBid ? 1 : -1;
  if (b.tripped && limits_.vol_action == VolAction::kStop) {
    return reject(Rule::kVolatility, limits_.vol_threshold_frac, limits_.vol_threshold_frac);
  }
  if (!side_has_order && open_orders >= limits_.max_open_orders_per_asset) {
    return reject(Rule::kOpenOrders, limits_.max_open_orders_per_asset, open_orders + 1.0);
  }
  // Size rules, tightest wins: net position, gross notional, VaR.
  Size size = q.size;
  Rule size_rule = Rule::kNone;
  double size_limit = 0, size_value = 0;
  auto cap_size = [&](Size allowed, Rule r, double limit, double value) {
    allowed = std::max<Size>(0, floor_lot(allowed, b.info.lot));
    if (allowed < size) {
      size = allowed;
      size_rule = r;
      size_limit = limit;
      size_value = value;
    }
  };
  // The side's worst case: the position with the side's holds (strategy orders in flight) filled.
  const double pos = to_coins(worst_position(b, q.side));
  const double after = pos + sign * to_coins(size);
  const bool increases = std::abs(after) > std::abs(pos);
  if (increases && mid > 0 && capital_ > 0) {
    const double net_limit_coins = capital_ * limits_.max_net_position_frac / mid;
    if (std::abs(after) > net_limit_coins) {
      const double room = net_limit_coins - sign * pos;  // coins this side may still add
      cap_size(static_cast<Size>(std::floor(std::max(0.0, room) * kSizeScale + kRoundingSlack)), Rule::kNetPosition,
               capital_ * limits_.max_net_position_frac, std::abs(after) * mid);
    }
    const double gross_limit = capital_ * limits_.max_gross_notional_frac;
    double others = 0;  // the other assets at their worst case
    for (const AssetBook& o : books_) {
      if (&o == &b) continue;
      others += std::max(std::abs(to_coins(worst_position(o, Side::kBid))), std::abs(to_coins(worst_position(o, Side::kAsk)))) *
                to_price(o.mid);
    }
    const double gross_after = others + std::abs(pos + sign * to_coins(size)) * mid;
    if (gross_after > gross_limit) {
      const double room_coins = (gross_limit - others) / mid - sign * pos;
      cap_size(static_cast<Size>(std::floor(std::max(0.0, room_coins) * kSizeScale + kRoundingSlack)), Rule::kGrossNotional, gross_limit,
               gross_after);
    }
    if (limits_.max_var_frac > 0 && history_.size() >= 2 && size > 0) {
      const double cap = capital_ * limits_.max_var_frac;
      const double horizon = limits_.var_horizon_s / limits_.var_sample_s;
      for (std::size_t i = 0; i < books_.size(); ++i) exposure_[i] = to_coins(books_[i].position) * to_price(books_[i].mid);
      Size trial = size;
      double var = 0;
      for (;;) {
        exposure_[static_cast<std::size_t>(idx)] = (pos + sign * to_coins(trial)) * mid;
        var = parametric_var(history_, exposure_, limits_.var_confidence, horizon);
        if (var <= cap || trial < b.info.lot) break;
        trial = floor_lot(trial / 2, b.info.lot);
      }
      if (var > cap) trial = 0;
      if (trial < size) {
        exposure_[static_cast<std::size_t>(idx)] = (pos + sign * to_coins(size)) * mid;
        cap_size(trial, Rule::kValueAtRisk, cap, parametric_var(history_, exposure_, limits_.var_confidence, horizon));
      }
    }
  }
  if (size_rule != Rule::kNone) {
    if (size <= 0) return reject(size_rule, size_limit, size_value);
    d.kind = DecisionKind::kResize;
    d.rule = size_rule;
    d.size = size;
    d.limit = size_limit;
    d.value = size_value;
  }
  // Price rules: the volatility breaker's minimum distance, then a toxic side's widening.
  if (b.mid > 0) {
    double widen_bps = 0;
    Rule price_rule = Rule::kNone;
    if (b.tripped && limits_.vol_action == VolAction::kWiden) {
      widen_bps = limits_.vol_widen_bps;
      price_rule = Rule::kVolatility;
    }
    const std::size_t s = side_index(q.side);
    if (markout_n_[s] >= limits_.toxic_min_fills && markout_ewma_[s] < -limits_.toxic_markout_bps) {
      const double extra = limits_.toxic_widen_bps;
      if (price_rule == Rule::kNone) price_rule = Rule::kAdverseSelection;
      widen_bps = std::max(widen_bps, extra);
    }
    if (price_rule != Rule::kNone) {
      // Fixed point: distance = mid x bps / 1e4, widened away from the mid and rounded outward.
      const auto away = static_cast<Price>(static_cast<double>(b.mid) * widen_bps / 1e4);
      Price bound = q.side == Side::kBid ? b.mid - away : b.mid + away;
      if (bound > 0) {
        bound = q.side == Side::kBid ? arith::round_down_price(bound, b.info.min_tick_exp)
                                     : arith::round_up_price(bound, b.info.min_tick_exp);
      }
      const bool inside = q.side == Side::kBid ? q.price > bound : q.price < bound;
      if (bound <= 0) return reject(price_rule, widen_bps, widen_bps);
      if (inside) {
        if (d.kind == DecisionKind::kPass) {
          d.kind = DecisionKind::kWiden;
          d.rule = price_rule;
          d.limit = widen_bps;
          d.value = std::abs(to_price(q.price) / to_price(b.mid) - 1) * 1e4;
        }
        d.price = bound;
      }
    }
  }
  return d;
}

RiskState RiskGate::state() const {
  RiskState s;
  s.killed = killed_;
  s.kill_rule = kill_rule_;
  s.capital = capital_;
  s.equity = equity();
  s.high_water = std::max(high_water_, s.equity);
  s.day_open = day_open_;
  s.drawdown = std::max(0.0, s.high_water - s.equity);
  s.day_loss = std::max(0.0, day_open_ - s.equity);
  s.gross_notional = gross_notional();
  s.var = last_var_;
  for (const AssetBook& b : books_) s.vol_tripped.push_back(b.tripped);
  s.markout_bps = markout_ewma_;
  s.holds = holds_.size();
  for (const AssetBook& b : books_) s.held_usd += to_coins(b.held[0] + b.held[1]) * to_price(b.mid);
  return s;
}

RiskSnapshot RiskGate::snapshot() const {
  RiskSnapshot s;
  s.state = state();
  s.counters = counters_;
  s.account = kpis_.account();
  for (std::size_t i = 0; i < books_.size(); ++i) s.assets.push_back(kpis_.asset(i));
  return s;
}

}  // namespace hlmm::risk
