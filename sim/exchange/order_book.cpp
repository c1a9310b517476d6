#include "exchange/order_book.hpp"

#include <algorithm>

namespace hlmm::exchange {

template <class Side>
void OrderBook::match_side(Side& side, const hl::Address& taker, bool taker_is_buy, Price limit,
                           Size& left, const MakerRoom& room, std::vector<MatchStep>& steps) {
  while (left > 0 && !side.empty()) {
    auto level = side.begin();
    const bool price_ok = taker_is_buy ? level->first <= limit : level->first >= limit;
    if (!price_ok) break;
    Queue& queue = level->second;
    while (left > 0 && !queue.empty()) {
      RestingOrder& maker = queue.front();
      if (maker.user == taker) {
        steps.push_back({maker, 0, MatchStep::Kind::kSelfTrade});
        index_.erase(maker.oid);
        queue.pop_front();
        continue;
      }
      const Size want = std::min(left, maker.size);
      const Size traded = std::clamp<Size>(room(maker, want), 0, want);
      if (traded > 0) {
        steps.push_back({maker, traded, MatchStep::Kind::kTrade});
        left -= traded;
        maker.size -= traded;
      }
      if (traded < want) {
        steps.push_back({maker, 0, MatchStep::Kind::kNoRoom});
        maker.size = 0;
      }
      if (maker.size == 0) {
        index_.erase(maker.oid);
        queue.pop_front();
      }
    }
    if (queue.empty()) side.erase(level);
  }
}

std::vector<MatchStep> OrderBook::match(const hl::Address& taker, bool taker_is_buy, Price limit, Size size,
                                        const MakerRoom& room) {
  std::vector<MatchStep> steps;
  Size left = size;
  if (taker_is_buy) {
    match_side(asks_, taker, true, limit, left, room, steps);
  } else {
    match_side(bids_, taker, false, limit, left, room, steps);
  }
  return steps;
}

bool OrderBook::crosses(bool is_buy, Price price) const {
  if (is_buy) return !asks_.empty() && asks_.begin()->first <= price;
  return !bids_.empty() && bids_.begin()->first >= price;
}

void OrderBook::add(const RestingOrder& order) {
  Queue& q = order.is_buy ? bids_[order.price] : asks_[order.price];
  // Merged outcome books (protocol.md §6): at one price, resting sells queue ahead of the other
  // side's buys shown there, time priority within each. A perp level holds one kind only, so for
  // perps this is plain time priority.
  auto at = q.end();
  if (!order.sent_as_buy()) at = std::find_if(q.begin(), q.end(), [](const RestingOrder& o) { return o.sent_as_buy(); });
  const Queue::iterator it = q.insert(at, order);
  index_[order.oid] = Where{order.is_buy, order.price, it};
}

std::optional<RestingOrder> OrderBook::remove(std::uint64_t oid) {
  const auto found = index_.find(oid);
  if (found == index_.end()) return std::nullopt;
  const Where where = found->second;
  index_.erase(found);
  RestingOrder order = *where.it;
  auto drop = [&](auto& side) {
    auto level = side.find(where.price);
    level->second.erase(where.it);
    if (level->second.empty()) side.erase(level);
  };
  if (where.is_buy) {
    drop(bids_);
  } else {
    drop(asks_);
  }
  return order;
}

const RestingOrder* OrderBook::find(std::uint64_t oid) const {
  const auto found = index_.find(oid);
  return found == index_.end() ? nullptr : &*found->second.it;
}

std::optional<Price> OrderBook::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return bids_.begin()->first;
}

std::optional<Price> OrderBook::best_ask() const {
  if (asks_.empty()) return std::nullopt;
  return asks_.begin()->first;
}

std::vector<BookLevel> OrderBook::levels(bool bids, std::size_t depth) const {
  std::vector<BookLevel> out;
  auto collect = [&](const auto& side) {
    for (const auto& [price, queue] : side) {
      if (out.size() == depth) break;
      BookLevel level{price, 0, 0};
      for (const auto& o : queue) {
        level.size += o.size;
        ++level.orders;
      }
      out.push_back(level);
    }
  };
  if (bids) {
    collect(bids_);
  } else {
    collect(asks_);
  }
  return out;
}

}  // namespace hlmm::exchange
