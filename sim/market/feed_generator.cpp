#include "market/feed_generator.hpp"

namespace hlmm::sim {
namespace {
enum Pick { kLevel = 0, kTrade, kFill, kFunding, kTimer };
}

FeedGenerator::FeedGenerator(const FeedConfig& config)
    : cfg_(config),
      rng_(config.seed),
      kind_({config.mix.level, config.mix.trade, config.mix.fill, config.mix.funding, config.mix.timer}),
      books_(static_cast<std::size_t>(config.assets)),
      now_ns_(config.start_ns) {
  for (auto& b : books_) {
    // Spread the assets' mids a little so they do not move in lockstep.
    b.mid = cfg_.start_mid + static_cast<Price>(rng_() % 1000) * cfg_.tick;
    b.bid_size.assign(static_cast<std::size_t>(cfg_.depth) + 1, 0);
    b.ask_size.assign(static_cast<std::size_t>(cfg_.depth) + 1, 0);
    for (int k = 1; k <= cfg_.depth; ++k) {
      b.bid_size[static_cast<std::size_t>(k)] = random_size();
      b.ask_size[static_cast<std::size_t>(k)] = random_size();
    }
  }
}

Size FeedGenerator::random_size() { return cfg_.lot * static_cast<Size>(1 + rng_() % 500); }

MarketEvent FeedGenerator::make(std::uint8_t asset, EventKind kind, Side side, Price price, Size size,
                                std::uint8_t flags) {
  now_ns_ += 1 + rng_() % (2 * cfg_.mean_gap_ns);
  return MarketEvent{kind, asset, side, flags, books_[asset].seq++, price, size, now_ns_};
}

std::vector<MarketEvent> FeedGenerator::snapshot(std::uint8_t asset) {
  std::vector<MarketEvent> out;
  Book& b = books_[asset];
  out.push_back(make(asset, EventKind::kBookClear, Side::kBoth, 0, 0));
  for (int k = 1; k <= cfg_.depth; ++k) {
    out.push_back(make(asset, EventKind::kBookLevel, Side::kBid, b.mid - k * cfg_.tick, b.bid_size[static_cast<std::size_t>(k)]));
    out.push_back(make(asset, EventKind::kBookLevel, Side::kAsk, b.mid + k * cfg_.tick, b.ask_size[static_cast<std::size_t>(k)]));
  }
  out.back().flags |= kFlagEndOfSnapshot;
  return out;
}

std::vector<MarketEvent> FeedGenerator::snapshots() {
  std::vector<MarketEvent> out;
  for (int a = 0; a < cfg_.assets; ++a) {
    const auto s = snapshot(static_cast<std::uint8_t>(a));
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

void FeedGenerator::next(std::vector<MarketEvent>& out) {
  const auto asset = static_cast<std::uint8_t>(rng_() % static_cast<std::uint64_t>(cfg_.assets));
  Book& b = books_[asset];
  const auto depth = static_cast<std::size_t>(cfg_.depth);
  switch (kind_(rng_)) {
    case kLevel: {
      if (std::bernoulli_distribution(cfg_.mix.mid_move)(rng_)) {
        // Shift the whole ladder one tick, keeping the book uncrossed: drop the level the mid
        // moves onto, add the new level on the other side.
        const bool up = rng_() & 1;
        auto& gone = up ? b.ask_size : b.bid_size;
        auto& grown = up ? b.bid_size : b.ask_size;
        const Price gone_px = up ? b.mid + cfg_.tick : b.mid - cfg_.tick;
        out.push_back(make(asset, EventKind::kBookLevel, up ? Side::kAsk : Side::kBid, gone_px, 0));
        b.mid += up ? cfg_.tick : -cfg_.tick;
        for (std::size_t k = 1; k < depth; ++k) gone[k] = gone[k + 1];
        gone[depth] = 0;  // the far level is unknown until updated
        for (std::size_t k = depth; k > 1; --k) grown[k] = grown[k - 1];
        grown[1] = random_size();
        out.push_back(make(asset, EventKind::kBookLevel, up ? Side::kBid : Side::kAsk,
                           up ? b.mid - cfg_.tick : b.mid + cfg_.tick, grown[1], kFlagEndOfBatch));
        return;
      }
      const bool bid = rng_() & 1;
      const auto k = static_cast<std::size_t>(1 + rng_() % depth);
      auto& sizes = bid ? b.bid_size : b.ask_size;
      sizes[k] = (rng_() % 10 == 0) ? 0 : random_size();
      const Price px = bid ? b.mid - static_cast<Price>(k) * cfg_.tick : b.mid + static_cast<Price>(k) * cfg_.tick;
      out.push_back(make(asset, EventKind::kBookLevel, bid ? Side::kBid : Side::kAsk, px, sizes[k]));
      return;
    }
    case kTrade: {
      const bool buy = rng_() & 1;
      out.push_back(make(asset, EventKind::kTrade, buy ? Side::kBid : Side::kAsk,
                         buy ? b.mid + cfg_.tick : b.mid - cfg_.tick, random_size()));
      return;
    }
    case kFill: {
      const bool bid = rng_() & 1;
      out.push_back(make(asset, EventKind::kFill, bid ? Side::kBid : Side::kAsk,
                         bid ? b.mid - cfg_.tick : b.mid + cfg_.tick, cfg_.lot));
      return;
    }
    case kFunding: {
      // Cash funding of a few bps of the mid per hour, either sign.
      const auto bps = static_cast<Price>(rng_() % 21) - 10;
      out.push_back(make(asset, EventKind::kFunding, Side::kBid, b.mid / 10'000 * bps / 10, 0));
      return;
    }
    default:
      out.push_back(make(asset, EventKind::kTimer, Side::kBid, 0, 0));
      return;
  }
}

}  // namespace hlmm::sim
