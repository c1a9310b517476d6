// The host risk gate: every quote the pipeline emits passes here before the order manager turns it
// into an action (README.md has the rules). It is a pure, synchronous check called on the trader's
// I/O thread between the pipeline's drain and the order manager: no I/O, no locks, no allocation
// on the check path (the VaR history and scratch are sized at construction), so it never holds up
// the market-data receive path beyond its own few microseconds.
//
// Prices and sizes come in fixed point (1e-8, hls/include/hlmm/fixed_point.hpp) and go out in fixed
// point; the limits themselves are evaluated in double USD (to_usd/to_coins below, explicit).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hlmm/records.hpp"
#include "risk/kpis.hpp"
#include "risk/risk_limits.hpp"
#include "risk/value_at_risk.hpp"

namespace hlmm::risk {

enum class Rule : std::uint8_t {
  kNone = 0,
  kKillSwitch,        // manual
  kDrawdown,          // automatic kill
  kDailyLoss,         // automatic kill
  kGrossNotional,
  kNetPosition,
  kOpenOrders,
  kVolatility,
  kDisconnected,
  kAdverseSelection,
  kValueAtRisk,
  kCount
};
inline constexpr std::size_t kRuleCount = static_cast<std::size_t>(Rule::kCount);
std::string_view rule_name(Rule r);

enum class DecisionKind : std::uint8_t { kPass, kResize, kWiden, kReject };
std::string_view decision_name(DecisionKind k);

struct Decision {
  DecisionKind kind = DecisionKind::kPass;
  Rule rule = Rule::kNone;  // the rule that decided (kNone for a plain pass)
  Size size = 0;            // the size after the gate (kResize)
  Price price = 0;          // the price after the gate (kWiden)
  double limit = 0;         // the breached limit, in the rule's unit (USD, coins, orders, bps)
  double value = 0;         // what the quote would have made it
  std::uint64_t hold = 0;   // admit_taker: the hold on `size` the caller must release (0: none)
};

struct AssetRisk {
  std::uint8_t slot = 0;
  std::string coin;
  Size lot = 1;             // size step (10^(8 - szDecimals) units)
  int min_tick_exp = 0;     // arith::min_tick_exponent of the asset (valid-price rounding)
  // The breaker's threshold is a fraction of a perp's mid; an outcome's price is a probability, whose
  // moves of several percent are the market, not a storm: a strategy-only instrument goes without.
  bool volatility_breaker = true;
};

struct RiskCounters {
  std::array<std::uint64_t, kRuleCount> per_rule{};  // decisions other than Pass, by rule
  std::uint64_t checked = 0, passed = 0, resized = 0, widened = 0, rejected = 0;
  std::uint64_t holds_lapsed = 0;  // settled holds whose fills never all arrived (RiskGate::settle)
};

struct RiskState {
  bool killed = false;
  Rule kill_rule = Rule::kNone;
  double capital = 0, equity = 0, high_water = 0, day_open = 0;
  double drawdown = 0, day_loss = 0;  // USD, >= 0
  double gross_notional = 0;
  VarFigures var;
  std::vector<bool> vol_tripped;      // per asset (index in the gate's asset list)
  std::array<double, 2> markout_bps{};  // EWMA per side (bid, ask), first asset only when one
  std::size_t holds = 0;              // strategy orders in flight (RiskGate::admit_taker)
  double held_usd = 0;                // their size at the mid, both sides, all assets
};

// What the trader's status shows of the gate.
struct RiskSnapshot {
  RiskState state;
  RiskCounters counters;
  Kpis account;
  std::vector<Kpis> assets;  // in the gate's asset order (the trader's coin order)
};

// The pipeline Reason a gate reject is reported under when it becomes a Cancel intent.
Reason pipeline_reason(Rule r);

inline double to_usd(std::int64_t units_1e8) { return static_cast<double>(units_1e8) / 1e8; }
inline double to_coins(Size units) { return static_cast<double>(units) / static_cast<double>(kSizeScale); }
inline double to_price(Price units) { return static_cast<double>(units) / static_cast<double>(kPriceScale); }

class RiskGate {
 public:
  RiskGate(RiskLimits limits, std::vector<AssetRisk> assets);

  const RiskLimits& limits() const { return limits_; }
  // Capital the fractions apply to (limits.capital_usd when set, else the account value at start).
  void set_capital(double account_value_usd, std::uint64_t now_ns);
  // Positions inherited at start (clearinghouseState), entry price as the cash basis.
  void set_position(std::uint8_t slot, Size position, Price entry);

  void on_mark(std::uint8_t slot, Price mid, std::uint64_t now_ns);
  void on_fill(std::uint8_t slot, Side side, Price price, Size size, std::int64_t fee, std::uint64_t now_ns);
  // Periodic (each poll): equity rules, volatility breaker, markouts, the VaR history.
  void sample(std::uint64_t now_ns);
  void set_connected(bool connected);
  bool connected() const { return connected_; }

  // One intent. `open_orders`: our live orders on the asset; `side_has_order`: the quote would
  // replace one rather than add one.
  Decision check(const QuoteIntent& intent, std::uint32_t open_orders, bool side_has_order);
  // Applies check() to each Quote in place: Reject -> a Cancel of that side, Resize -> size,
  // Widen -> price. Cancels always pass. While disconnected a Quote is dropped instead (nothing
  // can be sent; the stop-on-disconnect action and the dead man's switch clear the venue).
  // `open_orders(slot, side)` returns {live orders on the asset, the side has one}. Returns how
  // many intents were changed or dropped. Erasing from `intents` does not allocate.
  template <class OpenOrders>
  std::size_t filter(std::vector<QuoteIntent>& intents, OpenOrders&& open_orders);

  // A strategy's IOC (the trader's strategy connectors, host/live). One that does not increase
  // |position| (a hedge, an unwind, a flatten) passes, also after a kill or while disconnected:
  // leaving the risk on would be the larger risk. Any other goes through check(); a price rule's
  // kWiden becomes kReject, since a less marketable IOC would only not fill. Counted like quotes.
  // Every decision (quotes' and takers') counts the side's holds as if filled: a buy is judged
  // from position + held buys, a sell from position - held sells.
  Decision check_taker(std::uint8_t slot, Side side, Price price, Size size, std::uint64_t now_ns);

  // Exposure in flight. check_taker, and when it lets the order through, a hold on the size it
  // allows (Decision::hold), so that orders sent before this one's fills or answer arrive are
  // judged with it: two IOCs that each reduce a long of 1 by 1 are together a short of 1, and a
  // resting GTC counts toward the net limit until it fills or is cancelled. The caller releases
  // the hold part by part: a fill's size once on_fill has counted it, the part that will not
  // fill (an IOC's unfilled rest, a cancelled order's remaining, a refused order's whole size)
  // once the venue says so. `settle` marks the order done at the venue: what the hold still
  // holds is fills not yet arrived, and lapses (released, counted in holds_lapsed, logged)
  // kHoldLapseNs later if they never do. With kMaxHolds in flight, further orders are refused
  // (rule kOpenOrders): exposure the gate cannot track is not let through.
  Decision admit_taker(std::uint8_t slot, Side side, Price price, Size size, std::uint64_t now_ns);
  // Returns what the hold still holds (0 once it is gone; an unknown or lapsed id holds nothing).
  Size release(std::uint64_t hold, Size size);
  void settle(std::uint64_t hold, std::uint64_t now_ns);
  Size held(std::uint8_t slot, Side side) const;
  static constexpr std::size_t kMaxHolds = 1024;
  static constexpr std::uint64_t kHoldLapseNs = 30'000'000'000ULL;
  // The slot the gate tracks `coin` under (the same instrument on any venue), if it does.
  std::optional<std::uint8_t> slot_of(std::string_view coin) const;

  void kill(Rule rule, std::string_view why);
  bool killed() const { return killed_; }
  // True once after an automatic kill, so the caller reaches the pipeline's kill register.
  bool take_kill_request();

  const RiskCounters& counters() const { return counters_; }
  RiskState state() const;
  const KpiTracker& kpis() const { return kpis_; }
  RiskSnapshot snapshot() const;
  Size position(std::uint8_t slot) const;

 private:
  struct AssetBook {
    AssetRisk info;
    Size position = 0;
    Price mid = 0;
    double cash = 0;  // USD, fills incl. fees (equity = capital + cash + position x mid)
    // Volatility breaker: (time, mid) ring sampled each poll.
    std::vector<std::pair<std::uint64_t, Price>> marks;
    std::size_t mark_next = 0, mark_count = 0;
    std::uint64_t tripped_until_ns = 0;
    bool tripped = false;
    Price last_var_mid = 0;
    std::array<std::uint8_t, 2> last_logged{};  // last rule logged per side (log on change)
    std::array<Size, 2> held{};  // holds in flight per side (bid, ask), >= 0
  };
  struct Hold {
    std::uint64_t id;
    std::size_t asset;
    Side side;
    Size remaining;
    std::uint64_t lapse_ns;  // 0: the order may still fill; else the lapse time (settled)
  };
  struct PendingMarkout {
    std::size_t asset;
    Side side;
    Price price;
    std::uint64_t due_ns;
  };
  int index_of(std::uint8_t slot) const { return slot_index_[slot]; }
  // The side's worst case: the position with every hold on that side filled.
  static Size worst_position(const AssetBook& b, Side side);
  Hold* find_hold(std::uint64_t id);
  void drop_hold(Hold& h, Size size);
  double equity() const;
  void check_equity();
  double gross_notional() const;
  Decision decide(const QuoteIntent& q, std::uint32_t open_orders, bool side_has_order);
  void account(const QuoteIntent& q, const Decision& d);
  Size floor_lot(Size s, Size lot) const { return lot > 0 ? (s / lot) * lot : s; }
  std::uint64_t day_start(std::uint64_t now_ns) const;

  RiskLimits limits_;
  std::vector<AssetBook> books_;
  std::array<int, 256> slot_index_{};
  double capital_ = 0, high_water_ = 0, day_open_ = 0;
  std::uint64_t day_start_ns_ = 0;
  bool killed_ = false, kill_request_ = false, connected_ = true;
  Rule kill_rule_ = Rule::kNone;
  // Adverse selection, per side: EWMA markout (bps, + = in our favour) and fills seen.
  std::array<double, 2> markout_ewma_{};
  std::array<std::uint32_t, 2> markout_n_{};
  std::vector<PendingMarkout> pending_;  // reserved; bounded by fills within one markout horizon
  std::vector<Hold> holds_;              // reserved kMaxHolds: admitting one never allocates
  std::uint64_t next_hold_ = 1;
  ReturnHistory history_;
  std::vector<double> exposure_, returns_, var_scratch_;
  std::uint64_t next_var_sample_ns_ = 0;
  VarFigures last_var_;
  RiskCounters counters_;
  KpiTracker kpis_;
  std::vector<double> kpi_pos_, kpi_mid_;
};

template <class OpenOrders>
std::size_t RiskGate::filter(std::vector<QuoteIntent>& intents, OpenOrders&& open_orders) {
  std::size_t changed = 0;
  std::size_t out = 0;
  for (std::size_t k = 0; k < intents.size(); ++k) {
    QuoteIntent q = intents[k];
    if (q.kind == IntentKind::kQuote) {
      const auto [count, side_has] = open_orders(q.asset, q.side);
      const Decision d = check(q, count, side_has);
      if (d.kind == DecisionKind::kReject && d.rule == Rule::kDisconnected) {
        ++changed;
        continue;
      }
      switch (d.kind) {
        case DecisionKind::kPass:
          break;
        case DecisionKind::kResize:
        case DecisionKind::kWiden:  // a resized quote may also have been widened, and vice versa
          q.size = d.size;
          q.price = d.price;
          ++changed;
          break;
        case DecisionKind::kReject:
          q.kind = IntentKind::kCancel;
          q.reason = pipeline_reason(d.rule);
          q.price = 0;
          q.size = 0;
          ++changed;
          break;
      }
    }
    intents[out++] = q;
  }
  intents.resize(out);
  return changed;
}

}  // namespace hlmm::risk
