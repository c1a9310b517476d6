// The L2 replay's input: everyone else's activity as aggregated book levels and public trades, in
// time order, 16 bytes an event so a day of a busy book streams through the cache.
//
// Prices are counted in the stream's price unit and sizes in its size unit (L2Grid), both small
// integers: the replay converts them to the pipeline's fixed point (hlmm/fixed_point.hpp) only
// where a value leaves it (our fills, the feed's records).
//
// Contract every source keeps (the replay relies on it, tests check it):
//   - events are in nondecreasing t_ms;
//   - kLevel carries the crowd's whole resting size at (side, px) after the event, 0 when the
//     level is gone; a level is never set on both sides at once at a crossing price (the crowd's
//     own book is never crossed after an event);
//   - kTrade does not change the book: a print's effect on the resting depth arrives as the
//     kLevel events that follow it (as a recorded snapshot diff shows it), so the replay can tell
//     depth that traded from depth that was cancelled;
//   - t_ms counts from the run's start (MarketPath::start_ns): 36 days is 3.1e9 ms < 2^32.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hlmm/records.hpp"

namespace hlmm::backtest {

enum class L2Kind : std::uint8_t {
  kLevel = 1,  // the crowd's size at (side, px) is now sz
  kTrade = 2,  // a print of sz at px; side is the aggressor (kBid: a buyer took the asks)
};

struct L2Event {
  std::uint32_t t_ms = 0;
  L2Kind kind = L2Kind::kLevel;
  Side side = Side::kBid;
  std::uint16_t reserved = 0;
  std::int32_t px = 0;  // price units
  std::int32_t sz = 0;  // size units, >= 0
};
static_assert(sizeof(L2Event) == 16);

// Fixed-point value of one stream unit. For a perp with szDecimals d the natural grid is the
// venue's finest: price_unit = 10^-(6-d) USD (the decimals rule), size_unit = 10^-d coins.
struct L2Grid {
  Price price_unit = 0;  // kPriceScale units per price unit
  Size size_unit = 0;    // kSizeScale units per size unit
};

// A stream of events in chunks, so a 36-day run never holds its whole stream.
class L2Source {
 public:
  virtual ~L2Source() = default;
  virtual const L2Grid& grid() const = 0;
  // Clears `out` and fills it with the next events in time order. Returns false, with `out`
  // empty, when the stream is over.
  virtual bool next(std::vector<L2Event>& out) = 0;
};

// A stream held in memory (tests, fixtures, a recorded day already decoded). Runs that replay the
// same events (policies over one recorded day) share one copy.
class VectorL2Source final : public L2Source {
 public:
  VectorL2Source(L2Grid grid, std::vector<L2Event> events, std::size_t chunk = 1 << 16)
      : VectorL2Source(grid, std::make_shared<const std::vector<L2Event>>(std::move(events)), chunk) {}
  VectorL2Source(L2Grid grid, std::shared_ptr<const std::vector<L2Event>> events, std::size_t chunk = 1 << 16)
      : grid_(grid), events_(std::move(events)), chunk_(chunk == 0 ? 1 : chunk) {}
  const L2Grid& grid() const override { return grid_; }
  bool next(std::vector<L2Event>& out) override {
    out.clear();
    const std::vector<L2Event>& all = *events_;
    if (pos_ >= all.size()) return false;
    const std::size_t n = std::min(chunk_, all.size() - pos_);
    out.assign(all.begin() + static_cast<std::ptrdiff_t>(pos_), all.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
    pos_ += n;
    return true;
  }

 private:
  L2Grid grid_;
  std::shared_ptr<const std::vector<L2Event>> events_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

}  // namespace hlmm::backtest
