// Book stage: the top N price levels per side of one asset, kept sorted best first.
//
// Every operation runs a fixed number of steps over all N levels (compare in parallel, shift),
// which is what the RTL does in one cycle; no level is ever looked up by search.
#pragma once

#include <cstdint>

#include "hlmm/arith.hpp"
#include "hlmm/pipeline_config.hpp"
#include "hlmm/records.hpp"

namespace hlmm {

struct SideBook {
  Price price[kBookLevels];
  Size size[kBookLevels];
  std::uint8_t count;
};

constexpr bool better_price(Side side, Price a, Price b) { return side == Side::kBid ? a > b : a < b; }

constexpr void clear_side(SideBook& book) {
  for (int i = 0; i < kBookLevels; ++i) {
#pragma HLS UNROLL
    book.price[i] = 0;
    book.size[i] = 0;
  }
  book.count = 0;
}

// Set (size > 0) or delete (size == 0) the level at `price`. A new level worse than every level
// of a full book is outside the top N and is dropped; inserting into a full book drops the worst.
constexpr void apply_level(SideBook& book, Side side, Price price, Size size) {
  // All N levels are compared and shifted in the same cycle: registers, not a BRAM.
#pragma HLS ARRAY_PARTITION variable=book.price type=complete
#pragma HLS ARRAY_PARTITION variable=book.size type=complete
  int found = -1;
  int rank = 0;  // levels strictly better than `price`
  for (int i = 0; i < kBookLevels; ++i) {
#pragma HLS UNROLL
    const bool valid = i < book.count;
    if (valid && book.price[i] == price) found = i;
    if (valid && better_price(side, book.price[i], price)) ++rank;
  }
  if (found >= 0) {
    if (size > 0) {
      book.size[found] = size;
      return;
    }
    for (int i = 0; i < kBookLevels - 1; ++i) {
#pragma HLS UNROLL
      if (i >= found) {
        book.price[i] = book.price[i + 1];
        book.size[i] = book.size[i + 1];
      }
    }
    book.price[kBookLevels - 1] = 0;
    book.size[kBookLevels - 1] = 0;
    --book.count;
    return;
  }
  if (size == 0 || rank >= kBookLevels) return;
  for (int i = kBookLevels - 1; i > 0; --i) {
#pragma HLS UNROLL
    if (i > rank) {
      book.price[i] = book.price[i - 1];
      book.size[i] = book.size[i - 1];
    }
  }
  book.price[rank] = price;
  book.size[rank] = size;
  if (book.count < kBookLevels) ++book.count;
}

struct BookTop {
  bool has_bid;
  bool has_ask;
  Price best_bid;
  Price best_ask;
  Size bid_size;
  Size ask_size;
};

constexpr BookTop book_top(const SideBook& bids, const SideBook& asks) {
  return {bids.count > 0, asks.count > 0, bids.price[0], asks.price[0], bids.size[0], asks.size[0]};
}

constexpr bool is_crossed(const BookTop& top) {
  return top.has_bid && top.has_ask && top.best_bid >= top.best_ask;
}

// Both sides present and not crossed.
constexpr bool is_two_sided(const BookTop& top) { return top.has_bid && top.has_ask && !is_crossed(top); }

constexpr Price mid_price(const BookTop& top) { return (top.best_bid + top.best_ask) >> 1; }

// bid + (ask - bid) * w, w = bid_size / (bid_size + ask_size) at Q16 (arith::ratio), floored:
// the size-weighted microprice leans toward the side with less size.
constexpr Price microprice(const BookTop& top) {
  const std::uint64_t bs = static_cast<std::uint64_t>(top.bid_size);
  const std::uint64_t w = arith::ratio(bs, bs + static_cast<std::uint64_t>(top.ask_size), 16);
  const auto spread = static_cast<std::uint64_t>(top.best_ask - top.best_bid);
  return top.best_bid + static_cast<Price>((spread * w) >> 16);
}

// What the book stage reports besides the top: sizes resting within `band_bps` of mid, and the
// imbalance (bid - ask) / (bid + ask) of that depth at Q15, sign-magnitude floored.
struct BookStats {
  BookTop top;
  Price mid;
  Price microprice;
  Size depth_bid;
  Size depth_ask;
  std::int32_t imbalance_q15;
};

constexpr BookStats book_stats(const SideBook& bids, const SideBook& asks, std::uint16_t band_bps) {
  BookStats s{};
  s.top = book_top(bids, asks);
  if (!is_two_sided(s.top)) return s;
  s.mid = mid_price(s.top);
  s.microprice = microprice(s.top);
  const auto band = static_cast<Price>(arith::div_pow10(static_cast<std::uint64_t>(s.mid) * band_bps, 4));
  for (int i = 0; i < kBookLevels; ++i) {
#pragma HLS UNROLL
    if (i < bids.count && bids.price[i] >= s.mid - band) s.depth_bid += bids.size[i];
    if (i < asks.count && asks.price[i] <= s.mid + band) s.depth_ask += asks.size[i];
  }
  const std::uint64_t total = static_cast<std::uint64_t>(s.depth_bid) + static_cast<std::uint64_t>(s.depth_ask);
  if (total > 0) {
    const bool bid_heavy = s.depth_bid >= s.depth_ask;
    const auto diff = static_cast<std::uint64_t>(bid_heavy ? s.depth_bid - s.depth_ask : s.depth_ask - s.depth_bid);
    const auto mag = static_cast<std::int32_t>(arith::ratio(diff, total, 15));
    s.imbalance_q15 = bid_heavy ? mag : -mag;
  }
  return s;
}

}  // namespace hlmm
