// The crowd's aggregated book for the L2 replay, indexed by price: per side, the size at every
// price unit of a window around the market, and the best price. An update is one store (and, when
// the best level goes, a short walk to the next one), because the level a crowd update touches is
// spread over the whole ladder and a sorted array's search and memmove cost more than the rest of
// the replay together (measured: 31 M events/s for the venue with a sorted array and a linear
// scan, fewer with a binary search).
//
// The window covers [base, base + width) price units on both sides. A level outside it moves the
// window (centred on the level) and, if the levels held do not all fit, doubles it; a replayed
// book spans a few hundred ticks, so this happens when the price drifts by about half a window.
#pragma once

#include <algorithm>
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

  explicit L2Book(std::int64_t width = 1 << 14) : width_(width) {
    for (Sides& s : sides_) s.sz.assign(static_cast<std::size_t>(width_), 0);
  }

  // The crowd's size at (side, px) becomes sz (0 removes the level). Returns the size before.
  std::int32_t set(Side side, std::int32_t px, std::int32_t sz) {
    if (px < base_ || px >= base_ + width_) {
      if (sz == 0) return 0;
      move_window(px);
    }
    Sides& s = sides_[side == Side::kBid ? 0 : 1];
    std::int32_t& slot = s.sz[static_cast<std::size_t>(px - base_)];
    const std::int32_t before = slot;
    slot = sz;
    const bool bid = side == Side::kBid;
    if (before == 0 && sz > 0) {
      ++s.count;
      if (s.count == 1 || (bid ? px > s.best : px < s.best)) s.best = px;
    } else if (before > 0 && sz == 0) {
      --s.count;
      if (px == s.best && s.count > 0) s.best = next_level(s, px, bid);
    }
    return before;
  }

  std::int32_t size_at(Side side, std::int32_t px) const {
    if (px < base_ || px >= base_ + width_) return 0;
    return sides_[side == Side::kBid ? 0 : 1].sz[static_cast<std::size_t>(px - base_)];
  }

  bool empty(Side side) const { return sides_[side == Side::kBid ? 0 : 1].count == 0; }
  std::int32_t best(Side side) const { return sides_[side == Side::kBid ? 0 : 1].best; }  // !empty(side)
  std::int64_t levels(Side side) const { return sides_[side == Side::kBid ? 0 : 1].count; }

  // The best `n` levels of `side`, best first, into `out` (cleared first).
  void top(Side side, std::size_t n, std::vector<Level>& out) const {
    out.clear();
    const bool bid = side == Side::kBid;
    const Sides& s = sides_[bid ? 0 : 1];
    if (s.count == 0) return;
    const auto limit = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(n), s.count));
    for (std::int64_t px = s.best; out.size() < limit; px += bid ? -1 : 1) {
      const std::int32_t q = s.sz[static_cast<std::size_t>(px - base_)];
      if (q > 0) out.push_back(Level{static_cast<std::int32_t>(px), q});
    }
  }

 private:
  struct Sides {
    std::vector<std::int32_t> sz;
    std::int64_t count = 0;
    std::int32_t best = 0;
  };

  std::int32_t next_level(const Sides& s, std::int32_t from, bool bid) const {
    for (std::int64_t px = from + (bid ? -1 : 1);; px += bid ? -1 : 1) {
      if (s.sz[static_cast<std::size_t>(px - base_)] > 0) return static_cast<std::int32_t>(px);
    }
  }

  // Recentres the window on px, doubling it until every level held fits.
  void move_window(std::int32_t px) {
    std::vector<Level> held[2];
    std::int64_t lo = px, hi = px;
    for (int k = 0; k < 2; ++k) {
      top(k == 0 ? Side::kBid : Side::kAsk, static_cast<std::size_t>(sides_[k].count), held[k]);
      for (const Level& l : held[k]) {
        lo = std::min<std::int64_t>(lo, l.px);
        hi = std::max<std::int64_t>(hi, l.px);
      }
    }
    while (hi - lo + 1 > width_ / 2) width_ *= 2;
    base_ = (lo + hi) / 2 - width_ / 2;
    for (int k = 0; k < 2; ++k) {
      sides_[k].sz.assign(static_cast<std::size_t>(width_), 0);
      for (const Level& l : held[k]) sides_[k].sz[static_cast<std::size_t>(l.px - base_)] = l.sz;
    }
  }

  std::int64_t width_;
  std::int64_t base_ = INT64_MIN / 4;  // no price is in the window until the first level moves it
  Sides sides_[2];
};

}  // namespace hlmm::backtest
