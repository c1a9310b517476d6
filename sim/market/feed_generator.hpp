// A deterministic stream of MarketEvents for many assets: a book of `depth` levels per side
// around a mid that random-walks in ticks, with level churn, public trades, our own fills,
// funding and timers in configurable shares. Same seed, same stream, on every machine.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "hlmm/records.hpp"

namespace hlmm::sim {

struct FeedMix {
  // Shares of each record kind; they need not sum to one (they are normalized).
  double level = 0.90;
  double trade = 0.04;
  double fill = 0.02;
  double funding = 0.02;
  double timer = 0.02;
  double mid_move = 0.05;  // of level records: a one-tick move of the mid (two records)
};

struct FeedConfig {
  int assets = 32;
  int depth = 20;               // levels per side in the generated book (may exceed N)
  Price start_mid = 3000 * kPriceScale;
  Price tick = kPriceScale / 10;  // 0.1: a valid 5-significant-figure tick around 3000
  Size lot = kSizeScale / 100;    // 0.01
  std::uint64_t start_ns = 1'700'000'000'000'000'000ull;
  std::uint64_t mean_gap_ns = 1'000;
  std::uint64_t seed = 1;
  FeedMix mix{};
};

class FeedGenerator {
 public:
  explicit FeedGenerator(const FeedConfig& config);

  // Clear of both sides, then every level, the last one flagged end-of-snapshot.
  std::vector<MarketEvent> snapshot(std::uint8_t asset);
  // Snapshots of every asset.
  std::vector<MarketEvent> snapshots();
  // The next record(s) of the mix; a mid move yields two records, so this appends to `out`.
  void next(std::vector<MarketEvent>& out);

  Price mid(std::uint8_t asset) const { return books_[asset].mid; }

 private:
  struct Book {
    Price mid;
    std::vector<Size> bid_size;  // level k (1-based) sits at mid - k * tick
    std::vector<Size> ask_size;  // level k sits at mid + k * tick
    std::uint32_t seq = 0;
  };

  MarketEvent make(std::uint8_t asset, EventKind kind, Side side, Price price, Size size, std::uint8_t flags = 0);
  Size random_size();

  FeedConfig cfg_;
  std::mt19937_64 rng_;
  std::discrete_distribution<int> kind_;
  std::vector<Book> books_;
  std::uint64_t now_ns_;
};

}  // namespace hlmm::sim
