// The book stage against a plain std::map book truncated to the same top N: 10^6 random level
// updates over 32 assets, every output compared at every step.
#include "hlmm/book.hpp"

#include <functional>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace hlmm {
namespace {

struct ReferenceBook {
  std::map<Price, Size, std::greater<>> bids;
  std::map<Price, Size> asks;

  template <typename Map>
  static void apply(Map& m, Price p, Size s) {
    if (s == 0) {
      m.erase(p);
      return;
    }
    if (m.count(p) == 0 && static_cast<int>(m.size()) == kBookLevels) {
      // Full: a level worse than all kept is outside the top N, else the worst is dropped.
      if (!m.key_comp()(p, std::prev(m.end())->first)) return;
      m.erase(std::prev(m.end()));
    }
    m[p] = s;
  }
};

// The statistics by their definitions, with plain integer division.
BookStats reference_stats(const ReferenceBook& r, std::uint16_t band_bps) {
  BookStats s{};
  s.top.has_bid = !r.bids.empty();
  s.top.has_ask = !r.asks.empty();
  if (s.top.has_bid) s.top = {true, s.top.has_ask, r.bids.begin()->first, 0, r.bids.begin()->second, 0};
  if (s.top.has_ask) {
    s.top.best_ask = r.asks.begin()->first;
    s.top.ask_size = r.asks.begin()->second;
  }
  if (!s.top.has_bid || !s.top.has_ask) return s;
  const Price bb = s.top.best_bid, ba = s.top.best_ask;
  if (bb >= ba) return s;
  s.mid = (bb + ba) / 2;
  const auto bs = static_cast<std::uint64_t>(s.top.bid_size), as = static_cast<std::uint64_t>(s.top.ask_size);
  int excess = 0;
  while (((bs + as) >> excess) >= (1ull << 32)) ++excess;
  const std::uint64_t w = ((bs >> excess) << 16) / ((bs + as) >> excess);
  s.microprice = bb + static_cast<Price>((static_cast<std::uint64_t>(ba - bb) * w) >> 16);
  const Price band = s.mid * band_bps / 10'000;
  for (const auto& [p, sz] : r.bids) if (p >= s.mid - band) s.depth_bid += sz;
  for (const auto& [p, sz] : r.asks) if (p <= s.mid + band) s.depth_ask += sz;
  return s;
}

TEST(Book, MillionRandomUpdatesMatchAReferenceBook) {
  constexpr int kAssets = 32;
  constexpr std::uint16_t kBand = 25;
  std::vector<SideBook> bids(kAssets), asks(kAssets);
  std::vector<ReferenceBook> ref(kAssets);
  for (int a = 0; a < kAssets; ++a) {
    clear_side(bids[a]);
    clear_side(asks[a]);
  }
  std::mt19937_64 rng(2024);
  const Price tick = kPriceScale / 10;
  const Price centre = 3000 * kPriceScale;
  for (int step = 0; step < 1'000'000; ++step) {
    const int a = static_cast<int>(rng() % kAssets);
    const bool bid = rng() & 1;
    // Mostly a side's own half of a 64-tick ladder; sometimes across it, so books do cross.
    const auto k = static_cast<Price>(rng() % 40);
    const Price p = bid ? centre - (k - 4) * tick : centre + (k - 4) * tick;
    const Size s = rng() % 5 == 0 ? 0 : static_cast<Size>(1 + rng() % (1ull << (8 + rng() % 40)));
    apply_level(bid ? bids[a] : asks[a], bid ? Side::kBid : Side::kAsk, p, s);
    if (bid) ReferenceBook::apply(ref[a].bids, p, s); else ReferenceBook::apply(ref[a].asks, p, s);
    if (rng() % 50'000 == 0) {  // occasional clears keep the books from saturating
      clear_side(bids[a]);
      ref[a].bids.clear();
    }

    const BookStats got = book_stats(bids[a], asks[a], kBand);
    const BookStats want = reference_stats(ref[a], kBand);
    ASSERT_EQ(bids[a].count, ref[a].bids.size()) << "step " << step;
    ASSERT_EQ(asks[a].count, ref[a].asks.size()) << "step " << step;
    ASSERT_EQ(got.top.has_bid, want.top.has_bid);
    ASSERT_EQ(got.top.has_ask, want.top.has_ask);
    if (want.top.has_bid) {
      ASSERT_EQ(got.top.best_bid, want.top.best_bid) << "step " << step;
      ASSERT_EQ(got.top.bid_size, want.top.bid_size);
    }
    if (want.top.has_ask) {
      ASSERT_EQ(got.top.best_ask, want.top.best_ask) << "step " << step;
      ASSERT_EQ(got.top.ask_size, want.top.ask_size);
    }
    ASSERT_EQ(got.mid, want.mid) << "step " << step;
    ASSERT_EQ(got.microprice, want.microprice) << "step " << step;
    ASSERT_EQ(got.depth_bid, want.depth_bid) << "step " << step;
    ASSERT_EQ(got.depth_ask, want.depth_ask) << "step " << step;
  }
}

TEST(Book, ImbalanceSignAndScale) {
  SideBook b{}, a{};
  apply_level(b, Side::kBid, 100 * kPriceScale, 3 * kSizeScale);
  apply_level(a, Side::kAsk, 101 * kPriceScale, 1 * kSizeScale);
  const BookStats s = book_stats(b, a, 10'000);
  EXPECT_EQ(s.imbalance_q15, 1 << 14);  // (3 - 1) / (3 + 1) = 0.5
  const BookStats t = book_stats(b, a, 10'000);
  EXPECT_GT(t.microprice, t.mid);  // more size bid: microprice leans to the ask
  SideBook b2{}, a2{};
  apply_level(b2, Side::kBid, 100 * kPriceScale, 1 * kSizeScale);
  apply_level(a2, Side::kAsk, 101 * kPriceScale, 3 * kSizeScale);
  EXPECT_EQ(book_stats(b2, a2, 10'000).imbalance_q15, -(1 << 14));
}

TEST(Book, FullBookDropsTheWorstAndIgnoresWorseLevels) {
  SideBook b{};
  for (int i = 0; i < kBookLevels; ++i) apply_level(b, Side::kBid, (100 + i) * kPriceScale, 1);
  ASSERT_EQ(b.count, kBookLevels);
  apply_level(b, Side::kBid, 50 * kPriceScale, 7);  // worse than all: outside the top N
  EXPECT_EQ(b.price[kBookLevels - 1], 100 * kPriceScale);
  apply_level(b, Side::kBid, 500 * kPriceScale, 9);  // new best: the worst falls off
  EXPECT_EQ(b.price[0], 500 * kPriceScale);
  EXPECT_EQ(b.price[kBookLevels - 1], 101 * kPriceScale);
  apply_level(b, Side::kBid, 500 * kPriceScale, 0);
  EXPECT_EQ(b.count, kBookLevels - 1);
  EXPECT_EQ(b.price[0], (100 + kBookLevels - 1) * kPriceScale);
}

}  // namespace
}  // namespace hlmm
