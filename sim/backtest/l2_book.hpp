// The crowd's aggregated book for the L2 replay: per side, the levels best first in a flat array.
// A replayed book holds tens of levels per side and nearly every update is near the top, so a
// scan from the best and a short memmove beat any tree; nothing allocates once the arrays have
// grown to the book's depth.
#pragma once

#include <cstdint>
#include <vector>

#include "hlmm/records.hpp"

namespace hlmm::backtest {

class L2Book {
 public:
  struct Level {
    std::int32_t px;
    std::int32_t sz;
  };

  // The crowd's size at (side, px) becomes sz (0 removes the level). Returns the size before.
  std::int32_t set(Side side, std::int32_t px, std::int32_t sz) {
    std::vector<Level>& lv = side == Side::kBid ? bids_ : asks_;
    const bool bid = side == Side::kBid;
    std::size_t i = 0;
    while (i < lv.size() && (bid ? lv[i].px > px : lv[i].px < px)) ++i;
    if (i < lv.size() && lv[i].px == px) {
      const std::int32_t before = lv[i].sz;
      if (sz > 0) {
        lv[i].sz = sz;
      } else {
        lv.erase(lv.begin() + static_cast<std::ptrdiff_t>(i));
      }
      return before;
    }
    if (sz > 0) lv.insert(lv.begin() + static_cast<std::ptrdiff_t>(i), Level{px, sz});
    return 0;
  }

  std::int32_t size_at(Side side, std::int32_t px) const {
    for (const Level& l : levels(side)) {
      if (l.px == px) return l.sz;
      if (side == Side::kBid ? l.px < px : l.px > px) break;
    }
    return 0;
  }

  // Best first.
  const std::vector<Level>& levels(Side side) const { return side == Side::kBid ? bids_ : asks_; }
  bool empty(Side side) const { return levels(side).empty(); }
  std::int32_t best(Side side) const { return levels(side).front().px; }  // !empty(side)

 private:
  std::vector<Level> bids_, asks_;
};

}  // namespace hlmm::backtest
