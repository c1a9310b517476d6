// One asset's limit order book at order level (L3): price-time priority, self-trade prevention by
// expiring the resting order (Hyperliquid's "expire maker", protocol.md §7). It knows nothing of
// accounts, fees or validation: exchange.cpp decides what may enter and settles what matched.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "exchange/exchange_types.hpp"
#include "hyperliquid/actions.hpp"

namespace hlmm::exchange {

struct RestingOrder {
  hl::Address user;
  std::uint32_t asset = 0;
  std::uint64_t oid = 0;
  std::optional<hl::Cloid> cloid;
  bool is_buy = false;
  Price price = 0;
  Size size = 0;       // remaining
  Size orig_size = 0;
  bool reduce_only = false;
  std::uint64_t timestamp_ms = 0;
  hl::Tif tif = hl::Tif::kGtc;  // only for /info orderStatus: the book never looks at it
  // Outcomes: the order was sent on the No side and rests here as its Yes-book equivalent
  // (`is_buy` and `price` are on the Yes book; the No order is the opposite side at 1 - price).
  bool no_side = false;
  bool sent_as_buy() const { return is_buy != no_side; }
};

// One step of a match: `size` traded against `maker` (a copy taken before the fill), or the maker
// (what was left of it) left the book without trading: it belonged to the taker (kSelfTrade), or
// the match had no room for it (kNoRoom: a reduce-only order that would grow the position).
struct MatchStep {
  enum class Kind : std::uint8_t { kTrade, kSelfTrade, kNoRoom };
  RestingOrder maker;
  Size size = 0;
  Kind kind = Kind::kTrade;
};

// How much of a maker may trade now, given the size the match wants from it (the result is
// clamped to [0, want]). Called for every maker in execution order and the book trades exactly
// what it returns, so the caller can follow each owner's position through the match.
using MakerRoom = std::function<Size(const RestingOrder& maker, Size want)>;

struct BookLevel {
  Price price = 0;
  Size size = 0;
  std::uint32_t orders = 0;
};

class OrderBook {
 public:
  // Takes liquidity for a taker on `taker_is_buy`'s side, up to `size`, at prices no worse than
  // `limit`. Fully filled makers leave the book; a maker given less room than the match wants
  // trades that much and its rest leaves the book too. Returns the steps in execution order.
  std::vector<MatchStep> match(const hl::Address& taker, bool taker_is_buy, Price limit, Size size,
                               const MakerRoom& room);

  // True when an order at `price` on `is_buy`'s side would trade immediately.
  bool crosses(bool is_buy, Price price) const;

  void add(const RestingOrder& order);  // at the back of its level
  std::optional<RestingOrder> remove(std::uint64_t oid);
  const RestingOrder* find(std::uint64_t oid) const;

  std::optional<Price> best_bid() const;
  std::optional<Price> best_ask() const;
  // Aggregated levels, best first, at most `depth` per side.
  std::vector<BookLevel> levels(bool bids, std::size_t depth) const;
  std::size_t order_count() const { return index_.size(); }

  template <class F>
  void for_each(F&& visit) const {
    for (const auto& [price, queue] : bids_) for (const auto& o : queue) visit(o);
    for (const auto& [price, queue] : asks_) for (const auto& o : queue) visit(o);
  }

 private:
  using Queue = std::list<RestingOrder>;
  struct Where {
    bool is_buy;
    Price price;
    Queue::iterator it;
  };
  template <class Side>
  void match_side(Side& side, const hl::Address& taker, bool taker_is_buy, Price limit, Size& left,
                  const MakerRoom& room, std::vector<MatchStep>& steps);

  std::map<Price, Queue, std::greater<>> bids_;
  std::map<Price, Queue, std::less<>> asks_;
  std::unordered_map<std::uint64_t, Where> index_;
};

}  // namespace hlmm::exchange
