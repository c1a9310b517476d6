// The study's per-minute metrics (shared/hjb-math.md §8), shared by every engine: MinuteMetrics
// marks equity and position at each minute's end and turns the run's totals into a RunResult.
// EventLedger is the rest of an event-level run's bookkeeping that the event model and the L2
// replay have in common: the minute clock between blocks, hourly funding, our fills, the trace.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "backtest/engine.hpp"
#include "backtest/market.hpp"
#include "backtest/venue_link.hpp"
#include "orders/order_manager.hpp"

namespace hlmm::backtest {

inline constexpr std::uint64_t kMsPerMinute = 60'000;
inline constexpr Cash kMoneyToCash = 100'000'000;  // exchange Money (1e-8 USD) -> Cash (1e-16 USD)

inline double to_usd(Cash c) { return static_cast<double>(c) / kCashScale; }

// The quote that rested over a minute, for a trace.
RestingQuote quote_of(const orders::Order* o);

class MinuteMetrics {
 public:
  MinuteMetrics(int days, int minutes_per_day);

  // Minute m has ended with position q and equity marked; `last` when it is the run's last.
  void close_minute(int m, Size q, Cash equity, bool last);
  void add_funding(Cash paid) { funding_today_ += paid; }

  struct Totals {
    int minutes_run = 0;    // minutes closed
    bool completed = false;
    Size position = 0;
    Cash equity = 0;        // at the end, marked at last_mid
    Price last_mid = 0;
    Cash funding_paid = 0;
    Cash spread = 0;
    double filled_lots = 0.0;
  };
  // The study's RunResult fields from the minutes closed and the run's totals.
  void finish(RunResult& r, const Totals& t);

 private:
  int per_day_;
  Cash peak_ = 0, max_dd_ = 0, funding_today_ = 0;
  bool have_peak_ = false;
  double sum_q2_ = 0, day_sum_q2_ = 0, day_start_ = 0, last_hour_ = 0, h_mean_ = 0, h_m2_ = 0;
  std::uint64_t hours_ = 0;
  std::vector<double> day_pnl_, day_funding_, day_q2_;
};

// An event-level venue's view of our account.
class AccountView {
 public:
  virtual ~AccountView() = default;
  virtual Size position() const = 0;
  // cash + q * mark, net of any deposit (1e-16 USD).
  virtual Cash equity(Price mark) const = 0;
  // The hourly funding at `mid` and `rate_1e8` (1e-8 per hour) on our position, at `t_ms`; what we
  // paid (1e-16 USD, negative: received), nullopt when nothing was settled (flat).
  virtual std::optional<Cash> settle_funding(std::int64_t rate_1e8, Price mid, std::uint64_t t_ms) = 0;
};

class EventLedger {
 public:
  // `lot` in coins (the fill rate's unit); `orders` gives the resting quotes for the trace.
  EventLedger(const MarketPath& market, int minutes_per_day, const std::atomic<bool>* stop, double lot,
              const orders::OrderManager& orders, Trace* trace);

  // The minute boundaries due by `block_ms`: each finished minute is marked at the path's mid at
  // its end, funding settles on the hour. False when the run is over: its last minute closed, or
  // the stop flag was seen on an hour.
  bool advance(std::uint64_t block_ms, AccountView& account);
  // activeAssetCtx: the cash funding f of the latest minute begun since the last call, once.
  std::optional<Price> take_funding();
  // One fill of ours in the block of `block_ms`; `fair` is the price the spread is measured from.
  void on_fill(std::uint64_t block_ms, Side side, Price price, Size size, std::int64_t fee_1e8, bool crossed, Price fair);
  void on_position(Size q) { max_abs_q_ = std::max(max_abs_q_, q < 0 ? -q : q); }

  std::uint64_t first_block(std::uint64_t interval_ms) const { return (start_ms_ / interval_ms + 1) * interval_ms; }
  // The study's metrics, the fills and the venue's counters into `r`, once the run is over.
  // Throws std::runtime_error, naming `model`, when the order manager halted or disabled the asset:
  // a tick or lot violation is a bug in hlmm's rounding, never a market outcome.
  void finish(RunResult& r, const AccountView& account, const VenueCounters& venue, std::uint64_t records,
              const char* model);

 private:
  const MarketPath& market_;
  const std::atomic<bool>* stop_;
  const orders::OrderManager& orders_;
  Trace* trace_;
  MinuteMetrics mm_;
  int n_;
  std::uint64_t start_ms_;
  double lot_units_;
  int next_minute_ = 0;  // the next minute boundary to handle (0: the start)
  bool stopped_ = false;
  std::optional<Price> funding_f_;
  Cash funding_paid_ = 0;
  Cash spread_ = 0;
  double filled_size_ = 0.0;
  Size max_abs_q_ = 0;
  std::uint64_t fills_ = 0, taker_fills_ = 0;
  double fees_paid_ = 0.0;
};

}  // namespace hlmm::backtest
